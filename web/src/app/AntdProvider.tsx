import { ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { useMemo, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { useMediaQuery } from '../lib/use-media-query';
import { theme } from './theme';

/**
 * antd's theme and locale (zhCN / enUS, following the UI language). antd's <App> (message, modal,
 * notification) is mounted by the signed-in layout instead, to keep it out of the login entry chunk.
 * Someone who asked their system for less motion (`prefers-reduced-motion`) gets antd without animations:
 * menus, dialogs and drawers appear at once.
 */
export function AntdProvider({ children }: { children: ReactNode }) {
  const { language } = useI18n();
  const reduceMotion = useMediaQuery('(prefers-reduced-motion: reduce)');
  const themed = useMemo(
    () => (reduceMotion ? { ...theme, token: { ...theme.token, motion: false } } : theme),
    [reduceMotion],
  );
  return (
    <ConfigProvider locale={language === 'en' ? enUS : zhCN} theme={themed}>
      {children}
    </ConfigProvider>
  );
}
