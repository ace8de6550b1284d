import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { HOME_PATH } from '../app/nav';

export function NotFoundPage() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="没有这个页面"
      subTitle="请从左侧导航进入需要的功能。"
      extra={
        <Button type="primary" onClick={() => void navigate(HOME_PATH)}>
          回到首页
        </Button>
      }
    />
  );
}
