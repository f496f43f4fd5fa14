import { DomainError } from '../../http/errors.js';
import { manualHandling, outOfScope } from './common-verdicts.js';
import { reason, type EvalContext, type Verdict } from './evaluation-context.js';
import type { PolicyEvent, TicketFacts } from './facts.js';
import type { EventTicketPack } from './policy.schema.js';
import { cancellationRefund, postponementRefund } from './ticket-changes.js';
import { assertRefundWindowDays, ordinaryRefund } from './ticket-refunds.js';

type Ctx = EvalContext<EventTicketPack>;

/**
 * Event tickets (seed 000 §(三)): a cancelled event (§2.2, §2.4) first, then a postponement window (§2.3),
 * then the ordinary refund rules (§2.1) against the event's current start.
 * @throws UNPROCESSABLE when the order has no event, or the event's refund window N is below the minimum.
 */
export function evaluateTickets(ctx: Ctx): Verdict {
  const event = ctx.order.event;
  if (!event) {
    throw new DomainError('UNPROCESSABLE', {
      userMessage: { zh: '票务订单缺少活动信息', en: 'A ticket order needs its event' },
    });
  }
  assertRefundWindowDays(event.refundWindowDays, ctx.pack);
  switch (ctx.facts.category) {
    case 'ticket_refund':
    case 'service_not_performed':
    case 'not_delivered':
      return ticketRefund(ctx, event);
    case 'review_dispute':
    case 'privacy':
    case 'other':
      return manualHandling(ctx);
    default:
      return outOfScope(ctx, false);
  }
}

function ticketRefund(ctx: Ctx, event: PolicyEvent): Verdict {
  const t: TicketFacts = ctx.facts.ticket ?? {};
  const cancellation =
    t.cancellation ?? (event.status === 'cancelled' ? { cause: 'organizer' as const } : null);
  if (cancellation) return cancellationRefund(ctx, event, cancellation);
  const postponed = postponementRefund(ctx, event);
  if (postponed) return postponed;
  const verdict = ordinaryRefund(ctx, event);
  if (!t.changes?.length || !ctx.pack.remedies.postponementRefund) return verdict;
  // §2.3 a): past every change's window the holder is deemed to accept the new date.
  const note = reason(
    ctx.pack.remedies.postponementRefund.clause,
    'deemed_accepted_new_date',
    '逾期未申请延期退票，视为接受新档期；按新档期适用常态退票规则',
    'Not asked within the postponement window: deemed to accept the new date; the ordinary rules apply to it',
  );
  return verdict.admissible
    ? { ...verdict, notes: [...(verdict.notes ?? []), note] }
    : { ...verdict, reasons: [...verdict.reasons, note] };
}
