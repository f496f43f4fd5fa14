import { CheckCircleOutlined } from '@ant-design/icons';
import { Button, Card, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { Role } from '../../api/types';
import { useCurrentUser } from '../../auth/current-user';
import { PageHeading } from '../../components/PageHeading';
import { useI18n, type MessageKey } from '../../i18n';
import { greetingKey } from './greeting';

/** What each console will hold (issue 7). Shown as a plan, never with made-up data. */
const PLANNED: Record<Exclude<Role, 'consumer'>, MessageKey[]> = {
  merchant: ['console.merchant.3'],
  agent: ['console.agent.3'],
  handler: ['console.handler.3'],
  reviewer: [],
  supervisor: ['console.supervisor.2'],
  admin: ['console.admin.3', 'console.admin.5'],
};

/** What is open already: the merchant's inbox, the staff queues, the dashboard, the admin console. */
const OPEN: Partial<Record<Role, { to: string; titleKey: MessageKey; items: MessageKey[] }>> = {
  merchant: { to: '/inbox', titleKey: 'nav.inbox', items: ['console.merchant.1', 'console.merchant.2'] },
  agent: { to: '/queue', titleKey: 'nav.queue', items: ['console.agent.1', 'console.agent.2'] },
  handler: { to: '/queue', titleKey: 'nav.queue', items: ['console.handler.1', 'console.handler.2'] },
  reviewer: { to: '/queue', titleKey: 'nav.queue', items: ['console.reviewer.1', 'console.reviewer.2'] },
  supervisor: { to: '/dashboard', titleKey: 'nav.dashboard', items: ['console.supervisor.1'] },
  admin: {
    to: '/admin/users',
    titleKey: 'nav.users',
    items: ['console.admin.1', 'console.admin.2', 'console.admin.4'],
  },
};

/** The home of merchants and staff: who you are, the consoles that are open, and what is still to come. */
export default function ConsoleHome() {
  const user = useCurrentUser();
  const { t } = useI18n();
  const role = t(`role.${user.role}`);
  const planned = user.role === 'consumer' ? [] : PLANNED[user.role];
  const open = OPEN[user.role];
  const navigate = useNavigate();
  const context = [role, user.tenantName, user.merchantName].filter(Boolean).join(' · ');

  return (
    <>
      <PageHeading
        title={t(greetingKey(new Date().getHours()), { name: user.displayName })}
        subtitle={context}
        documentTitle={t('nav.home')}
      />
      {open ? (
        <Card
          className="section-gap"
          title={<h2 className="card-heading">{t(open.titleKey)}</h2>}
          extra={
            <Button type="primary" onClick={() => void navigate(open.to)}>
              {t('console.enter')}
            </Button>
          }
        >
          <ul className="planned-list">
            {open.items.map((key) => (
              <li key={key}>
                <CheckCircleOutlined aria-hidden className="planned-list__icon" />
                <span>{t(key)}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      {planned.length === 0 ? null : (
        <Card
          className="section-gap"
          title={<h2 className="card-heading">{t('console.title', { role })}</h2>}
          extra={<Tag color="gold">{t('common.laterRelease')}</Tag>}
        >
          <Typography.Paragraph type="secondary">{t('console.notice')}</Typography.Paragraph>
          <h3 className="subheading">{t('console.willHold')}</h3>
          <ul className="planned-list">
            {planned.map((key) => (
              <li key={key}>
                <CheckCircleOutlined aria-hidden className="planned-list__icon" />
                <span>{t(key)}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
