import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { usePageTitle } from '../lib/use-page-title';

/** The page's one <h1>, an optional line under it and actions on the right; also sets the document title. */
export function PageHeading({
  title,
  subtitle,
  extra,
  documentTitle,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  extra?: ReactNode;
  documentTitle?: string;
}) {
  usePageTitle(documentTitle ?? (typeof title === 'string' ? title : undefined));
  return (
    <header className="page-heading">
      <div className="page-heading__text">
        <Typography.Title level={1} className="page-heading__title">
          {title}
        </Typography.Title>
        {subtitle ? (
          <Typography.Paragraph type="secondary" className="page-heading__subtitle">
            {subtitle}
          </Typography.Paragraph>
        ) : null}
      </div>
      {extra ? <div className="page-heading__extra">{extra}</div> : null}
    </header>
  );
}
