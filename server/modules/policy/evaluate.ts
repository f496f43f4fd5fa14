import type { WorkCalendar } from '../calendar/index.js';
import { DomainError } from '../../http/errors.js';
import { outOfScope } from './common-verdicts.js';
import { evaluateEcommerce } from './evaluate-ecommerce.js';
import { evaluateGuaranteePlan } from './evaluate-guarantee-plan.js';
import { evaluateLive } from './evaluate-live.js';
import { evaluateTickets } from './evaluate-tickets.js';
import { evaluateVoucher } from './evaluate-voucher.js';
import { unique, type EvalContext, type Verdict } from './evaluation-context.js';
import type { CaseFacts, PolicyOrder } from './facts.js';
import type { PolicyPack } from './policy.schema.js';
import type { LifecycleKey, WindowRule } from './policy-parts.schema.js';
import type { Admissible, EvaluationResult, PolicyDeadline } from './result.js';
import { deadlineOf } from './windows.js';

/**
 * Judges a case under one policy version: admissible or not (with every reason and a referral), the
 * recommended remedies with exact amounts in fen, the deadlines that follow, and every clause relied on.
 *
 * Pure and deterministic: no I/O, no clock (`now` only decides which deadlines are already overdue), no
 * process time zone (days are Asia/Shanghai through `calendar`). Invariants: every `refundFen` is at most
 * `order.totalFen - order.refundedFen`; every reason, remedy, deadline and note names a clause of `policy`.
 * @throws UNPROCESSABLE when the pack is for another scenario, the version does not govern this order
 *   (orders placed before a new-orders-only version), a ticket order has no event or its N is below 7.
 */
export function evaluate(
  facts: CaseFacts,
  order: PolicyOrder,
  policy: PolicyPack,
  calendar: WorkCalendar,
  now: Date,
): EvaluationResult {
  assertGoverns(policy, order);
  const refundable = order.totalFen > order.refundedFen ? order.totalFen - order.refundedFen : 0n;
  const ctx: EvalContext = {
    facts,
    order,
    pack: policy,
    calendar,
    now,
    refundable,
    requestedAt: facts.firstRequestedAt ?? facts.filedAt,
    extend: policy.settings.extendPastHoliday.value,
  };
  const verdict =
    facts.unrelatedToTrade && policy.exclusions.outOfScope ? outOfScope(ctx, true) : byKind(ctx, policy);
  return finish(ctx, verdict);
}

function byKind(ctx: EvalContext, pack: PolicyPack): Verdict {
  switch (pack.kind) {
    case 'ecommerce':
      return evaluateEcommerce({ ...ctx, pack });
    case 'guarantee_plan':
      return evaluateGuaranteePlan({ ...ctx, pack });
    case 'voucher':
      return evaluateVoucher({ ...ctx, pack });
    case 'event_ticket':
      return evaluateTickets({ ...ctx, pack });
    case 'live_streaming':
      return evaluateLive({ ...ctx, pack });
  }
}

// Seed 000 §五.1: a version scoped to new orders never judges an order placed before it took effect.
function assertGoverns(policy: PolicyPack, order: PolicyOrder): void {
  if (order.scenario !== policy.scenario) {
    throw new DomainError('UNPROCESSABLE', {
      message: `policy ${policy.id} is for ${policy.scenario} orders, not ${order.scenario}`,
      userMessage: { zh: '规则包与订单场景不符', en: 'The policy is for another kind of order' },
    });
  }
  if (
    policy.orderScope === 'orders_placed_from_effective' &&
    order.paidAt.getTime() < Date.parse(policy.effectiveFrom)
  ) {
    throw new DomainError('UNPROCESSABLE', {
      message: `policy ${policy.id} v${policy.version} governs only orders placed from ${policy.effectiveFrom}`,
      userMessage: {
        zh: '该规则版本仅适用于生效后下单的订单',
        en: 'This policy version applies only to orders placed after it took effect',
      },
    });
  }
}

