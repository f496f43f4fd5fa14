import {
  checkDeviation,
  chosenRemedyOf,
  recommendedPackages as recommendedPackagesOf,
  type Recommendation,
  type RemedyPackage,
} from '../../../common/recommendation';
import type { Evaluation } from '../api/policy';

/** A remedy line of a decision as the composer holds it: type, amount in fen, who pays. */
export type DecisionRemedy = { type: string; amountFen: number; payer: string };

/** The API's evaluation as the shared rule reads it (digit strings → bigint). */
export function toRecommendation(e: Evaluation): Recommendation {
  if (!e.admissible) return { admissible: false, refundableFen: BigInt(e.refundableFen) };
  return {
    admissible: true,
    refundableFen: BigInt(e.refundableFen),
    remedies: e.remedies.map((r) => ({
      outcome: r.outcome,
      role: r.role,
      refundFen: BigInt(r.refundFen),
      payoutFen: BigInt(r.payoutFen),
    })),
  };
}

/** The packages a handler may decide without a reason (common/recommendation.ts, as the server counts them). */
export function recommendedPackages(e: Evaluation): RemedyPackage[] {
  return recommendedPackagesOf(toRecommendation(e));
}

/** Whether these remedies match none of the recommended packages (the server then asks for a reason). */
export function deviatesFrom(e: Evaluation, remedies: readonly DecisionRemedy[]): boolean {
  const recommendation = toRecommendation(e);
  const lines = remedies.map((r) => ({ type: r.type, amountFen: BigInt(Math.round(r.amountFen || 0)) }));
  return checkDeviation(recommendation, chosenRemedyOf(lines, undefined, recommendation)).deviates;
}

/**
 * The recommendation as a decision's starting remedies: the primary remedy's money back (a full refund when
 * it is all that remains refundable, else a partial one; goods returned when the pack says so), exchange or
 * repair, and compensation for the money beyond the order (the additional remedies included). Paid by the
 * merchant; the handler changes the payer where the pack's funding says otherwise. A rejection is no remedy.
 */
export function remediesFromRecommendation(e: Evaluation): DecisionRemedy[] {
  if (!e.admissible) return [];
  const primary =
    e.remedies.find((r) => r.role === 'primary') ?? e.remedies.find((r) => r.role !== 'additional');
  if (!primary) return [];
  const out: DecisionRemedy[] = [];
  const refund = Number(primary.refundFen);
  if (primary.outcome === 'return_and_refund') {
    out.push({ type: 'return_and_refund', amountFen: refund, payer: 'respondent' });
  } else if (primary.outcome === 'exchange' || primary.outcome === 'repair') {
    out.push({ type: primary.outcome, amountFen: 0, payer: 'respondent' });
  } else if (refund > 0) {
    const full = BigInt(primary.refundFen) === BigInt(e.refundableFen);
    out.push({ type: full ? 'full_refund' : 'partial_refund', amountFen: refund, payer: 'respondent' });
  }
  const payout = [primary, ...e.remedies.filter((r) => r.role === 'additional')].reduce(
    (sum, r) => sum + Number(r.payoutFen) + (r === primary ? 0 : Number(r.refundFen)),
    0,
  );
  if (payout > 0) out.push({ type: 'compensation', amountFen: payout, payer: 'respondent' });
  return out;
}

/** The clauses the recommendation cites, for the decision's "rules applied" (the primary's first). */
export function recommendedClauses(e: Evaluation): string[] {
  const primary = e.remedies.find((r) => r.role === 'primary');
  const cited = e.admissible ? [...(primary?.clauses ?? []), ...e.clauses] : e.reasons.map((r) => r.clause);
  return [...new Set(cited.filter((c) => c !== ''))];
}
