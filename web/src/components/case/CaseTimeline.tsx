import { Empty, Timeline, type TimelineProps } from 'antd';
import type { TimelineEvent } from '../../api/cases';
import { useI18n, type Translate } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';
import { formatFen } from '../../lib/money';
import { enumLabel, eventLabel, evidenceTypeLabel, partyLabel, remedyLabel, stageLabel } from './labels';

const TEXT_KEYS = ['reason', 'reasons', 'text', 'agreement', 'note', 'comment', 'referralNote'] as const;
const NEGATIVE = new Set([
  'refuse_refund',
  'reject_counter_offer',
  'not_accept',
  'offer_rejected',
  'withdraw',
]);
const POSITIVE = new Set([
  'agree_refund',
  'accept_counter_offer',
  'accept_offer',
  'accept',
  'mark_executed',
  'uphold',
]);

function isAmount(value: unknown): value is string | number {
  return (
    (typeof value === 'string' && /^\d+$/.test(value)) ||
    (typeof value === 'number' && Number.isInteger(value))
  );
}

/** The few details of an event worth a line: the remedy and amount, a reason, what is missing… */
function detailLines(e: TimelineEvent, t: Translate): string[] {
  const d = e.details;
  const lines: string[] = [];
  const remedy = d.remedy ?? d.requestedRemedy;
  const amount = d.amountFen ?? d.requestedAmountFen;
  if (typeof remedy === 'string')
    lines.push(`${remedyLabel(t, remedy)}${isAmount(amount) ? ` ${formatFen(amount)}` : ''}`);
  if (Array.isArray(d.missing)) lines.push(d.missing.map(String).join('；'));
  if (Array.isArray(d.evidenceTypes))
    lines.push(d.evidenceTypes.map((x) => evidenceTypeLabel(t, String(x))).join('、'));
  if (typeof d.evidenceType === 'string') lines.push(evidenceTypeLabel(t, d.evidenceType));
  if (typeof d.referral === 'string') lines.push(enumLabel(t, 'referral', d.referral));
  if (e.action === 'refer_out' && typeof d.to === 'string') lines.push(enumLabel(t, 'referral', d.to));
  if (typeof d.venue === 'string') lines.push(enumLabel(t, 'venue', d.venue));
  if (typeof d.stars === 'number') lines.push('★'.repeat(d.stars) + '☆'.repeat(Math.max(0, 5 - d.stars)));
  for (const key of TEXT_KEYS) {
    const text = d[key];
    if (typeof text === 'string' && text.trim() !== '')
      lines.push(text.length > 160 ? `${text.slice(0, 160)}…` : text);
  }
  return lines;
}

function actorLine(e: TimelineEvent, t: Translate): string {
  const party = e.actor.party ?? (e.actor.type === 'system' ? 'system' : undefined);
  const who = partyLabel(t, party);
  const name = e.actor.name;
  // Staff display names already carry their role ("调解员 · 刘洋").
  if (name && who && name.startsWith(who)) return name;
  return [who, name].filter(Boolean).join(' · ');
}

function color(action: string): string {
  if (NEGATIVE.has(action)) return 'red';
  if (POSITIVE.has(action)) return 'green';
  if (action.endsWith('_expired') || action === 'merchant_silent' || action === 'appeal_window_closed')
    return 'gray';
  return 'blue';
}

/**
 * The case's history, newest first: what happened, who did it, the stage it moved the case to (in Chinese),
 * and the detail that matters (amount, reason). Messages have their own panel and are left out here.
 */
export function CaseTimeline({ events }: { events: TimelineEvent[] }) {
  const { t, language } = useI18n();
  const shown = events.filter((e) => e.action !== 'message').reverse();
  if (shown.length === 0)
    return <Empty description={t('case.timeline.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const items: TimelineProps['items'] = shown.map((e, index) => ({
    key: `${e.at}-${index}`,
    color: color(e.action),
    content: (
      <div className="timeline-entry">
        <div className="timeline-entry__title">{eventLabel(t, e.action)}</div>
        <div className="muted-small">
          <time dateTime={e.at}>{formatDateTime(e.at, language)}</time>
          <span className="timeline-entry__actor">{actorLine(e, t)}</span>
        </div>
        {e.toStage && e.fromStage !== e.toStage ? (
          <div className="timeline-entry__stage">
            {e.fromStage
              ? t('event.stageChange', { from: stageLabel(t, e.fromStage), to: stageLabel(t, e.toStage) })
              : stageLabel(t, e.toStage)}
          </div>
        ) : null}
        {detailLines(e, t).map((line, i) => (
          <div key={i} className="timeline-entry__detail">
            {line}
          </div>
        ))}
      </div>
    ),
  }));
  return <Timeline items={items} className="case-timeline" data-testid="case-timeline" />;
}
