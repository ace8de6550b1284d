import type { ThemeConfig } from 'antd';

/** Government-service red as the primary colour; sizes for a clerk reading at arm's length. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#c8102e',
    colorLink: '#1d4ed8',
    fontSize: 15,
    borderRadius: 4,
    fontFamily:
      // 'Counter Rare Han' (global.css, resources/fonts/): the shipped fallback for rare characters
      // (CJK Ext. A–H) the fonts before it lack, so a name like 王𡒄 is never an empty box.
      "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei', 'Counter Rare Han', sans-serif",
  },
};
