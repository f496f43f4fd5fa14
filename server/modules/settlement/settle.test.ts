import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimProviderHandle } from '../../../tools/sim-payment-provider/index.js';
import type { Database } from '../../db/client.js';
import { createTestDatabase, testDbKinds } from '../../test/db.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { auditEvents, transact } from '../audit/index.js';
import { CalendarService } from '../calendar/calendar-service.js';
import { buildWorkCalendar } from '../calendar/index.js';
import { journalEntries, verifyLedger } from '../ledger/index.js';
import { UpsertEventBodySchema } from '../orders/orders.schemas.js';
import { upsertEvent } from '../orders/upsert-event.js';
import type { HttpPaymentProvider } from '../payments/index.js';
import { startCallbackSink, waitFor } from '../payments/test-support.js';
import { receiveProviderCallback } from '../refunds/receive-callback.js';
import { PiiCrypto } from '../privacy/pii-crypto.js';
import { placeHold } from './holds.js';
import { reconcilePayouts, sendDuePayouts } from './payouts.js';
import { payMerchantsDue, settleDueEvents } from './settle.js';
import { eventSettlementDue, maturedThrough, payableNow, refundOverdue } from './settlement-rules.js';
import { eventSettlements, payoutEvents, payouts } from './settlement.table.js';
import { balanceOf, tenantWithEvent, testProvider } from './test-support.js';

const NOW = new Date('2026-11-20T02:00:00Z');
const pii = new PiiCrypto([{ id: 't1', key: randomBytes(32) }]);
const calendar = buildWorkCalendar();

describe('settlement rules', () => {
  it('settles an event ending Saturday after the end of the following Wednesday (3 working days)', () => {
    const due = eventSettlementDue(new Date('2026-11-21T22:00:00+08:00'), calendar);
    expect(due.at.toISOString()).toBe('2026-11-25T15:59:59.999Z');
  });

  it('skips the National Day holiday when counting the 3 working days', () => {
    // Ends Tue 2026-09-29; 10-01…10-07 are off; 09-30, 10-08, 10-09 are the working days.
    const due = eventSettlementDue(new Date('2026-09-29T21:00:00+08:00'), calendar);
    expect(due.at.toISOString()).toBe('2026-10-09T15:59:59.999Z');
  });

  it('keeps non-ticket money back for 7 working days after payment', () => {
    // At Fri 11-20 10:00 Shanghai, money paid by Tue 11-10 matured (7 working days ended Thu 11-19).
    expect(maturedThrough(NOW, 7, calendar)).toBe('2026-11-10');
  });

  it('pays nothing while frozen and never below zero', () => {
    const holds = { frozen: false, heldFen: 3_000n };
    expect(payableNow({ pendingFen: 10_000n, immatureFen: 2_000n, holds })).toBe(5_000n);
    expect(payableNow({ pendingFen: 1_000n, immatureFen: 2_000n, holds })).toBe(0n);
    expect(payableNow({ pendingFen: 10_000n, immatureFen: 0n, holds: { frozen: true, heldFen: 0n } })).toBe(
      0n,
    );
  });

  it('counts a refund overdue only past 7 working days', () => {
    // Due Mon 11-09: the 7th working day after is Wed 11-18, so overdue from Thu 11-19.
    expect(refundOverdue('2026-11-09', new Date('2026-11-18T08:00:00Z'), calendar)).toBe(false);
    expect(refundOverdue('2026-11-09', new Date('2026-11-19T08:00:00Z'), calendar)).toBe(true);
  });
});

