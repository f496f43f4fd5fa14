import { minFen, splitProRata } from './allocation.js';
import type { RecoveryDistribution } from './policy.schema.js';

/** What recovered money must cover (seed 000 §3.2–§3.3). */
export type RecoveryClaims = {
  /** Reasonable costs of recovery, incl. litigation fees someone advanced (§3.2 c: paid first). */
  costsFen: bigint;
  /** What the platform advanced to consumers (先行赔付). */
  platformAdvancesFen: bigint;
  /** Consumers not yet paid, with their claims. */
  consumers: readonly { id: string; claimFen: bigint }[];
};

/** Who gets what; `surplusFen` is left after every claim is paid in full. */
export type RecoveryPayout = {
  costsFen: bigint;
  platformAdvancesFen: bigint;
  consumers: { id: string; fen: bigint }[];
  surplusFen: bigint;
};

/**
 * Distributes recovered money (seed 000 §3.3). Costs first (§3.2 c, §3.3 a). Then, by the pack's setting:
 * `costs_first_then_pro_rata` (default) — the platform's advances and consumers' claims share what is left
 * in proportion to their amounts (§3.3 c); `advances_and_costs_first` — the platform's advances are paid
 * before consumers, who share the rest (§3.3 a–b). Shares are exact to the fen (largest remainder), never
 * above a claim, and everything recovered is accounted for.
 * @throws RangeError on a negative amount.
 */
export function distributeRecovery(
  recoveredFen: bigint,
  claims: RecoveryClaims,
  choice: RecoveryDistribution,
): RecoveryPayout {
  const amounts = [
    recoveredFen,
    claims.costsFen,
    claims.platformAdvancesFen,
    ...claims.consumers.map((c) => c.claimFen),
  ];
  if (amounts.some((a) => a < 0n)) throw new RangeError('amounts must not be negative');
  const costs = minFen(recoveredFen, claims.costsFen);
  let left = recoveredFen - costs;
  if (choice === 'advances_and_costs_first') {
    const advances = minFen(left, claims.platformAdvancesFen);
    left -= advances;
    const consumerShares = shareOut(
      left,
      claims.consumers.map((c) => c.claimFen),
    );
    return result(recoveredFen, costs, advances, claims, consumerShares);
  }
  const shares = shareOut(left, [claims.platformAdvancesFen, ...claims.consumers.map((c) => c.claimFen)]);
  return result(recoveredFen, costs, shares[0] ?? 0n, claims, shares.slice(1));
}

// Everyone in full when there is enough; otherwise in proportion to the claims.
function shareOut(available: bigint, claims: readonly bigint[]): bigint[] {
  const total = claims.reduce((a, b) => a + b, 0n);
  if (available >= total) return [...claims];
  return splitProRata(available, claims);
}

function result(
  recovered: bigint,
  costs: bigint,
  advances: bigint,
  claims: RecoveryClaims,
  shares: bigint[],
): RecoveryPayout {
  const consumers = claims.consumers.map((c, i) => ({ id: c.id, fen: shares[i] ?? 0n }));
  const paid = costs + advances + consumers.reduce((sum, c) => sum + c.fen, 0n);
  return { costsFen: costs, platformAdvancesFen: advances, consumers, surplusFen: recovered - paid };
}
