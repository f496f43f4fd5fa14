import { addDays, deadlineEnd, shanghaiDateOf } from '../calendar/index.js';
import { DomainError } from '../../http/errors.js';
import { basisPointsOf, minFen } from './allocation.js';
import {
  deadline,
  endOf,
  notAdmissible,
  pricePaid,
  reason,
  rejection,
  remedy,
  type EvalContext,
  type Verdict,
} from './evaluation-context.js';
import type { PolicyEvent } from './facts.js';
import type { EventTicketPack } from './policy.schema.js';
import type { FundingSource } from './result.js';

type Ctx = EvalContext<EventTicketPack>;

/**
 * seed 000 §2.1 a): the refund window N is set per event but never below 7 days (nor below the pack's
 * minimum). An event with a smaller N is refused rather than silently rounded.
 * @throws UNPROCESSABLE when `days` is below the minimum.
 */
export function assertRefundWindowDays(days: number, pack: EventTicketPack): void {
  const min = pack.settings.minRefundWindowDays;
  if (Number.isInteger(days) && days >= min.value) return;
  throw new DomainError('UNPROCESSABLE', {
    message: `event refund window N=${days} is below the minimum ${min.value} (${min.clause})`,
    userMessage: {
      zh: `活动退票期限 N=${days} 日低于最低 ${min.value} 日（${min.clause}）`,
      en: `The event's refund window of ${days} days is below the minimum of ${min.value} days (${min.clause})`,
    },
  });
}

/** Face value actually paid + tax, plus the service fee when the page (or, if silent, the pack) allows. */
export function refundBase(ctx: Ctx): bigint {
  const fee =
    ctx.facts.ticket?.serviceFeeRefundable ?? ctx.pack.settings.serviceFeeWhenPageSilent.value === 'refund';
  return pricePaid(ctx.order) + ctx.order.taxFen + (fee ? ctx.order.serviceFeeFen : 0n);
}

/**
 * Ticket money stays in escrow until it is paid out 3 working days after the event (seed 000 §(三)1); a refund
 * before then comes from escrow, after it from the organizer.
 */
export function ticketFunding(ctx: Ctx, event: PolicyEvent): FundingSource {
  const payout = endOf(ctx, ctx.pack.windows.organizerPayout, event.endsAt);
  return ctx.now.getTime() <= payout.dueAt.getTime() ? 'escrow' : 'respondent';
}

/**
 * seed 000 §2.1: N days before the start day → instant refund of face value + tax (a); later but before
 * the start → the organizer decides and sets the deduction, refunded within 3 working days of its
 * confirmation (b); one conditional refund per order and none after buying again (c).
 */
export function ordinaryRefund(ctx: Ctx, event: PolicyEvent): Verdict {
  const { pack, facts } = ctx;
  const t = facts.ticket ?? {};
  const ex = pack.exclusions;
  if (t.repurchaseAfterConditionalRefund && ex.repurchaseAfterConditionalRefund) {
    return notAdmissible([
      reason(
        ex.repurchaseAfterConditionalRefund.clause,
        'repurchase_after_conditional_refund',
        '条件退后再次购票，不再适用无理由退票',
        'Bought again after a conditional refund: no no-reason refund',
      ),
    ]);
  }
  const strict = pack.settings.standardRefundLastDay.value === 'day_before_that';
  const cutoff = addDays(shanghaiDateOf(event.startsAt), -event.refundWindowDays - (strict ? 1 : 0));
  if (ctx.requestedAt.getTime() <= deadlineEnd(cutoff).getTime()) return standardRefund(ctx, event, cutoff);
  if (ctx.requestedAt.getTime() >= event.startsAt.getTime()) {
    const clause =
      ex.afterEventStart?.clause ??
      pack.remedies.conditionalRefund?.clause ??
      pack.lifecycle.acceptance.clause;
    return notAdmissible([
      reason(clause, 'after_event_start', '活动已开始，不再受理退票', 'The event has started: no refund'),
    ]);
  }
  if (t.priorConditionalRefund && ex.oneConditionalRefundPerOrder) {
    return notAdmissible([
      reason(
        ex.oneConditionalRefundPerOrder.clause,
        'one_conditional_refund',
        '同一订单仅可享受一次条件退',
        'One conditional refund per order',
      ),
    ]);
  }
  return conditionalRefund(ctx, event);
}

function standardRefund(ctx: Ctx, event: PolicyEvent, cutoff: string): Verdict {
  const rule = ctx.pack.remedies.standardRefund;
  if (!rule) return conditionalRefund(ctx, event);
  const base = refundBase(ctx);
  return {
    admissible: true,
    remedies: [
      remedy(ctx, {
        outcome: rule.outcome,
        clause: rule.clause,
        refundFen: base,
        refundLabel: {
          zh: '票面价格+实际支付税费（服务费按页面说明）',
          en: 'Face value + tax paid (service fee as the page says)',
        },
        funding: [{ source: ticketFunding(ctx, event), fen: minFen(base, ctx.refundable) }],
        clauses: [ctx.pack.settings.serviceFeeWhenPageSilent.clause],
        explanation: {
          zh: `活动开始日 ${event.refundWindowDays} 日前（${cutoff} 及以前）申请：即时退款`,
          en: `Asked ${event.refundWindowDays} days before the start (on or before ${cutoff}): instant refund`,
        },
      }),
    ],
  };
}

function conditionalRefund(ctx: Ctx, event: PolicyEvent): Verdict {
  const rule = ctx.pack.remedies.conditionalRefund;
  if (!rule) {
    const clause = ctx.pack.exclusions.afterEventStart?.clause ?? ctx.pack.lifecycle.acceptance.clause;
    return notAdmissible([
      reason(clause, 'past_refund_window', '已过常态退票期限', 'Past the refund window'),
    ]);
  }
  const decision = ctx.facts.ticket?.organizerDecision;
  if (decision && !decision.agreed) {
    return {
      admissible: true,
      remedies: [
        rejection(ctx, rule.clause, { zh: '主办方不同意退票', en: 'The organizer refused the refund' }),
      ],
    };
  }
  const base = refundBase(ctx);
  const cap = ctx.pack.amounts.conditionalDeductionCap;
  const maxDeduction = basisPointsOf(base, cap.basisPoints);
  const deduction = decision ? minFen(decision.deductionFen ?? 0n, maxDeduction) : 0n;
  const lines =
    deduction > 0n
      ? [
          {
            kind: 'deduction' as const,
            fen: deduction,
            clause: rule.clause,
            label: { zh: '主办方扣费', en: "Organizer's deduction" },
          },
        ]
      : [];
  const refundFen = base - deduction;
  return {
    admissible: true,
    remedies: [
      remedy(ctx, {
        outcome: rule.outcome,
        clause: rule.clause,
        refundFen,
        lines,
        funding: [{ source: ticketFunding(ctx, event), fen: minFen(refundFen, ctx.refundable) }],
        clauses: [cap.clause],
        explanation: decision
          ? {
              zh: '主办方同意退票，收到确认后 3 个工作日内退款',
              en: 'The organizer agreed; refund within 3 working days of its confirmation',
            }
          : {
              zh: '转主办方决定是否同意及扣费比例',
              en: 'The organizer decides whether to refund and what to deduct',
            },
        pendingFindings: decision ? [] : ['organizer_agreed'],
      }),
    ],
    deadlines: decision
      ? [
          deadline(
            ctx,
            'conditional_refund_payout',
            ctx.pack.windows.conditionalRefundPayout,
            decision.confirmedAt,
          ),
        ]
      : [],
  };
}
