import { ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { theme } from './theme';

/**
 * antd's theme and locale (zhCN / enUS, following the UI language). antd's <App> (message, modal,
 * notification) is mounted by the signed-in layout instead, to keep it out of the login entry chunk.
 */
export function AntdProvider({ children }: { children: ReactNode }) {
  const { language } = useI18n();
  return (
    <ConfigProvider locale={language === 'en' ? enUS : zhCN} theme={theme}>
      {children}
    </ConfigProvider>
  );
}
