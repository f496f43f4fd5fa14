import { ToolOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { PageHeading } from '../components/PageHeading';
import { useI18n, type MessageKey } from '../i18n';

/** The honest placeholder for a console page that has not been built yet. */
export default function UnderConstructionPage({ labelKey }: { labelKey: MessageKey }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const page = t(labelKey);
  return (
    <>
      <PageHeading title={page} />
      <section className="surface section-gap">
        <Result
          icon={<ToolOutlined aria-hidden />}
          title={t('page.underConstruction.title')}
          subTitle={t('page.underConstruction.subtitle', { page })}
          extra={
            <Button type="primary" onClick={() => void navigate('/')}>
              {t('common.backHome')}
            </Button>
          }
        />
      </section>
    </>
  );
}
