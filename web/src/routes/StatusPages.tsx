import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n';
import { usePageTitle } from '../lib/use-page-title';

function StatusPage({ status, title, subTitle }: { status: '403' | '404'; title: string; subTitle: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  usePageTitle(title);
  return (
    <section className="surface">
      <Result
        status={status}
        title={<h1 className="result-heading">{title}</h1>}
        subTitle={subTitle}
        extra={
          <Button type="primary" onClick={() => void navigate('/')}>
            {t('common.backHome')}
          </Button>
        }
      />
    </section>
  );
}

/** A path that is no page of the app. */
export function NotFoundPage() {
  const { t } = useI18n();
  return <StatusPage status="404" title={t('page.notFound.title')} subTitle={t('page.notFound.subtitle')} />;
}

/** A page that exists, but not for this user's role. */
export function ForbiddenPage() {
  const { t } = useI18n();
  return (
    <StatusPage status="403" title={t('page.forbidden.title')} subTitle={t('page.forbidden.subtitle')} />
  );
}
