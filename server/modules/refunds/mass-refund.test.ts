import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { newId } from '../../lib/ids.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { jobs } from '../jobs/jobs.table.js';
import { ledgerAccounts, verifyLedger } from '../ledger/index.js';
import { events, orders } from '../orders/orders.table.js';
import { createTestApp, problem } from '../../test/app.js';
import { testDbKinds } from '../../test/db.js';
import type { TestTenant } from '../../test/factories.js';
import { transact } from '../audit/index.js';
import { postEntry } from '../ledger/index.js';
import { collectMissing, transfer } from '../settlement/collect.js';
import { topUpDeposit, topUpFund } from '../settlement/deposits.js';
import { recoveryClaims } from '../settlement/settlement.table.js';
import { runMassRefund, startMassRefund } from './mass-refund.js';
import { massRefundJobHandlers } from './mass-refund-jobs.js';
import { creditBalance } from './refunds.repo.js';
import { massRefundClaims, refundInstructions } from './refunds.table.js';

const ORDERS = 60;
const PRICE = 38_000n;

describe.each(testDbKinds)('mass refunds on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  beforeAll(async () => {
    t = await createTestApp(kind);
    tenant = await t.tenant();
  });
  afterAll(() => t.close());

  /** An event of the organizer with `n` paid ticket orders; the last one already refunded by the marketplace. */
  async function eventWithOrders(n: number, tn: TestTenant = tenant): Promise<string> {
    const tenant = tn;
    const now = t.clock.now();
    const eventId = newId('evt', now.getTime());
    await t.db.insert(events).values({
      id: eventId,
      tenantId: tenant.id,
      externalId: `E-${randomBytes(3).toString('hex')}`,
      organizerId: tenant.otherMerchantId,
      title: '星河演唱会',
      startsAt: new Date('2026-12-31T12:00:00Z'),
      endsAt: new Date('2026-12-31T15:00:00Z'),
      refundWindowDays: 7,
      status: 'cancelled',
    });
    await t.db.insert(orders).values(
      Array.from({ length: n }, (_, i) => ({
        id: newId('ord', now.getTime()),
        tenantId: tenant.id,
        externalId: `T-${eventId}-${i}`,
        buyerExternalId: i === 0 ? `buyer-${tenant.slug}` : `buyer-${i}`,
        merchantId: tenant.otherMerchantId,
        eventId,
        category: 'concert',
        scenario: 'tickets',
        title: '内场票',
        items: [{ sku: 'A', title: '内场票', quantity: 1, unitPriceFen: Number(PRICE) }],
        goodsFen: PRICE,
        discountFen: 0n,
        taxFen: 0n,
        serviceFeeFen: 0n,
        shippingFen: 0n,
        totalFen: PRICE,
        refundedFen: i === n - 1 ? PRICE : 0n,
        paidAt: new Date('2026-11-01T02:00:00Z'),
      })),
    );
    return eventId;
  }

  it('refunds every order once across a crash and a resume, with the ledger posted and notices queued', async () => {
    const eventId = await eventWithOrders(ORDERS);
    const start = () =>
      startMassRefund(t.db, {
        tenantId: tenant.id,
        eventId,
        reason: 'cancelled',
        actor: SYSTEM_ACTOR,
        now: t.clock.now(),
      });
    const op = await start();
    expect(op).toMatchObject({ status: 'running', totalOrders: ORDERS, processed: 0 });
    let batches = 0;
    await expect(
      runMassRefund(t.db, op.id, {
        now: () => t.clock.now(),
        batchSize: 25,
        afterBatch: () => {
          batches += 1;
          if (batches === 2) throw new Error('process killed midway');
        },
      }),
    ).rejects.toThrow('killed');
    expect((await start()).processed).toBe(50);
    // Re-running resumes the same operation (starting again finds it).
    const progress: number[] = [];
    const done = await runMassRefund(t.db, (await start()).id, {
      now: () => t.clock.now(),
      batchSize: 25,
      onProgress: (p) => progress.push(p.processed),
    });
    expect(progress).toEqual([60]);
    expect(done).toMatchObject({
      status: 'done',
      processed: ORDERS,
      instructedFen: PRICE * BigInt(ORDERS - 1),
    });

    const claims = await t.db.select().from(massRefundClaims).where(eq(massRefundClaims.massRefundId, op.id));
    expect(claims).toHaveLength(ORDERS);
    expect(new Set(claims.map((c) => c.orderId)).size).toBe(ORDERS);
    expect(claims.filter((c) => c.instructionId === null)).toHaveLength(1);
    const [instructed] = await queryRows<{ n: number; fen: string }>(
      t.db,
      sql`select count(*)::int as n, sum(amount_fen)::text as fen from refund_instructions
           where tenant_id = ${tenant.id} and status = 'pending'`,
    );
    expect(instructed).toEqual({ n: ORDERS - 1, fen: String(PRICE * BigInt(ORDERS - 1)) });
    const balance = async (code: string) =>
      (
        await t.db
          .select()
          .from(ledgerAccounts)
          .where(and(eq(ledgerAccounts.tenantId, tenant.id), eq(ledgerAccounts.code, code)))
      )[0]!.balanceFen;
    expect(await balance('consumer_refunds_payable')).toBe(-PRICE * BigInt(ORDERS - 1));
    // Every ticket's money left escrow for the consumers.
    expect(await balance(`ticket_escrow:${eventId}`)).toBe(0n);
    // Orders written around the order upsert were collected as the upsert collects: one `collect:<order>`
    // each, the marketplace's own refund posted under `order-refund:`, the event's settlement scheduled.
    const [keys] = await queryRows<{ collect: number; refund: number; other: number }>(
      t.db,
      sql`select count(*) filter (where idempotency_key like 'collect:%')::int as collect,
                 count(*) filter (where idempotency_key like 'order-refund:%')::int as refund,
                 count(*) filter (where kind in ('collection', 'order_refund')
                                    and idempotency_key not similar to '(collect|order-refund):%')::int as other
            from journal_entries where tenant_id = ${tenant.id}`,
    );
    expect(keys).toEqual({ collect: ORDERS, refund: 1, other: 0 });
    const [settlement] = await queryRows<{ status: string }>(
      t.db,
      sql`select status from event_settlements where tenant_id = ${tenant.id} and event_id = ${eventId}`,
    );
    expect(settlement).toEqual({ status: 'scheduled' });
    expect((await verifyLedger(t.db)).problems).toEqual([]);
    const notices = await t.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.tenantId, tenant.id), eq(jobs.kind, 'mass_refund.notify')));
    expect(notices).toHaveLength(ORDERS - 1);
    // The buyer with an account here reads it in the inbox, in Chinese and in English.
    const theirs = notices.find(
      (j) => (j.payload as { buyerExternalId: string }).buyerExternalId === `buyer-${tenant.slug}`,
    )!;
    expect(await massRefundJobHandlers(t.db, () => t.clock.now())['mass_refund.notify']!(theirs)).toEqual({
      delivered: 1,
    });
    const consumer = await t.login(tenant, 'consumer');
    const [told] = (await t.app.inject({ url: '/api/v1/notices', headers: t.as(consumer) })).json<{
      items: { title: string; body: string; en: { title: string; body: string } | null }[];
    }>().items;
    expect(told!.title).toMatch(/^退款通知：/);
    expect(told!.body).toMatch(/^活动已取消，订单 T-.+ 的 ¥380\.00 将原路退回。$/);
    expect(told!.en!.title).toMatch(/^Refund on its way: /);
    expect(told!.en!.body).toMatch(
      /^Because the event was cancelled, ¥380\.00 of order T-.+ is being refunded/,
    );

    // Running a finished operation again changes nothing.
    await runMassRefund(t.db, op.id, { now: () => t.clock.now(), batchSize: 25 });
    expect(
      await t.db.select().from(refundInstructions).where(eq(refundInstructions.tenantId, tenant.id)),
    ).toHaveLength(ORDERS - 1);
  });

  it('draws what the paid-out event cannot pay on the organizer (deposit, fund advance + claim), else the platform advances', async () => {
    const tn = await t.tenant();
    const ctx = { tenantId: tn.id, actor: SYSTEM_ACTOR, now: t.clock.now() };
    const balance = async (code: string) =>
      (
        await t.db
          .select()
          .from(ledgerAccounts)
          .where(and(eq(ledgerAccounts.tenantId, tn.id), eq(ledgerAccounts.code, code)))
      )[0]?.balanceFen ?? 0n;
    /** An event whose ticket money was collected and then paid out to the organizer (its escrow empty). */
    const paidOutEvent = async (n: number) => {
      const eventId = await eventWithOrders(n, tn);
      const rows = await t.db.select().from(orders).where(eq(orders.eventId, eventId));
      await transact(t.db, async (tx) => {
        await collectMissing(tx, tn.id, rows, ctx);
        const held = await creditBalance(tx, tn.id, `ticket_escrow:${eventId}`);
        await postEntry(
          tx,
          {
            tenantId: tn.id,
            idempotencyKey: `test-payout:${eventId}`,
            kind: 'payout',
            memo: 'paid out to the organizer before the cancellation',
            lines: transfer(`ticket_escrow:${eventId}`, 'provider_clearing', held),
            actor: SYSTEM_ACTOR,
          },
          ctx.now,
        );
      });
      return eventId;
    };
    const massRefund = async (eventId: string) => {
      const op = await startMassRefund(t.db, {
        tenantId: tn.id,
        eventId,
        reason: 'cancelled',
        actor: SYSTEM_ACTOR,
        now: t.clock.now(),
      });
      return runMassRefund(t.db, op.id, { now: () => t.clock.now(), batchSize: 2 });
    };
    const fundedFrom = async (eventId: string) =>
      (
        await queryRows<{ funded_from: string }>(
          t.db,
          sql`select i.funded_from from refund_instructions i join orders o on o.id = i.order_id
               where o.event_id = ${eventId} order by i.order_id`,
        )
      ).map((r) => r.funded_from);
    const m = tn.otherMerchantId;
    await topUpDeposit(t.db, ctx, { merchantId: m, amountFen: 50_000n, reference: 'DEP-1' });
    await topUpFund(t.db, ctx, { amountFen: 100_000n, reference: 'FUND-1' });

    // Three tickets (¥380 each, the fourth refunded already) and nothing left in the escrow: the organizer's
    // ¥500 deposit pays first, the fund advances the other ¥640 and a claim against the organizer opens.
    const first = await paidOutEvent(4);
    expect(await massRefund(first)).toMatchObject({ status: 'done', instructedFen: PRICE * 3n });
    expect(await balance(`merchant_deposit:${m}`)).toBe(0n);
    expect(await balance(`merchant_recovery:${m}`)).toBe(PRICE * 3n - 50_000n);
    expect(await balance('platform_advances')).toBe(0n);
    expect(await fundedFrom(first)).toEqual(Array(3).fill(`merchant_deposit:${m}`));
    const claims = await t.db.select().from(recoveryClaims).where(eq(recoveryClaims.tenantId, tn.id));
    // Batches of two: a draw per batch (¥260 after the deposit, then ¥380), owed on the organizer's claim.
    expect(claims.reduce((sum, c) => sum + c.amountFen, 0n)).toBe(PRICE * 3n - 50_000n);
    expect(claims.every((c) => c.merchantId === m && c.status === 'open')).toBe(true);

    // A second paid-out event: the fund has ¥360 left to advance, not ¥760 — the platform advances it.
    const second = await paidOutEvent(3);
    expect(await massRefund(second)).toMatchObject({ status: 'done', instructedFen: PRICE * 2n });
    expect(await balance('platform_advances')).toBe(PRICE * 2n);
    expect(await fundedFrom(second)).toEqual(['platform_advances', 'platform_advances']);
    const after = await t.db.select().from(recoveryClaims).where(eq(recoveryClaims.tenantId, tn.id));
    expect(after.reduce((sum, c) => sum + c.amountFen, 0n)).toBe(PRICE * 3n - 50_000n);
    expect((await verifyLedger(t.db)).problems).toEqual([]);
  });

  it('starts over HTTP for a supervisor or the integration, reports progress, and refuses the others', async () => {
    const eventId = await eventWithOrders(3);
    const consumer = await t.login(tenant, 'consumer');
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventId}/mass-refunds`,
      headers: t.as(consumer),
      payload: { reason: 'cancelled' },
    });
    expect(refused.statusCode).toBe(403);
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventId}/mass-refunds`,
      headers: t.as({ apiKey: tenant.apiKey }),
      payload: { reason: 'bored' },
    });
    expect(problem(bad).errors?.[0]?.path).toBe('reason');
    const started = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventId}/mass-refunds`,
      headers: t.as(await t.login(tenant, 'supervisor')),
      payload: { reason: 'force_majeure' },
    });
    expect(started.statusCode).toBe(202);
    const op = started.json<{ id: string; status: string; totalOrders: number }>();
    expect(op).toMatchObject({ status: 'running', totalOrders: 3 });
    await runMassRefund(t.db, op.id, { now: () => t.clock.now() });
    const progress = await t.app.inject({
      url: `/api/v1/mass-refunds/${op.id}`,
      headers: t.as({ apiKey: tenant.apiKey }),
    });
    expect(progress.json()).toMatchObject({
      status: 'done',
      processedOrders: 3,
      instructedFen: String(PRICE * 2n),
      refunds: { inFlight: 2, succeeded: 0, failed: 0 },
    });
    const missing = await t.app.inject({
      url: `/api/v1/mass-refunds/mrf_nope`,
      headers: t.as({ apiKey: tenant.apiKey }),
    });
    expect(missing.statusCode).toBe(404);
  });
});
