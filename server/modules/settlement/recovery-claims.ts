import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { CompensationRow, RecoveryClaimRow } from './deposits.js';
import { compensations, recoveryClaimEvents, recoveryClaims } from './settlement.table.js';
import type { RecoveryClaimEventRow } from './write-off-claim.js';

/** A claim's status: open (something is owed), recovered or written off (closed). */
export const RECOVERY_CLAIM_STATUSES = ['open', 'recovered', 'written_off'] as const;
export type RecoveryClaimStatus = (typeof RECOVERY_CLAIM_STATUSES)[number];

/**
 * Recovery claims of a tenant, newest first (ids sort by creation), optionally of one merchant or in one
 * status; `before` is the last id of the previous page. Callers fetch `limit + 1` to know about a next page.
 */
export async function listRecoveryClaims(
  db: Db,
  tenantId: string,
  filter: { merchantId?: string | undefined; status?: RecoveryClaimStatus | undefined },
  limit: number,
  before?: string,
): Promise<RecoveryClaimRow[]> {
  return db
    .select()
    .from(recoveryClaims)
    .where(
      and(
        eq(recoveryClaims.tenantId, tenantId),
        filter.merchantId ? eq(recoveryClaims.merchantId, filter.merchantId) : undefined,
        filter.status ? eq(recoveryClaims.status, filter.status) : undefined,
        before ? lt(recoveryClaims.id, before) : undefined,
      ),
    )
    .orderBy(desc(recoveryClaims.id))
    .limit(limit);
}

/**
 * One claim with what opened it (the compensation the fund advanced for) and its history since (recoveries and
 * write-offs, oldest first); undefined when the tenant has no such claim. Visibility is the caller's.
 */
export async function findRecoveryClaim(
  db: Db,
  tenantId: string,
  claimId: string,
): Promise<
  | { claim: RecoveryClaimRow; compensation: CompensationRow | undefined; events: RecoveryClaimEventRow[] }
  | undefined
> {
  const [claim] = await db
    .select()
    .from(recoveryClaims)
    .where(and(eq(recoveryClaims.tenantId, tenantId), eq(recoveryClaims.id, claimId)));
  if (!claim) return undefined;
  const [[compensation], events] = await Promise.all([
    db
      .select()
      .from(compensations)
      .where(and(eq(compensations.tenantId, tenantId), eq(compensations.id, claim.compensationId))),
    db
      .select()
      .from(recoveryClaimEvents)
      .where(and(eq(recoveryClaimEvents.tenantId, tenantId), eq(recoveryClaimEvents.claimId, claim.id)))
      .orderBy(asc(recoveryClaimEvents.createdAt), asc(recoveryClaimEvents.id)),
  ]);
  return { claim, compensation, events };
}
