import type { Evaluation } from '../api/policy';

/** A remedy line of a decision as the composer holds it: type, amount in fen, who pays. */
export type DecisionRemedy = { type: string; amountFen: number; payer: string };

const REFUND_TYPES = new Set(['full_refund', 'partial_refund', 'return_and_refund']);
const REFUND_LIKE = new Set(['refund', 'proportional_refund', 'price_difference_refund']);

type Package = { outcome: string; refundFen: bigint; payoutFen: bigint };

/**
 * The packages a handler may decide without a reason (the server's `recommendedPackages`, policy
 * deviation.ts): the primary or an alternative remedy plus every additional one; a rejection when the claim
 * is not admissible.
 */
export function recommendedPackages(e: Evaluation): Package[] {
  if (!e.admissible) return [{ outcome: 'rejection', refundFen: 0n, payoutFen: 0n }];
  const extra = e.remedies
    .filter((r) => r.role === 'additional')
    .reduce((sum, r) => sum + BigInt(r.payoutFen) + BigInt(r.refundFen), 0n);
  return e.remedies
    .filter((r) => r.role !== 'additional')
    .map((r) => ({
      outcome: r.outcome,
      refundFen: BigInt(r.refundFen),
      payoutFen: BigInt(r.payoutFen) + extra,
    }));
}

/** What a decision's remedy lines amount to, read as the server reads them (`chosenRemedyOf`). */
export function chosenPackage(remedies: readonly DecisionRemedy[], e: Evaluation): Package {
  const sum = (pick: (r: DecisionRemedy) => boolean) =>
    remedies.filter(pick).reduce((total, r) => total + BigInt(Math.round(r.amountFen || 0)), 0n);
  const refundFen = sum((r) => REFUND_TYPES.has(r.type));
  const payoutFen = sum((r) => r.type === 'compensation');
  const has = (type: string) => remedies.some((r) => r.type === type);
  let outcome = has('return_and_refund')
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
  if (outcome === 'refund') {
    const same = recommendedPackages(e).find((p) => REFUND_LIKE.has(p.outcome) && p.refundFen === refundFen);
    if (same) outcome = same.outcome;
  }
  return { outcome, refundFen, payoutFen };
}

/** Whether these remedies match none of the recommended packages (the server then asks for a reason). */
export function deviatesFrom(e: Evaluation, remedies: readonly DecisionRemedy[]): boolean {
  const chosen = chosenPackage(remedies, e);
  return !recommendedPackages(e).some(
    (p) =>
      p.outcome === chosen.outcome && p.refundFen === chosen.refundFen && p.payoutFen === chosen.payoutFen,
  );
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
