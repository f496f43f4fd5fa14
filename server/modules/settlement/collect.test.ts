import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { createTestDatabase, testDbKinds } from '../../test/db.js';
import { journalEntries, verifyLedger } from '../ledger/index.js';
import { PiiCrypto } from '../privacy/pii-crypto.js';
import { CalendarService } from '../calendar/calendar-service.js';
import { topUpDeposit, topUpFund } from './deposits.js';
import { payMerchantsDue } from './settle.js';
import { eventSettlements, recoveryClaims } from './settlement.table.js';
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

  it('takes a refund reported after the payout from the deposit, then the fund with a claim on the merchant', async () => {
    const { tenant, order, ctx } = await tenantWithEvent(database.db, pii, NOW);
    const m = tenant.merchantId;
    await topUpDeposit(database.db, ctx, { merchantId: m, amountFen: 5_000n, reference: 'D-1' });
    await topUpFund(database.db, ctx, { amountFen: 100_000n, reference: `F-${tenant.id}` });
    await order('S-1', 30_000, { ticket: false, paidAt: '2026-11-09T12:00:00+08:00' });
    await order('S-2', 2_000, { ticket: false, paidAt: '2026-11-19T12:00:00+08:00' });
    await payMerchantsDue(database.db, { now: () => NOW, calendars: new CalendarService(database.db) });
    expect(await balanceOf(database.db, tenant.id, `merchant_pending:${m}`)).toBe(-2_000n);

    // ¥300 refunded by the marketplace after ¥300 was paid out: ¥20 still pending, ¥50 deposit, ¥230 advanced.
    await order('S-1', 30_000, {
      ticket: false,
      refundedFen: 30_000,
      paidAt: '2026-11-09T12:00:00+08:00',
    });
    expect(await balanceOf(database.db, tenant.id, `merchant_pending:${m}`)).toBe(0n);
    expect(await balanceOf(database.db, tenant.id, `merchant_deposit:${m}`)).toBe(0n);
    expect(await balanceOf(database.db, tenant.id, `merchant_recovery:${m}`)).toBe(23_000n);
    const [claim] = await database.db.select().from(recoveryClaims).where(eq(recoveryClaims.merchantId, m));
    expect(claim).toMatchObject({ amountFen: 23_000n, status: 'open' });
    // Re-sending the same order posts nothing more.
    await order('S-1', 30_000, { ticket: false, refundedFen: 30_000, paidAt: '2026-11-09T12:00:00+08:00' });
    expect(
      await database.db.select().from(recoveryClaims).where(eq(recoveryClaims.merchantId, m)),
    ).toHaveLength(1);

    // Beyond what the fund can advance the report is refused whole (422 FUND_SHORT), nothing posted.
    await order('S-3', 500_000, { ticket: false, paidAt: '2026-11-09T14:00:00+08:00' });
    await payMerchantsDue(database.db, {
      now: () => new Date('2026-11-21T02:00:00Z'),
      calendars: new CalendarService(database.db),
    });
    await expect(
      order('S-3', 500_000, { ticket: false, refundedFen: 500_000, paidAt: '2026-11-09T14:00:00+08:00' }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    expect(await balanceOf(database.db, tenant.id, `merchant_recovery:${m}`)).toBe(23_000n);
    expect((await verifyLedger(database.db)).problems).toEqual([]);
  });
});
