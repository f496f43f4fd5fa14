import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { appendAudit, transact } from '../audit/index.js';
import type { JobHandler, JobRow } from '../jobs/jobs.js';
import { jobs } from '../jobs/jobs.table.js';
import type { PaymentProvider } from '../payments/index.js';
import { merchantAccountRef } from './payouts.js';
import { recoveries } from './settlement.table.js';

/** Asks the provider to stop paying the merchant out (止付) when an assisted recovery opens. */
export const PROVIDER_FREEZE_JOB = 'settlement.provider_freeze';
/** Releases that stop-payment once the recovery is distributed. */
export const PROVIDER_UNFREEZE_JOB = 'settlement.provider_unfreeze';

/** The jobs' dedupe keys: one freeze and one release per recovery, whoever enqueues them. */
export const freezeJobKey = (recoveryId: string) => `recovery:${recoveryId}:provider_freeze`;
export const unfreezeJobKey = (recoveryId: string) => `recovery:${recoveryId}:provider_unfreeze`;

type Payload = { recoveryId: string };

/**
 * The provider side of a recovery's freeze, run as queued jobs (retried with backoff by the job runner): the
 * provider calls happen outside any transaction, each under a key derived from the recovery
 * (`accord-freeze-<recovery>`, `accord-unfreeze-<recovery>`), so a retry after an unknown outcome or a crash is
 * executed by the provider once. Accord's own hold (placed with the recovery) already stops Accord's payouts;
 * this stops payouts already in flight at the provider.
 */
export function recoveryJobHandlers(
  db: Db,
  provider: PaymentProvider,
  now: () => Date,
): Record<string, JobHandler> {
  return {
    [PROVIDER_FREEZE_JOB]: async (job) => {
      const r = await recovery(db, job);
      if (r.providerFreezeRef) return { freezeRef: r.providerFreezeRef };
      // Distributed before the freeze could be placed: there is nothing left to stop.
      if (r.status !== 'open') return { skipped: r.status };
      const result = await provider.freeze({
        idempotencyKey: `accord-freeze-${r.id}`,
        merchantAccountRef: merchantAccountRef(r.merchantId),
        reason: `assisted recovery ${r.id}`,
      });
      await transact(db, async (tx) => {
        await tx
          .update(recoveries)
          .set({ providerFreezeRef: result.providerRef, updatedAt: now() })
          .where(and(eq(recoveries.id, r.id), isNull(recoveries.providerFreezeRef)));
        await audit(tx, r, 'recovery.provider_frozen', result.providerRef, now());
      });
      return { freezeRef: result.providerRef };
    },
    [PROVIDER_UNFREEZE_JOB]: async (job) => {
      const r = await recovery(db, job);
      if (!r.providerFreezeRef) {
        const [freeze] = await db
          .select({ status: jobs.status })
          .from(jobs)
          .where(and(eq(jobs.tenantId, r.tenantId), eq(jobs.dedupeKey, freezeJobKey(r.id))));
        // The freeze may still be on its way: wait for it (retry) rather than leave it standing.
        if (freeze && freeze.status !== 'succeeded' && freeze.status !== 'dead')
          throw new Error(`the provider freeze of ${r.id} is still ${freeze.status}`);
        return { released: false };
      }
      const result = await provider.unfreeze({
        idempotencyKey: `accord-unfreeze-${r.id}`,
        freezeRef: r.providerFreezeRef,
        reason: `assisted recovery ${r.id} distributed`,
      });
      await transact(db, (tx) => audit(tx, r, 'recovery.provider_unfrozen', result.providerRef, now()));
      return { released: true, providerRef: result.providerRef };
    },
  };
}

async function recovery(db: Db, job: JobRow) {
  const { recoveryId } = job.payload as Payload;
  const [r] = await db
    .select()
    .from(recoveries)
    .where(and(eq(recoveries.tenantId, job.tenantId), eq(recoveries.id, recoveryId)));
  if (!r) throw new Error(`recovery ${recoveryId} not found`);
  return r;
}

function audit(tx: Db, r: typeof recoveries.$inferSelect, action: string, providerRef: string, at: Date) {
  return appendAudit(
    tx,
    {
      tenantId: r.tenantId,
      actor: SYSTEM_ACTOR,
      action,
      target: { type: 'recovery', id: r.id },
      summary: { merchantId: r.merchantId, providerRef },
    },
    at,
  );
}
