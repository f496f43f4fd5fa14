import type { ThemeConfig } from 'antd';

/**
 * Accord's antd theme. The primary blue is darker than antd's default so white-on-primary and
 * primary-on-white text both pass WCAG AA (about 5.6:1).
 */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f5fd6',
    colorLink: '#1f5fd6',
    colorBgLayout: '#f4f6f9',
    borderRadius: 8,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', headerHeight: 56, headerPadding: '0 16px', siderBg: '#ffffff' },
  },
};
