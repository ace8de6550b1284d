import { Alert } from 'antd';

export function DemoConfigBanner() {
  return (
    <Alert
      className="demo-banner"
      type="warning"
      banner
      showIcon
      title="未指定配置文件，正在使用演示配置：办件编号以 DEMO 开头。请信息科按 README 配置。"
    />
  );
}
