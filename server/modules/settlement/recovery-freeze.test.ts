import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimProviderHandle } from '../../../tools/sim-payment-provider/index.js';
import type { Database } from '../../db/client.js';
import { createTestDatabase, testDbKinds } from '../../test/db.js';
import { auditEvents } from '../audit/index.js';
import { buildWorkCalendar } from '../calendar/index.js';
import { runDueJobs } from '../jobs/jobs.js';
import { jobs } from '../jobs/jobs.table.js';
import { ProviderRejectedError, type HttpPaymentProvider } from '../payments/index.js';
import { PiiCrypto } from '../privacy/pii-crypto.js';
import { merchantAccountRef } from './payouts.js';
import { PROVIDER_FREEZE_JOB, PROVIDER_UNFREEZE_JOB, recoveryJobHandlers } from './recovery-jobs.js';
import { distributeRecovered, openRecovery } from './recovery.js';
import { recoveries } from './settlement.table.js';
import { tenantWithEvent, testProvider } from './test-support.js';

const NOW = new Date('2026-11-20T02:00:00Z');
const pii = new PiiCrypto([{ id: 't1', key: randomBytes(32) }]);

describe.each(testDbKinds)('provider stop-payment of an assisted recovery on %s', (kind) => {
  let database: Database;
  let sim: SimProviderHandle;
  let provider: () => HttpPaymentProvider;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ sim, provider } = await testProvider(5));
  });
  afterAll(async () => {
    await sim.close();
    await database.close();
  });
  const runJobs = (at: Date) =>
    runDueJobs(
      database.db,
      recoveryJobHandlers(database.db, provider(), () => at),
      { now: () => at },
    );
  const payout = (merchantId: string, key: string) =>
    provider().payout({
      idempotencyKey: key,
      merchantAccountRef: merchantAccountRef(merchantId),
      amountFen: 100n,
      memo: 'test',
      callbackUrl: 'http://127.0.0.1:9/callbacks',
    });

  it('freezes the merchant at the provider once, across an outage, and releases it after distribution', async () => {
    const { tenant, ctx } = await tenantWithEvent(database.db, pii, NOW);
    const m = tenant.merchantId;
    const recovery = await openRecovery(database.db, ctx, buildWorkCalendar(), {
      merchantId: m,
      trigger: 'unreachable',
      note: '商家失联',
      claimants: [],
    });
    const queued = await database.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.tenantId, tenant.id), eq(jobs.kind, PROVIDER_FREEZE_JOB)));
    expect(queued).toHaveLength(1);
    const before = sim.stats().freezes;

    // The provider is down: the job is retried with backoff, under the same key.
    sim.setMode({ outage: true });
    expect(await runJobs(NOW)).toMatchObject({ failed: 1 });
    sim.setMode({ outage: false });
    expect(await runJobs(new Date(NOW.getTime() + 5_000))).toEqual({ succeeded: 0, failed: 0 });
    expect(await runJobs(new Date(NOW.getTime() + 11_000))).toMatchObject({ succeeded: 1 });
    expect(sim.stats().freezes - before).toBe(1);
    const [frozen] = await database.db.select().from(recoveries).where(eq(recoveries.id, recovery.id));
    expect(frozen!.providerFreezeRef).toMatch(/\w+/);
    await expect(payout(m, `frozen-${recovery.id}`)).rejects.toSatisfy(
      (e) => e instanceof ProviderRejectedError && e.code === 'ACCOUNT_FROZEN',
    );

    // Distribution releases Accord's hold and queues the provider's release.
    await distributeRecovered(database.db, { ...ctx, now: new Date(NOW.getTime() + 60_000) }, recovery.id, {
      fromPendingFen: 0n,
      fromDepositFen: 0n,
      externalFen: 1_000n,
      costsFen: 0n,
    });
    const later = new Date(NOW.getTime() + 120_000);
    expect(await runJobs(later)).toMatchObject({ succeeded: 1, failed: 0 });
    expect(await runJobs(later)).toEqual({ succeeded: 0, failed: 0 });
    expect(sim.stats().unfreezes).toBe(1);
    await expect(payout(m, `released-${recovery.id}`)).resolves.toMatchObject({ status: 'accepted' });
    const audit = await database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.targetId, recovery.id));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['recovery.provider_frozen', 'recovery.provider_unfrozen']),
    );
  });

  it('waits for a freeze still on its way before releasing, and places none once the recovery is over', async () => {
    const { tenant, ctx } = await tenantWithEvent(database.db, pii, NOW);
    const recovery = await openRecovery(database.db, ctx, buildWorkCalendar(), {
      merchantId: tenant.merchantId,
      trigger: 'refused',
      note: '拒绝退款',
      claimants: [],
    });
    await distributeRecovered(database.db, ctx, recovery.id, {
      fromPendingFen: 0n,
      fromDepositFen: 0n,
      externalFen: 500n,
      costsFen: 0n,
    });
    const before = sim.stats().freezes;
    // Both jobs are due; whichever runs first, no freeze is placed for a distributed recovery.
    await runJobs(NOW);
    await runJobs(new Date(NOW.getTime() + 11_000));
    const states = await database.db
      .select({ kind: jobs.kind, status: jobs.status })
      .from(jobs)
      .where(eq(jobs.tenantId, tenant.id));
    expect(states.filter((j) => j.kind === PROVIDER_FREEZE_JOB || j.kind === PROVIDER_UNFREEZE_JOB)).toEqual(
      expect.arrayContaining([
        { kind: PROVIDER_FREEZE_JOB, status: 'succeeded' },
        { kind: PROVIDER_UNFREEZE_JOB, status: 'succeeded' },
      ]),
    );
    expect(sim.stats().freezes).toBe(before);
  });
});
