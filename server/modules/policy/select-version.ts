import type { OrderScope } from './policy.schema.js';

/** What version selection reads of a pack version. */
export type VersionHead = { version: number; effectiveFrom: string; orderScope: OrderScope };

/**
 * The version that judges a case: among the versions in force when the platform stepped in (seed 002 §32:
 * `effectiveFrom ≤ intervenedAt`) that govern the order (seed 000 §五.1: a new-orders-only version governs
 * orders paid at or after its effective time), the highest. Null when none applies. The case pins it.
 */
export function selectPolicyVersion<V extends VersionHead>(
  versions: readonly V[],
  at: { intervenedAt: Date; orderPlacedAt: Date },
): V | null {
  let best: V | null = null;
  for (const v of versions) {
    const from = Date.parse(v.effectiveFrom);
    if (from > at.intervenedAt.getTime()) continue;
    if (v.orderScope === 'orders_placed_from_effective' && at.orderPlacedAt.getTime() < from) continue;
    if (!best || v.version > best.version) best = v;
  }
  return best;
}
