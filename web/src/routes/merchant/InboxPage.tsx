import { ClockCircleOutlined } from '@ant-design/icons';
import { Tag, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import type { CaseSummary } from '../../api/cases';
import { CaseTable } from '../../components/case/CaseTable';
import {
  actionLabel,
  categoryLabel,
  deadlineKindLabel,
  kindLabel,
  remedyLabel,
  stageColor,
  stageLabel,
} from '../../components/case/labels';
import { currentDeadline, useCase } from '../../components/case/use-case';
import { PageHeading } from '../../components/PageHeading';
import { useI18n, type Language, type Translate } from '../../i18n';
import { formatDateTime, formatDeadline, timeUntil } from '../../lib/datetime';
import { formatFen } from '../../lib/money';

/** What the case asks of the merchant now: the allowed actions, or an open evidence request addressed to it. */
function AskedCell({ id }: { id: string }) {
  const { t } = useI18n();
  const { data: c } = useCase(id);
  if (!c) return <span className="muted-small">…</span>;
  const asked = c.allowedActions
    .map((a) => a.action)
    .filter((a) => a !== 'suspend')
    .map((a) => actionLabel(t, a));
  if (c.evidenceRequests.some((r) => r.requestedFrom === 'respondent' && r.status === 'open'))
    asked.push(t('inbox.evidenceAsked'));
  // Offers are made and answered through the offers endpoints, which allowedActions does not list.
  const open = c.offers.find((o) => o.status === 'open');
  if (c.stage === 'mediation' && !asked.includes(actionLabel(t, 'accept_offer')))
    asked.push(
      !open ? t('offers.make') : open.madeBy === 'respondent' ? t('offers.waiting') : t('offers.open'),
    );
  if (asked.length === 0) return <span className="muted-small">{t('inbox.nothingAsked')}</span>;
  return (
    <div className="inbox-asked" data-testid="inbox-asked">
      {c.viewer.state === 'your_move' ? <Tag color="orange">{t('myCases.yourMove')}</Tag> : null}
      <span>{asked.join(' / ')}</span>
    </div>
  );
}

function DeadlineCell({ id }: { id: string }) {
  const { t, language } = useI18n();
  const { data: c } = useCase(id);
  const d = c && !c.closedAt ? currentDeadline(c) : undefined;
  if (!d?.dueAt) return <span className="muted-small">—</span>;
  const { ms, days } = timeUntil(d.dueAt);
  const urgent = ms < 86_400_000 && d.owner === 'respondent';
  return (
    <span className={urgent ? 'deadline-cell is-urgent' : 'deadline-cell'}>
      <span className="muted-small deadline-cell__kind">{deadlineKindLabel(t, d.kind)}</span>
      <ClockCircleOutlined aria-hidden /> {formatDeadline(d.dueAt, language)}
      {ms > 0 && days < 1 ? (
        <Tag color="red" className="deadline-cell__tag">
          {t('queue.due_soon')}
        </Tag>
      ) : null}
      {ms <= 0 ? (
        <Tag color="red" className="deadline-cell__tag">
          {t('banner.overdue')}
        </Tag>
      ) : null}
    </span>
  );
}

function columns(t: Translate, language: Language): TableColumnsType<CaseSummary> {
  return [
    {
      key: 'number',
      title: t('queue.col.number'),
      dataIndex: 'number',
      render: (number: string, c) => (
        <Link to={`/inbox/${c.id}`} className="mono">
          {number}
        </Link>
      ),
    },
    {
      key: 'title',
      title: t('queue.col.title'),
      dataIndex: 'title',
      width: 240,
      render: (title: string, c) => (
        <div>
          <div className="inbox-title">{title}</div>
          <div className="muted-small">
            {kindLabel(t, c.kind)} · {categoryLabel(t, c.category)}
          </div>
        </div>
      ),
    },
    {
      key: 'requested',
      title: t('case.requested'),
      render: (_: unknown, c) => (
        <span>
          {remedyLabel(t, c.requestedRemedy)} <strong>{formatFen(c.requestedAmountFen)}</strong>
        </span>
      ),
    },
    {
      key: 'stage',
      title: t('queue.col.stage'),
      dataIndex: 'stage',
      render: (stage: string) => <Tag color={stageColor(stage)}>{stageLabel(t, stage)}</Tag>,
    },
    { key: 'asked', title: t('inbox.col.asked'), render: (_: unknown, c) => <AskedCell id={c.id} /> },
    { key: 'deadline', title: t('banner.dueBy'), render: (_: unknown, c) => <DeadlineCell id={c.id} /> },
    {
      key: 'created',
      title: t('queue.col.created'),
      dataIndex: 'createdAt',
      render: (iso: string) => formatDateTime(iso, language),
    },
  ];
}

/**
 * 案件收件箱: the cases against the merchant, each with what it asks of the merchant and by when. The list
 * rows do not carry whose move or the deadline, so each row reads its case (cached for the case page).
 */
export default function InboxPage() {
  const { t, language } = useI18n();
  return (
    <>
      <PageHeading title={t('inbox.title')} subtitle={t('inbox.subtitle')} />
      <section className="surface section-gap">
        <CaseTable
          queue="all"
          columns={columns(t, language)}
          hrefFor={(c) => `/inbox/${c.id}`}
          testId="inbox"
        />
      </section>
    </>
  );
}