describe.each(testDbKinds)('settlement on %s', (kind) => {
  let database: Database;
  let calendars: CalendarService;
  let sim: SimProviderHandle;
  let provider: () => HttpPaymentProvider;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    calendars = new CalendarService(database.db);
    ({ sim, provider } = await testProvider(3));
  });
  afterAll(async () => {
    await sim.close();
    await database.close();
  });
  const at = (iso: string) => ({ now: () => new Date(iso), calendars });

  it('pays the escrow minus refunds and holds to the organizer once, after 3 working days', async () => {
    const { tenant, event, order, ctx } = await tenantWithEvent(database.db, pii, NOW);
    await order('T-1', 58_000);
    await order('T-2', 42_000);
    await order('T-3', 10_000, { refundedFen: 10_000 });
    await transact(database.db, (tx) =>
      placeHold(
        tx,
        { merchantId: tenant.otherMerchantId, eventId: event.id, amountFen: 5_000n, reason: '争议中' },
        ctx,
      ),
    );
    expect(await settleDueEvents(database.db, at('2026-11-25T15:59:59.000Z'))).toBe(0);
    const [early] = await database.db
      .select()
      .from(eventSettlements)
      .where(eq(eventSettlements.eventId, event.id));
    expect(early).toMatchObject({ status: 'scheduled', dueAt: new Date('2026-11-25T15:59:59.999Z') });

    const runs = await Promise.all(
      [1, 2, 3].map(() => settleDueEvents(database.db, at('2026-11-25T16:00:01Z'))),
    );
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    const [s] = await database.db
      .select()
      .from(eventSettlements)
      .where(eq(eventSettlements.eventId, event.id));
    expect(s).toMatchObject({ status: 'settled', escrowFen: 100_000n, heldFen: 5_000n, settledFen: 95_000n });
    expect(await balanceOf(database.db, tenant.id, `ticket_escrow:${event.id}`)).toBe(-5_000n);
    const rows = await database.db.select().from(payouts).where(eq(payouts.tenantId, tenant.id));
    expect(rows.map((p) => [p.reason, p.amountFen, p.status])).toEqual([
      ['event_settlement', 95_000n, 'pending'],
    ]);
    expect(await balanceOf(database.db, tenant.id, `merchant_pending:${tenant.otherMerchantId}`)).toBe(0n);
    const settles = await database.db
      .select()
      .from(journalEntries)
      .where(and(eq(journalEntries.tenantId, tenant.id), eq(journalEntries.kind, 'event_settlement')));
    expect(settles).toHaveLength(1);
    expect((await verifyLedger(database.db)).problems).toEqual([]);
  });

  it('settles a frozen organizer into pending settlement but pays nothing out', async () => {
    const { tenant, event, order, ctx } = await tenantWithEvent(database.db, pii, NOW);
    await order('T-1', 20_000);
    await transact(database.db, (tx) =>
      placeHold(tx, { merchantId: tenant.otherMerchantId, amountFen: null, reason: '协助追偿冻结' }, ctx),
    );
    await settleDueEvents(database.db, at('2026-11-26T01:00:00Z'));
    const [s] = await database.db
      .select()
      .from(eventSettlements)
      .where(eq(eventSettlements.eventId, event.id));
    expect(s).toMatchObject({ status: 'settled', settledFen: 20_000n, payoutId: null });
    expect(await balanceOf(database.db, tenant.id, `merchant_pending:${tenant.otherMerchantId}`)).toBe(
      -20_000n,
    );
    expect(await payMerchantsDue(database.db, at('2026-11-26T01:00:00Z'))).toBe(0);
  });

  it('skips a cancelled event: its escrow stays for the refunds', async () => {
    const { tenant, event, order, ctx } = await tenantWithEvent(database.db, pii, NOW);
    await order('T-1', 20_000);
    await upsertEvent(
      database.db,
      ctx,
      UpsertEventBodySchema.parse({
        externalId: event.externalId,
        organizerExternalId: 'm2',
        title: event.title,
        startsAt: event.startsAt.toISOString(),
        endsAt: event.endsAt.toISOString(),
        refundWindowDays: 7,
        status: 'cancelled',
      }),
    );
    await settleDueEvents(database.db, at('2026-11-26T01:00:00Z'));
    const [s] = await database.db
      .select()
      .from(eventSettlements)
      .where(eq(eventSettlements.eventId, event.id));
    expect(s!.status).toBe('skipped');
    expect(await balanceOf(database.db, tenant.id, `ticket_escrow:${event.id}`)).toBe(-20_000n);
  });

  it('pays a shop its matured money once a day and keeps recent payments back', async () => {
    const { tenant, order } = await tenantWithEvent(database.db, pii, NOW);
    await order('S-1', 30_000, { ticket: false, paidAt: '2026-11-09T12:00:00+08:00' });
    await order('S-2', 7_000, { ticket: false, paidAt: '2026-11-19T12:00:00+08:00' });
    const runs = await Promise.all([1, 2].map(() => payMerchantsDue(database.db, at(NOW.toISOString()))));
    expect(runs.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    const rows = await database.db.select().from(payouts).where(eq(payouts.merchantId, tenant.merchantId));
    expect(rows.map((p) => [p.reason, p.sourceId, p.amountFen])).toEqual([
      ['merchant_cycle', '2026-11-20', 30_000n],
    ]);
    expect(await balanceOf(database.db, tenant.id, `merchant_pending:${tenant.merchantId}`)).toBe(-7_000n);
  });

  it('sends payouts through the provider under their key; a definite failure puts the money back', async () => {
    const { tenant, order } = await tenantWithEvent(database.db, pii, NOW);
    await order('S-1', 30_000, { ticket: false, paidAt: '2026-11-09T12:00:00+08:00' });
    await payMerchantsDue(database.db, at(NOW.toISOString()));
    const pending = `merchant_pending:${tenant.merchantId}`;
    expect(await balanceOf(database.db, tenant.id, pending)).toBe(0n);
    const opts = { now: () => NOW, callbackUrl: 'http://127.0.0.1:9/callbacks' };
    // Other tests' payouts are due too; a second sender finds every one of them claimed.
    expect((await sendDuePayouts(database.db, provider(), opts)).sent).toBeGreaterThanOrEqual(1);
    expect((await sendDuePayouts(database.db, provider(), opts)).sent).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    await reconcilePayouts(database.db, provider(), { now: () => new Date(NOW.getTime() + 11 * 60_000) });
    const [ok] = await database.db.select().from(payouts).where(eq(payouts.merchantId, tenant.merchantId));
    expect(ok).toMatchObject({ status: 'succeeded', amountFen: 30_000n });

    // The next day's payout fails at the provider (account closed): the reversal restores the pending money.
    await order('S-2', 12_000, { ticket: false, paidAt: '2026-11-09T13:00:00+08:00' });
    const tomorrow = new Date('2026-11-21T02:00:00Z');
    await payMerchantsDue(database.db, at(tomorrow.toISOString()));
    sim.setMode({ failureRate: 1 });
    await sendDuePayouts(database.db, provider(), { ...opts, now: () => tomorrow });
    await new Promise((r) => setTimeout(r, 50));
    await reconcilePayouts(database.db, provider(), {
      now: () => new Date(tomorrow.getTime() + 11 * 60_000),
    });
    sim.setMode({ failureRate: 0 });
    const rows = await database.db.select().from(payouts).where(eq(payouts.merchantId, tenant.merchantId));
    const failed = rows.find((p) => p.sourceId === '2026-11-21');
    expect(failed).toMatchObject({ status: 'failed', amountFen: 12_000n });
    expect(failed!.reversalEntryId).toBeTruthy();
    expect(await balanceOf(database.db, tenant.id, pending)).toBe(-12_000n);
    expect((await verifyLedger(database.db)).problems).toEqual([]);
  });

  it('applies payout callbacks once per provider event, verified, through the callback receiver', async () => {
    const sink = await startCallbackSink();
    try {
      const { tenant, order } = await tenantWithEvent(database.db, pii, NOW);
      await order('S-1', 25_000, { ticket: false, paidAt: '2026-11-09T12:00:00+08:00' });
      await payMerchantsDue(database.db, at(NOW.toISOString()));
      const opts = { now: () => NOW, callbackUrl: sink.url };
      await sendDuePayouts(database.db, provider(), opts);
      const [sent] = await database.db
        .select()
        .from(payouts)
        .where(eq(payouts.merchantId, tenant.merchantId));
      expect(sent).toMatchObject({ status: 'sent', amountFen: 25_000n });
      const callbacks = async (key: string) => {
        await waitFor(() => sink.received.some((c) => c.rawBody.toString().includes(key)), 'payout callback');
        const outcomes = [];
        for (const c of sink.received.filter((c) => c.rawBody.toString().includes(key)))
          outcomes.push(
            await receiveProviderCallback(database.db, provider(), {
              headers: c.headers,
              rawBody: c.rawBody,
              now: new Date(),
            }),
          );
        return outcomes;
      };
      expect(await callbacks(sent!.idempotencyKey)).toEqual(['applied']);
      // The same delivery again is acknowledged and changes nothing.
      expect(await callbacks(sent!.idempotencyKey)).toEqual(['duplicate']);
      const [paid] = await database.db.select().from(payouts).where(eq(payouts.id, sent!.id));
      expect(paid).toMatchObject({ status: 'succeeded', providerRef: expect.any(String) as string });
      const history = await database.db
        .select()
        .from(payoutEvents)
        .where(eq(payoutEvents.payoutId, sent!.id));
      expect(history.map((e) => e.status)).toEqual(['succeeded']);

      // A forged callback naming the payout is refused before anything is read.
      const forged = Buffer.from(sink.received.at(-1)!.rawBody.toString().replace('succeeded', 'failed'));
      await expect(
        receiveProviderCallback(database.db, provider(), {
          headers: sink.received.at(-1)!.headers,
          rawBody: forged,
          now: new Date(),
        }),
      ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

      // The next day's payout fails at the provider; its callback posts the reversal once.
      await order('S-2', 9_000, { ticket: false, paidAt: '2026-11-09T13:00:00+08:00' });
      const tomorrow = new Date('2026-11-21T02:00:00Z');
      await payMerchantsDue(database.db, at(tomorrow.toISOString()));
      sim.setMode({ failureRate: 1 });
      await sendDuePayouts(database.db, provider(), { ...opts, now: () => tomorrow });
      sim.setMode({ failureRate: 0 });
      const [second] = await database.db
        .select()
        .from(payouts)
        .where(and(eq(payouts.merchantId, tenant.merchantId), eq(payouts.sourceId, '2026-11-21')));
      expect(await callbacks(second!.idempotencyKey)).toEqual(['applied']);
      const [failed] = await database.db.select().from(payouts).where(eq(payouts.id, second!.id));
      expect(failed).toMatchObject({ status: 'failed' });
      expect(failed!.reversalEntryId).toBeTruthy();
      expect(await balanceOf(database.db, tenant.id, `merchant_pending:${tenant.merchantId}`)).toBe(-9_000n);
      expect((await verifyLedger(database.db)).problems).toEqual([]);
    } finally {
      await sink.close();
    }
  });

  it('records who placed a hold in the audit trail', async () => {
    const { tenant, ctx } = await tenantWithEvent(database.db, pii, NOW);
    const hold = await transact(database.db, (tx) =>
      placeHold(
        tx,
        { merchantId: tenant.merchantId, amountFen: 100n, reason: 'r' },
        { ...ctx, actor: SYSTEM_ACTOR },
      ),
    );
    const [event] = await database.db.select().from(auditEvents).where(eq(auditEvents.targetId, hold.id));
    expect(event).toMatchObject({ action: 'settlement.hold_placed', tenantId: tenant.id });
  });
});
