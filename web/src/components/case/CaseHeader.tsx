import { LeftOutlined, ThunderboltFilled } from '@ant-design/icons';
import { Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { CaseDetail } from '../../api/cases';
import { useI18n } from '../../i18n';
import { usePageTitle } from '../../lib/use-page-title';
import { categoryLabel, kindLabel } from './labels';

/** The case page's heading: back link, title (the page's h1), number and the tags that matter. */
export function CaseHeader({ c, backTo, extra }: { c: CaseDetail; backTo: string; extra?: ReactNode }) {
  const { t } = useI18n();
  usePageTitle(`${c.number} ${c.title}`);
  return (
    <header className="case-header">
      <Link to={backTo} className="case-header__back">
        <LeftOutlined aria-hidden /> {t('case.back')}
      </Link>
      <div className="case-header__main">
        <div className="case-header__text">
          <Typography.Title level={1} className="case-header__title">
            {c.title}
          </Typography.Title>
          <div className="case-header__meta">
            <span className="muted-small" data-testid="case-number">
              {t('case.number', { number: c.number })}
            </span>
            <Tag>{kindLabel(t, c.kind)}</Tag>
            <Tag>{categoryLabel(t, c.category)}</Tag>
            {c.fastTrack ? (
              <Tag color="volcano" icon={<ThunderboltFilled aria-hidden />}>
                {t('case.fastTrack')}
              </Tag>
            ) : null}
            {c.urgent ? <Tag color="red">{t('case.urgent')}</Tag> : null}
          </div>
        </div>
        {extra ? <div className="case-header__extra">{extra}</div> : null}
      </div>
    </header>
  );
}
