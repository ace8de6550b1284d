import type { ThemeConfig } from 'antd';

/** Government-service red as the primary colour; sizes for a clerk reading at arm's length. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#c8102e',
    colorLink: '#1d4ed8',
    fontSize: 15,
    borderRadius: 4,
    fontFamily:
      "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei', sans-serif",
  },
};
