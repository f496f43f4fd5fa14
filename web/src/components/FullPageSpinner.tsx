import { Spin } from 'antd';
import { useI18n } from '../i18n';

/** A centred spinner for whole-page waits (session check, first chunk of a lazy route). */
export function FullPageSpinner({ inline = false }: { inline?: boolean }) {
  const { t } = useI18n();
  return (
    <div
      className={inline ? 'page-spinner page-spinner--inline' : 'page-spinner'}
      role="status"
      aria-live="polite"
    >
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}
