import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n';

/** A one-click switch between 中文 and English; shows the language it switches to, in that language. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { language, setLanguage, t } = useI18n();
  const target = language === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      onClick={() => setLanguage(target)}
      aria-label={t('lang.switchTo')}
      title={t('lang.switchTo')}
      lang={target}
      data-testid="language-switch"
    >
      {compact ? (target === 'en' ? 'EN' : '中') : t(`lang.${target}`)}
    </Button>
  );
}
