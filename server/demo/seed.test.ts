import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_DEVIATION_REASON_CHARS } from '../../common/recommendation.js';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client.js';
import { FixedClock } from '../lib/clock.js';
import { decisionConsistency } from '../modules/cases/decision-consistency.js';
import { verifyLedger } from '../modules/ledger/index.js';
import { PiiCrypto } from '../modules/privacy/pii-crypto.js';
import { findTenantBySlug } from '../modules/tenants/tenants.repo.js';
import { createTestDatabase, testDbKinds } from '../test/db.js';
import { DEMO_TENANT, seedDemo } from './seed.js';

describe.each(testDbKinds)('the demo marketplace on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const pii = new PiiCrypto([{ id: 't1', key: randomBytes(32) }]);
    await seedDemo({ database, pii, clock: new FixedClock(new Date('2026-12-01T04:00:00Z')) });
  }, 120_000);
  afterAll(async () => database?.close());

  it('has six weeks of platform decisions measured against the pack, mostly as recommended', async () => {
    const tenant = (await findTenantBySlug(database.db, DEMO_TENANT))!;
    const report = await decisionConsistency(database.db, tenant.id, {});
    expect(report.decisions).toBeGreaterThanOrEqual(20);
    expect(report.decisions).toBeLessThanOrEqual(40);
    expect(report.deviations).toBeGreaterThan(0);
    expect(report.deviations * 3).toBeLessThan(report.decisions);
    expect(report.byDirection.more_for_claimant).toBeGreaterThan(0);
    expect(report.byDirection.less_for_claimant).toBeGreaterThan(0);
    expect(report.byDecider.map((d) => d.name).sort()).toEqual(['调解员 · 刘洋', '调解员 · 孙悦']);
    expect(report.byCategory.length).toBeGreaterThanOrEqual(4);
    for (const d of report.recent)
      expect(d.reason!.length).toBeGreaterThanOrEqual(MIN_DEVIATION_REASON_CHARS);
  });

  it('carries out a fraud decision: the price refunded along the payment, 3× compensation transferred', async () => {
    const tenant = (await findTenantBySlug(database.db, DEMO_TENANT))!;
    const rows = await queryRows<{ kind: string; remedy: string; amount: string }>(
      database.db,
      sql`select i.kind, i.remedy, i.amount_fen::text as amount
            from refund_instructions i join cases c on c.id = i.case_id
           where c.tenant_id = ${tenant.id} and c.title = '宣称官方正品的耳机经鉴定为仿冒品'
           order by i.kind`,
    );
    expect(rows).toEqual([
      { kind: 'refund', remedy: 'full_refund', amount: '59900' },
      { kind: 'transfer', remedy: 'compensation', amount: '179700' },
    ]);
  });

  it('keeps the ledger consistent with the refunds those decisions queued', async () => {
    const ledger = await verifyLedger(database.db);
    expect(ledger.problems).toEqual([]);
    expect(ledger.entries).toBeGreaterThan(0);
  });
});
