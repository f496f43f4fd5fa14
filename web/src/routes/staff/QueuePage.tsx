import { ThunderboltFilled } from '@ant-design/icons';
import { Tabs, Tag, type TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import type { CaseSummary, Queue } from '../../api/cases';
import type { Role } from '../../api/types';
import { useCurrentUser } from '../../auth/current-user';
import { CaseTable } from '../../components/case/CaseTable';
import { categoryLabel, stageColor, stageLabel } from '../../components/case/labels';
import { PageHeading } from '../../components/PageHeading';
import { useI18n, type Language, type MessageKey, type Translate } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';
import { formatFen } from '../../lib/money';

const WORK_QUEUES: Queue[] = ['new', 'due_soon', 'breached', 'mine', 'appeals'];
const ALL_QUEUES: Queue[] = ['open', 'all'];

/** Where each role starts: agents at intake, reviewers at appeals, handlers at their own cases. */
const DEFAULT_QUEUE: Partial<Record<Role, Queue>> = { agent: 'new', handler: 'mine', reviewer: 'appeals' };

export function staffColumns(
  t: Translate,
  language: Language,
  userId: string,
): TableColumnsType<CaseSummary> {
  return [
    {
      key: 'number',
      title: t('queue.col.number'),
      dataIndex: 'number',
      render: (number: string, c) => (
        <Link to={`/cases/${c.id}`} className="mono">
          {number}
        </Link>
      ),
    },
    { key: 'title', title: t('queue.col.title'), dataIndex: 'title', ellipsis: true, width: 260 },
    {
      key: 'category',
      title: t('queue.col.category'),
      dataIndex: 'category',
      render: (category: string) => categoryLabel(t, category),
    },
    {
      key: 'stage',
      title: t('queue.col.stage'),
      dataIndex: 'stage',
      render: (stage: string) => <Tag color={stageColor(stage)}>{stageLabel(t, stage)}</Tag>,
    },
    {
      key: 'amount',
      title: t('queue.col.amount'),
      dataIndex: 'requestedAmountFen',
      align: 'right',
      render: (fen: string) => formatFen(fen),
    },
    {
      key: 'flags',
      title: t('queue.col.flags'),
      render: (_: unknown, c) => (
        <>
          {c.fastTrack ? (
            <Tag color="volcano" icon={<ThunderboltFilled aria-hidden />}>
              {t('case.fastTrack')}
            </Tag>
          ) : null}
          {c.urgent ? <Tag color="red">{t('case.urgent')}</Tag> : null}
        </>
      ),
    },
    {
      key: 'created',
      title: t('queue.col.created'),
      dataIndex: 'createdAt',
      render: (iso: string) => formatDateTime(iso, language),
    },
    {
      key: 'assignee',
      title: t('queue.col.assignee'),
      dataIndex: 'assigneeId',
      render: (id: string | null) =>
        id === userId ? (
          <Tag color="blue">{t('assign.me')}</Tag>
        ) : id ? (
          t('assign.other')
        ) : (
          <span className="muted-small">{t('assign.none')}</span>
        ),
    },
  ];
}

function QueueTabs({
  queues,
  titleKey,
  subtitleKey,
}: {
  queues: Queue[];
  titleKey: MessageKey;
  subtitleKey: MessageKey;
}) {
  const { t, language } = useI18n();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const requested = params.get('q') as Queue | null;
  const active =
    requested && queues.includes(requested)
      ? requested
      : (queues.find((q) => q === DEFAULT_QUEUE[user.role]) ?? queues[0]!);
  const columns = staffColumns(t, language, user.id);
  return (
    <>
      <PageHeading title={t(titleKey)} subtitle={t(subtitleKey)} />
      <section className="surface section-gap queue">
        <Tabs
          activeKey={active}
          onChange={(key) => setParams({ q: key }, { replace: true })}
          items={queues.map((queue) => ({
            key: queue,
            label: t(`queue.${queue}`),
            children: (
              <CaseTable
                queue={queue}
                columns={columns}
                hrefFor={(c) => `/cases/${c.id}`}
                testId={`queue-${queue}`}
              />
            ),
          }))}
          destroyOnHidden
        />
      </section>
    </>
  );
}

/** 工作队列: new, due soon, breached, mine, appeals. */
export default function QueuePage() {
  return <QueueTabs queues={WORK_QUEUES} titleKey="queue.title" subtitleKey="queue.subtitle" />;
}

/** 案件: every open case, or all of them. */
export function AllCasesPage() {
  return <QueueTabs queues={ALL_QUEUES} titleKey="cases.title" subtitleKey="cases.subtitle" />;
}
