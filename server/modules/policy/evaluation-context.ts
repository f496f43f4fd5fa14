import type { WorkCalendar } from '../calendar/index.js';
import type { LocalizedText } from '../../http/errors.js';
import { clampFen } from './allocation.js';
import type { CaseFacts, Finding, PolicyOrder } from './facts.js';
import type { PolicyPack } from './policy.schema.js';
import type { Penalty, RemedyOutcome, WindowRule } from './policy-parts.schema.js';
import type {
  EvidencePlan,
  FundingSource,
  PolicyDeadline,
  Reason,
  RecommendedRemedy,
  Referral,
  RemedyLine,
} from './result.js';
import { deadlineOf, windowEnd, type WindowEnd } from './windows.js';

/** Everything an evaluator reads, computed once per evaluation. */
export type EvalContext<P extends PolicyPack = PolicyPack> = {
  facts: CaseFacts;
  order: PolicyOrder;
  pack: P;
  calendar: WorkCalendar;
  now: Date;
  /** Paid and not yet refunded (never negative). */
  refundable: bigint;
  /** When the consumer first asked (windows are judged on it). */
  requestedAt: Date;
  /** The pack's 民法典 Art. 203 setting. */
  extend: boolean;
};

/** What an evaluator concludes before `evaluate` adds the common parts (track, lifecycle, clauses). */
export type Verdict =
  | { admissible: false; reasons: Reason[]; referral?: Referral }
  | {
      admissible: true;
      remedies: RecommendedRemedy[];
      deadlines?: PolicyDeadline[];
      evidence?: EvidencePlan | null;
      referrals?: Referral[];
      notes?: Reason[];
    };

/** A reason or note citing `clause`. */
export function reason(clause: string, code: string, zh: string, en: string): Reason {
  return { clause, code, message: { zh, en } };
}

/** Not admissible for these reasons. */
export function notAdmissible(reasons: Reason[], referral?: Referral): Verdict {
  return referral ? { admissible: false, reasons, referral } : { admissible: false, reasons };
}

/** A finding: true established, false ruled out, undefined still open. */
export function finding(ctx: EvalContext, key: Finding): boolean | undefined {
  return ctx.facts.findings?.[key];
}

/** The findings among `keys` that are still open. */
export function openFindings(ctx: EvalContext, ...keys: Finding[]): Finding[] {
  return keys.filter((k) => ctx.facts.findings?.[k] === undefined);
}

/** Where the window `rule` starting at `from` ends, with the pack's Art. 203 setting. */
export function endOf(ctx: EvalContext, rule: WindowRule, from: Date): WindowEnd {
  return windowEnd(ctx.calendar, from, rule.target, ctx.extend);
}

/** True when `at` is within the window `rule` starting at `from`. */
export function within(ctx: EvalContext, rule: WindowRule, from: Date, at: Date): boolean {
  return at.getTime() <= endOf(ctx, rule, from).dueAt.getTime();
}

/** A deadline of `kind` under `rule` from `from`. */
export function deadline(ctx: EvalContext, kind: string, rule: WindowRule, from: Date): PolicyDeadline {
  return deadlineOf(kind, rule, from, { calendar: ctx.calendar, extendDefault: ctx.extend, now: ctx.now });
}

/** What a remedy is made of before the refund is capped and the totals are added up. */
export type RemedySpec = {
  outcome: RemedyOutcome;
  /** Default `primary`. */
  role?: RecommendedRemedy['role'];
  clause: string;
  /** Money back from the order before the cap (what was paid and not yet refunded). */
  refundFen: bigint;
  refundLabel?: LocalizedText;
  /** Deductions (informational) and payouts beyond the order (compensation, loss, price difference). */
  lines?: RemedyLine[];
  returnGoods?: boolean;
  returnFreightPayer?: 'claimant' | 'respondent' | null;
  funding?: { source: FundingSource; fen: bigint }[];
  penalties?: readonly Penalty[];
  clauses?: string[];
  explanation: LocalizedText;
  pendingFindings?: Finding[];
  split?: { fen: bigint; performed: boolean }[];
};

const PAYOUT_KINDS = new Set<RemedyLine['kind']>(['compensation', 'loss', 'price_difference']);

/** Builds a remedy: caps the refund at what is refundable (saying so), totals the payout, lists clauses. */
export function remedy(ctx: EvalContext, spec: RemedySpec): RecommendedRemedy {
  const refundFen = clampFen(spec.refundFen, ctx.refundable);
  const lines: RemedyLine[] = [];
  if (refundFen > 0n || spec.refundFen > 0n) {
    lines.push({
      kind: 'refund',
      fen: refundFen,
      clause: spec.clause,
      label: spec.refundLabel ?? { zh: '退款', en: 'Refund' },
    });
  }
  if (refundFen < spec.refundFen) {
    lines.push({
      kind: 'cap',
      fen: spec.refundFen - refundFen,
      clause: spec.clause,
      label: { zh: '超出可退金额（已退款或实付不足）', en: 'Above what remains refundable' },
    });
  }
  lines.push(...(spec.lines ?? []));
  const payoutFen = lines.reduce((sum, l) => (PAYOUT_KINDS.has(l.kind) ? sum + l.fen : sum), 0n);
  const clauses = unique([spec.clause, ...lines.map((l) => l.clause), ...(spec.clauses ?? [])]);
  const result: RecommendedRemedy = {
    outcome: spec.outcome,
    role: spec.role ?? 'primary',
    refundFen,
    payoutFen,
    lines,
    returnGoods: spec.returnGoods ?? false,
    returnFreightPayer: spec.returnGoods ? (spec.returnFreightPayer ?? 'respondent') : null,
    funding: spec.funding ?? [{ source: 'respondent', fen: refundFen + payoutFen }],
    penalties: [...(spec.penalties ?? [])],
    clauses,
    explanation: spec.explanation,
    pendingFindings: spec.pendingFindings ?? [],
  };
  if (spec.split) result.split = spec.split;
  return result;
}

/** A rejection: no money, with the explanation the handler gives the claimant. */
export function rejection(ctx: EvalContext, clause: string, explanation: LocalizedText): RecommendedRemedy {
  return remedy(ctx, { outcome: 'rejection', clause, refundFen: 0n, explanation, funding: [] });
}

/** Distinct values in first-seen order. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** The price actually paid for the goods (商品价款): goods − discount (消法 Art. 25 ¶3, Art. 55). */
export function pricePaid(order: PolicyOrder): bigint {
  const price = order.goodsFen - order.discountFen;
  return price > 0n ? price : 0n;
}
