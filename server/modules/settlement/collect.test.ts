import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { createTestDatabase, testDbKinds } from '../../test/db.js';
import { journalEntries, verifyLedger } from '../ledger/index.js';
import { PiiCrypto } from '../privacy/pii-crypto.js';
import { eventSettlements } from './settlement.table.js';
import { balanceOf, tenantWithEvent } from './test-support.js';

const NOW = new Date('2026-11-20T02:00:00Z');
const pii = new PiiCrypto([{ id: 't1', key: randomBytes(32) }]);

describe.each(testDbKinds)('collections into escrow on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  it('posts a ticket payment into the event escrow once, however often the order is re-sent', async () => {
    const { tenant, event, order } = await tenantWithEvent(database.db, pii, NOW);
    const first = await order('T-1', 58_000);
    await order('T-1', 58_000);
    await order('T-1', 58_000);
    expect(await balanceOf(database.db, tenant.id, `ticket_escrow:${event.id}`)).toBe(-58_000n);
    expect(await balanceOf(database.db, tenant.id, 'provider_clearing')).toBe(58_000n);
    const entries = await database.db
      .select()
      .from(journalEntries)
      .where(and(eq(journalEntries.tenantId, tenant.id), eq(journalEntries.orderId, first.order.id)));
    expect(entries.map((e) => [e.kind, e.idempotencyKey])).toEqual([
      ['collection', `collect:${first.order.id}`],
    ]);
    const [s] = await database.db
      .select()
      .from(eventSettlements)
      .where(eq(eventSettlements.eventId, event.id));
    expect(s).toMatchObject({ status: 'scheduled', merchantId: tenant.otherMerchantId });
  });

  it('posts a shop payment to the merchant pending settlement, and reported refunds back out', async () => {
    const { tenant, order } = await tenantWithEvent(database.db, pii, NOW);
    await order('S-1', 10_000, { ticket: false, refundedFen: 2_000 });
    const pending = `merchant_pending:${tenant.merchantId}`;
    expect(await balanceOf(database.db, tenant.id, pending)).toBe(-8_000n);
    await order('S-1', 10_000, { ticket: false, refundedFen: 5_000 });
    await order('S-1', 10_000, { ticket: false, refundedFen: 5_000 });
    expect(await balanceOf(database.db, tenant.id, pending)).toBe(-5_000n);
    expect(await balanceOf(database.db, tenant.id, 'provider_clearing')).toBe(5_000n);
    expect((await verifyLedger(database.db)).problems).toEqual([]);
  });

  it('posts only the difference when the marketplace corrects an order total', async () => {
    const { tenant, event, order } = await tenantWithEvent(database.db, pii, NOW);
    await order('T-2', 30_000);
    await order('T-2', 35_000);
    await order('T-2', 28_000);
    expect(await balanceOf(database.db, tenant.id, `ticket_escrow:${event.id}`)).toBe(-28_000n);
  });
});
