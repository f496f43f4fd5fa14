import { formatFen } from '../../../common/money.js';
import type { LocalizedText } from '../../http/errors.js';
import type { RemedyOutcome } from './policy-parts.schema.js';
import type { EvaluationResult, RecommendedRemedy } from './result.js';

/** What the handler decided: the outcome, money back from the order, money paid beyond it. */
export type ChosenRemedy = { outcome: RemedyOutcome; refundFen: bigint; payoutFen: bigint };

/** A recommendation as a whole: the primary (or an alternative) plus every additional remedy. */
export type RemedyPackage = { outcome: RemedyOutcome; refundFen: bigint; payoutFen: bigint };

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
  problems: LocalizedText[];
};

/** The shortest written reason accepted for a deviation (characters, after trimming). */
export const MIN_DEVIATION_REASON_CHARS = 10;

/**
 * The packages a handler may choose without a reason: primary + additional remedies, or an alternative +
 * the additional ones. A case that is not admissible recommends a rejection.
 */
export function recommendedPackages(evaluation: EvaluationResult): RemedyPackage[] {
  if (!evaluation.admissible) return [{ outcome: 'rejection', refundFen: 0n, payoutFen: 0n }];
  const extra = evaluation.remedies.filter((r) => r.role === 'additional');
  const extraFen = extra.reduce((sum, r) => sum + r.payoutFen + r.refundFen, 0n);
  const heads: RecommendedRemedy[] = evaluation.remedies.filter((r) => r.role !== 'additional');
  return heads.map((r) => ({
    outcome: r.outcome,
    refundFen: r.refundFen,
    payoutFen: r.payoutFen + extraFen,
  }));
}

/**
 * Compares a handler's decision with the recommendation (issue #5: deviations only with a written reason,
 * recorded and reported). Never acceptable, reason or not: a refund above what remains refundable, or a
 * negative amount.
 */
export function checkDeviation(
  evaluation: EvaluationResult,
  chosen: ChosenRemedy,
  writtenReason?: string,
): DeviationCheck {
  const problems: LocalizedText[] = [];
  if (chosen.refundFen < 0n || chosen.payoutFen < 0n) {
    problems.push({ zh: '金额不能为负数', en: 'Amounts cannot be negative' });
  }
  if (chosen.refundFen > evaluation.refundableFen) {
    problems.push({
      zh: `退款 ${formatFen(chosen.refundFen)} 超过可退金额 ${formatFen(evaluation.refundableFen)}`,
      en: `Refund ${formatFen(chosen.refundFen)} exceeds what remains refundable, ${formatFen(evaluation.refundableFen)}`,
    });
  }
  const packages = recommendedPackages(evaluation);
  const matches = packages.some(
    (p) =>
      p.outcome === chosen.outcome && p.refundFen === chosen.refundFen && p.payoutFen === chosen.payoutFen,
  );
  const recommended = packages[0] ?? null;
  const deviates = !matches;
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
