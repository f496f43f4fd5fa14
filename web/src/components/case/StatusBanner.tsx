import {
  CheckCircleFilled,
  ClockCircleFilled,
  ExclamationCircleFilled,
  PauseCircleFilled,
  SyncOutlined,
} from '@ant-design/icons';
import { Tag } from 'antd';
import { isParty, type CaseDetail, type Deadline, type TimelineEvent } from '../../api/cases';
import { useI18n, type Translate } from '../../i18n';
import { formatDateTime, formatDeadline, timeUntil } from '../../lib/datetime';
import { formatFen } from '../../lib/money';
import { messageOr } from '../../lib/message-or';
import { deadlineKindLabel, remedyLabel, stageColor, stageLabel } from './labels';
import { currentDeadline } from './use-case';

function headline(c: CaseDetail, t: Translate): string {
  const { state, as } = c.viewer;
  if (state === 'other_party_move')
    return t(isParty(as) ? `banner.other_party_move.${as}` : 'banner.other_party_move.staff');
  return t(`banner.${state}`);
}

function nextStep(c: CaseDetail, t: Translate): string {
  const base = messageOr(`nextStep.${c.stage}`, '', t);
  const audience = isParty(c.viewer.as) ? c.viewer.as : 'staff';
  return messageOr(`nextStep.${c.stage}.${audience}`, base, t);
}

function remaining(dueAt: string, t: Translate): string {
  const { ms, days, hours } = timeUntil(dueAt);
  if (ms <= 0) return t('banner.overdue');
  const time =
    days > 0
      ? t('duration.daysHours', { days, hours })
      : hours > 0
        ? t('duration.hours', { hours })
        : t('duration.minutes');
  return t('banner.remaining', { time });
}

/** The latest timeline event of an action (e.g. the merchant's counter-offer, the platform's supplement request). */
function latest(c: CaseDetail, action: string): TimelineEvent | undefined {
  return [...c.timeline].reverse().find((e) => e.action === action);
}

/** What the other side or the platform put on the table that the viewer is asked to answer now. */
function Context({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  if (c.stage === 'counter_offered') {
    const e = latest(c, 'counter_offer');
    if (!e) return null;
    const amount = e.details.amountFen;
    const remedy = typeof e.details.remedy === 'string' ? e.details.remedy : '';
    return (
      <div className="status-banner__context">
        {remedyLabel(t, remedy)}{' '}
        {typeof amount === 'string' || typeof amount === 'number' ? (
          <strong>{formatFen(amount)}</strong>
        ) : null}
        {typeof e.details.note === 'string' ? <div className="muted-small">{e.details.note}</div> : null}
      </div>
    );
  }
  if (c.stage === 'awaiting_supplement') {
    const missing = latest(c, 'request_supplement')?.details.missing;
    if (!Array.isArray(missing) || missing.length === 0) return null;
    return (
      <ul className="status-banner__context status-banner__list">
        {missing.map((item) => (
          <li key={String(item)}>{String(item)}</li>
        ))}
      </ul>
    );
  }
  return null;
}

function DeadlineLine({ deadline }: { deadline: Deadline }) {
  const { t, language } = useI18n();
  if (!deadline.dueAt) return null;
  const paused = deadline.pausedSince !== null;
  const overdue = new Date(deadline.dueAt).getTime() < Date.now();
  return (
    <div className="status-banner__deadline">
      <div className="status-banner__deadline-main">
        <ClockCircleFilled aria-hidden className={overdue ? 'is-overdue' : undefined} />{' '}
        <span>
          {t('banner.dueAt', {
            kind: deadlineKindLabel(t, deadline.kind),
            time: formatDeadline(deadline.dueAt, language),
          })}
        </span>
        {paused ? (
          <Tag className="status-banner__tag">{t('deadline.paused')}</Tag>
        ) : (
          <Tag color={overdue ? 'error' : 'blue'} className="status-banner__tag">
            {remaining(deadline.dueAt, t)}
          </Tag>
        )}
      </div>
      <div className="muted-small">
        {/* Step windows are counted in working days (the clause names them, e.g. "3个工作日"). */}
        {deadline.clause.includes('工作日') ? t('banner.workingDays') : null}
        {deadline.provisional ? ` ${t('banner.provisional')}` : null}
        {paused
          ? ` ${t('banner.paused.clock', { time: formatDateTime(deadline.pausedSince, language) })}`
          : null}
      </div>
    </div>
  );
}

const ICONS = {
  your_move: <ExclamationCircleFilled aria-hidden />,
  other_party_move: <SyncOutlined aria-hidden />,
  platform_move: <SyncOutlined aria-hidden />,
  paused: <PauseCircleFilled aria-hidden />,
  closed: <CheckCircleFilled aria-hidden />,
};

/** "Whose move, what happens next, by when" — the first thing on every case page, for every viewer. */
export function StatusBanner({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const deadline = c.closedAt ? undefined : currentDeadline(c);
  const step = nextStep(c, t);
  return (
    <section
      className={`status-banner status-banner--${c.viewer.state}`}
      aria-labelledby="status-banner-title"
      data-testid="status-banner"
    >
      <div className="status-banner__head">
        <span className="status-banner__icon">{ICONS[c.viewer.state]}</span>
        <h2 id="status-banner-title" className="status-banner__title">
          {headline(c, t)}
        </h2>
        <Tag color={stageColor(c.stage)} className="status-banner__stage" data-testid="case-stage">
          {stageLabel(t, c.stage)}
        </Tag>
      </div>
      {step ? (
        <p className="status-banner__next">
          <span className="visually-hidden">{t('banner.nextStep')}：</span>
          {step}
        </p>
      ) : null}
      <Context c={c} />
      {deadline ? <DeadlineLine deadline={deadline} /> : null}
    </section>
  );
}