function finish(ctx: EvalContext, verdict: Verdict): EvaluationResult {
  const { pack } = ctx;
  const meta = {
    policy: { id: pack.id, version: pack.version, kind: pack.kind },
    refundableFen: ctx.refundable,
  };
  if (!verdict.admissible) {
    const clauses = unique([
      ...verdict.reasons.map((r) => r.clause),
      ...(verdict.referral ? [verdict.referral.clause] : []),
    ]);
    return verdict.referral
      ? { admissible: false, ...meta, reasons: verdict.reasons, referral: verdict.referral, clauses }
      : { admissible: false, ...meta, reasons: verdict.reasons, clauses };
  }
  const fast = isFastTrack(ctx);
  const deadlines = [
    lifecycleDeadline(pack, 'acceptance', ctx.facts.filedAt, ctx.calendar, ctx.now),
    ...(verdict.deadlines ?? []),
  ];
  const result: Admissible = {
    admissible: true,
    ...meta,
    track: fast ? 'fast' : 'standard',
    remedies: verdict.remedies,
    deadlines,
    evidence: verdict.evidence ?? null,
    referrals: verdict.referrals ?? [],
    notes: verdict.notes ?? [],
    clauses: [],
  };
  result.clauses = unique([
    ...result.remedies.flatMap((r) => r.clauses),
    ...deadlines.map((d) => d.clause),
    ...(result.evidence?.steps.map((s) => s.clause) ?? []),
    ...(result.evidence?.testingFee ? [result.evidence.testingFee.clause] : []),
    ...result.referrals.map((r) => r.clause),
    ...result.notes.map((n) => n.clause),
    ...(fast ? [pack.fastTrack.clause] : []),
  ]);
  return result;
}

// seed 001 及时高效原则: urgent cases and large amounts take the fast track.
function isFastTrack(ctx: EvalContext): boolean {
  const { fastTrack } = ctx.pack;
  if (fastTrack.urgent && ctx.facts.urgent) return true;
  const amount = ctx.facts.requested?.amountFen ?? ctx.order.totalFen;
  return amount >= fastTrack.thresholdFen;
}

/**
 * A deadline under one of the pack's own windows (`organizerPayout`, `refundReissue`,
 * `assistedRecoveryOverdue`, `noReasonRefund` …) starting at `from`, for callers that schedule them.
 * @throws Error when the pack has no such window (a programming error, not user input).
 */
export function windowDeadline(
  policy: PolicyPack,
  key: string,
  from: Date,
  calendar: WorkCalendar,
  now: Date,
): PolicyDeadline {
  const rule = (policy.windows as Record<string, WindowRule | undefined>)[key];
  if (!rule) throw new Error(`pack ${policy.id} has no window ${key}`);
  const kind = key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
  return deadlineOf(kind, rule, from, {
    calendar,
    extendDefault: policy.settings.extendPastHoliday.value,
    now,
  });
}

/**
 * A lifecycle deadline of `policy` (acceptance, supplement, respondentReply, mediation, notice, appeal,
 * appealReview, suspensionProof, policeNoConclusion, refundRequestResponse) starting at `from`, with the
 * consequence the pack attaches to it, ready for the deadlines module.
 */
export function lifecycleDeadline(
  policy: PolicyPack,
  key: LifecycleKey,
  from: Date,
  calendar: WorkCalendar,
  now: Date,
): PolicyDeadline {
  const rule = policy.lifecycle[key];
  const c = policy.consequences;
  const consequence =
    key === 'supplement'
      ? c.claimantNoSupplement.action
      : key === 'respondentReply'
        ? c.respondentSilence.action
        : key === 'mediation'
          ? c.mediationNoAgreement.action
          : key === 'refundRequestResponse'
            ? c.refundRequestSilence.action
            : null;
  const kind = key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
  return deadlineOf(
    kind,
    rule,
    from,
    { calendar, extendDefault: policy.settings.extendPastHoliday.value, now },
    consequence,
  );
}
