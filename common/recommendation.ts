import { formatFen } from './fen.js';

/**
 * The rule that measures a decision against the policy's recommendation (issue #5: a deviation only with a
 * written reason, recorded and reported). Shared so the server, which enforces it when a handler decides,
 * and the web decision composer, which asks for the reason before the handler submits, cannot disagree.
 * Pure; fen are bigint (the web converts the API's digit strings first).
 */

/** What a remedy achieves in policy terms (the pack's remedy rules; stored in decisions' policy checks). */
export const REMEDY_OUTCOMES = [
  'refund',
  'return_and_refund',
  'proportional_refund',
  'price_difference_refund',
  'exchange',
  'repair',
  'compensation',
  'rejection',
] as const;
export type RemedyOutcome = (typeof REMEDY_OUTCOMES)[number];

/** The part of an evaluation the rule reads: admissible with remedies, or not; what remains refundable. */
export type Recommendation =
  | {
      admissible: true;
      refundableFen: bigint;
      remedies: readonly {
        outcome: RemedyOutcome;
        role: 'primary' | 'alternative' | 'additional';
        refundFen: bigint;
        payoutFen: bigint;
      }[];
    }
  | { admissible: false; refundableFen: bigint };

/** A recommendation as a whole — the primary (or an alternative) plus every additional remedy — or a choice. */
export type RemedyPackage = { outcome: RemedyOutcome; refundFen: bigint; payoutFen: bigint };

/** What the handler decided: the outcome, money back from the order, money paid beyond it. */
export type ChosenRemedy = RemedyPackage;

/** A remedy line of a decision: its type (common/cases.ts REMEDIES) and amount. */
export type DecidedRemedy = { type: string; amountFen: bigint };

/** The outcome of {@link checkDeviation}. */
export type DeviationCheck = {
  /** The choice matches none of the recommended packages. */
  deviates: boolean;
  /** A written reason must be recorded (every deviation needs one). */
  reasonRequired: boolean;
  /** The choice may be recorded: no hard problem, and a reason is given where one is required. */
  acceptable: boolean;
  direction: 'none' | 'more_for_claimant' | 'less_for_claimant' | 'different_outcome';
  recommended: RemedyPackage | null;
  problems: { zh: string; en: string }[];
};

/** The shortest written reason accepted for a deviation (characters, after trimming). */
export const MIN_DEVIATION_REASON_CHARS = 10;

const REFUND_TYPES = new Set(['full_refund', 'partial_refund', 'return_and_refund']);
const REFUND_LIKE: ReadonlySet<RemedyOutcome> = new Set([
  'refund',
  'proportional_refund',
  'price_difference_refund',
]);

/**
 * The packages a handler may choose without a reason: primary + additional remedies, or an alternative +
 * the additional ones. A case that is not admissible recommends a rejection.
 */
export function recommendedPackages(recommendation: Recommendation): RemedyPackage[] {
  if (!recommendation.admissible) return [{ outcome: 'rejection', refundFen: 0n, payoutFen: 0n }];
  const extra = recommendation.remedies.filter((r) => r.role === 'additional');
  const extraFen = extra.reduce((sum, r) => sum + r.payoutFen + r.refundFen, 0n);
  return recommendation.remedies
    .filter((r) => r.role !== 'additional')
    .map((r) => ({ outcome: r.outcome, refundFen: r.refundFen, payoutFen: r.payoutFen + extraFen }));
}

/**
 * A decision's remedies as the policy counts them: money back from the order (refunds), money beyond it
 * (compensation), and the outcome — stated, or read from the remedy types. A plain refund of the amount a
 * pro-rata or price-difference recommendation names is that outcome.
 */
export function chosenRemedyOf(
  remedies: readonly DecidedRemedy[],
  outcome: RemedyOutcome | undefined,
  recommendation: Recommendation,
): ChosenRemedy {
  const sum = (pick: (r: DecidedRemedy) => boolean) =>
    remedies.filter(pick).reduce((total, r) => total + r.amountFen, 0n);
  const refundFen = sum((r) => REFUND_TYPES.has(r.type));
  const payoutFen = sum((r) => r.type === 'compensation');
  if (outcome) return { outcome, refundFen, payoutFen };
  const has = (type: string) => remedies.some((r) => r.type === type);
  const read: RemedyOutcome = has('return_and_refund')
    ? 'return_and_refund'
    : has('exchange')
      ? 'exchange'
      : has('repair')
        ? 'repair'
        : refundFen > 0n
          ? 'refund'
          : payoutFen > 0n
            ? 'compensation'
            : 'rejection';
  const same =
    read === 'refund'
      ? recommendedPackages(recommendation).find(
          (p) => REFUND_LIKE.has(p.outcome) && p.refundFen === refundFen,
        )
      : undefined;
  return { outcome: same?.outcome ?? read, refundFen, payoutFen };
}

/**
 * Compares a handler's decision with the recommendation. Never acceptable, reason or not: a refund above what
 * remains refundable, or a negative amount. A deviation without a reason of at least
 * {@link MIN_DEVIATION_REASON_CHARS} characters is listed last among the problems.
 */
export function checkDeviation(
  recommendation: Recommendation,
  chosen: ChosenRemedy,
  writtenReason?: string,
): DeviationCheck {
  const problems: DeviationCheck['problems'] = [];
  if (chosen.refundFen < 0n || chosen.payoutFen < 0n) {
    problems.push({ zh: '金额不能为负数', en: 'Amounts cannot be negative' });
  }
  if (chosen.refundFen > recommendation.refundableFen) {
    const refund = formatFen(chosen.refundFen);
    const refundable = formatFen(recommendation.refundableFen);
    problems.push({
      zh: `退款 ${refund} 超过可退金额 ${refundable}`,
      en: `Refund ${refund} exceeds what remains refundable, ${refundable}`,
    });
  }
  const packages = recommendedPackages(recommendation);
  const deviates = !packages.some(
    (p) =>
      p.outcome === chosen.outcome && p.refundFen === chosen.refundFen && p.payoutFen === chosen.payoutFen,
  );
  const recommended = packages[0] ?? null;
  const hasReason = (writtenReason ?? '').trim().length >= MIN_DEVIATION_REASON_CHARS;
  if (deviates && !hasReason) {
    problems.push({
      zh: `偏离推荐处理须填写书面理由（至少 ${MIN_DEVIATION_REASON_CHARS} 个字）`,
      en: `A deviation from the recommendation needs a written reason (at least ${MIN_DEVIATION_REASON_CHARS} characters)`,
    });
  }
  return {
    deviates,
    reasonRequired: deviates,
    acceptable: problems.length === 0,
    direction: deviates ? directionOf(recommended, chosen) : 'none',
    recommended,
    problems,
  };
}

function directionOf(recommended: RemedyPackage | null, chosen: ChosenRemedy): DeviationCheck['direction'] {
  const want = recommended ? recommended.refundFen + recommended.payoutFen : 0n;
  const got = chosen.refundFen + chosen.payoutFen;
  if (got > want) return 'more_for_claimant';
  if (got < want) return 'less_for_claimant';
  return 'different_outcome';
}
