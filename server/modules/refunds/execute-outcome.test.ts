import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { createTestDatabase, testDbKinds } from '../../test/db.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { auditEvents, transact } from '../audit/index.js';
import { CalendarService } from '../calendar/calendar-service.js';
import { verifyLedger } from '../ledger/index.js';
import { PiiCrypto } from '../privacy/pii-crypto.js';
import { topUpDeposit, topUpFund } from '../settlement/deposits.js';
import { payMerchantsDue } from '../settlement/settle.js';
import { compensations, recoveryClaims } from '../settlement/settlement.table.js';
import { balanceOf, tenantWithEvent } from '../settlement/test-support.js';
import { newId } from '../../lib/ids.js';
import { FixedClock } from '../../lib/clock.js';
import { startCallbackSink, waitFor, type CallbackSink } from '../payments/test-support.js';
import { testProvider } from '../settlement/test-support.js';
import type { SimProviderHandle } from '../../../tools/sim-payment-provider/index.js';
import type { HttpPaymentProvider } from '../payments/index.js';
import { loadCaseMoney } from './case-money.js';
import { dispatchDueRefunds } from './dispatch-refunds.js';
import { executeOutcome, type OutcomeRemedy } from './execute-outcome.js';
import { drainSettledRefunds } from './post-settled-refunds.js';
import { receiveProviderCallback } from './receive-callback.js';
import { refundInstructions } from './refunds.table.js';

const NOW = new Date('2026-11-20T02:00:00Z');
const pii = new PiiCrypto([{ id: 't1', key: randomBytes(32) }]);

describe.each(testDbKinds)('executing a decision whose merchant is short on %s', (kind) => {
  let database: Database;
  let calendars: CalendarService;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    calendars = new CalendarService(database.db);
  });
  afterAll(() => database.close());
  const db = () => database.db;

  /** A shop (merchant m1) paid out for an order of `fen`: its pending settlement is empty. */
  async function paidOutOrder(fen: number) {
    const t = await tenantWithEvent(db(), pii, NOW);
    const { order } = await t.order(`S-${randomBytes(3).toString('hex')}`, fen, {
      ticket: false,
      paidAt: '2026-11-09T12:00:00+08:00',
    });
    await payMerchantsDue(db(), { now: () => NOW, calendars });
    expect(await balanceOf(db(), t.tenant.id, `merchant_pending:${t.tenant.merchantId}`)).toBe(0n);
    return { ...t, orderRow: order };
  }

  const decide = (t: Awaited<ReturnType<typeof paidOutOrder>>, caseId: string, remedies: OutcomeRemedy[]) =>
    transact(db(), (tx) =>
      executeOutcome(
        tx,
        { id: caseId, tenantId: t.tenant.id, number: `AC-${caseId}`, orderId: t.orderRow.id },
        remedies,
        { now: NOW, actor: SYSTEM_ACTOR },
      ),
    );

  it('draws the deposit, has the fund advance the rest and opens a recovery claim; once', async () => {
    const t = await paidOutOrder(30_000);
    const m = t.tenant.merchantId;
    await topUpDeposit(db(), t.ctx, { merchantId: m, amountFen: 10_000n, reference: 'D-1' });
    await topUpFund(db(), t.ctx, { amountFen: 100_000n, reference: 'F-1' });
    const caseId = newId('case');
    const remedy: OutcomeRemedy = { type: 'full_refund', amountFen: 30_000n, payer: 'respondent' };
    const [ins] = await decide(t, caseId, [remedy]);
    expect(ins).toMatchObject({
      status: 'pending',
      amountFen: 30_000n,
      fundedFrom: `merchant_deposit:${m}`,
    });
    const bal = (code: string) => balanceOf(db(), t.tenant.id, code);
    expect(await bal(`merchant_deposit:${m}`)).toBe(0n);
    expect(await bal(`merchant_recovery:${m}`)).toBe(20_000n);
    expect(await bal('consumer_refunds_payable')).toBe(-30_000n);
    // Nothing is left unexplained on the platform's own advances.
    expect(await bal('platform_advances')).toBe(0n);
    const claims = await db()
      .select()
      .from(recoveryClaims)
      .where(and(eq(recoveryClaims.tenantId, t.tenant.id), eq(recoveryClaims.caseId, caseId)));
    expect(claims).toMatchObject([{ merchantId: m, amountFen: 20_000n, status: 'open' }]);

    // Re-running the execution returns the first result and draws nothing again.
    expect((await decide(t, caseId, [remedy])).map((i) => i.id)).toEqual([ins!.id]);
    const draws = await db()
      .select()
      .from(compensations)
      .where(and(eq(compensations.tenantId, t.tenant.id), eq(compensations.caseId, caseId)));
    expect(draws).toMatchObject([{ amountFen: 30_000n, fromDepositFen: 10_000n, fromFundFen: 20_000n }]);
    expect(await bal(`merchant_recovery:${m}`)).toBe(20_000n);

    // The parties see the draw and the claim on the case.
    const money = await loadCaseMoney(db(), { tenantId: t.tenant.id, id: caseId }, 'party');
    expect(money.charges).toMatchObject([
      {
        amountFen: '30000',
        fromDepositFen: '10000',
        fromFundFen: '20000',
        claim: { status: 'open', recoveredFen: '0' },
      },
    ]);
    expect(money.charges[0]!.label.zh).toContain('消费者保障基金先行垫付');
    expect((await verifyLedger(db())).problems).toEqual([]);
  });

  it('takes what the pending settlement still holds before drawing on the deposit', async () => {
    const t = await paidOutOrder(30_000);
    const m = t.tenant.merchantId;
    // A recent order, not yet matured: 4,000 wait in the pending settlement.
    await t.order('S-recent', 4_000, { ticket: false, paidAt: '2026-11-19T12:00:00+08:00' });
    await topUpDeposit(db(), t.ctx, { merchantId: m, amountFen: 50_000n, reference: 'D-2' });
    const caseId = newId('case');
    const [ins] = await decide(t, caseId, [
      { type: 'partial_refund', amountFen: 10_000n, payer: 'respondent' },
    ]);
    expect(ins).toMatchObject({ status: 'pending', fundedFrom: `merchant_deposit:${m}` });
    expect(await balanceOf(db(), t.tenant.id, `merchant_pending:${m}`)).toBe(0n);
    expect(await balanceOf(db(), t.tenant.id, `merchant_deposit:${m}`)).toBe(-44_000n);
    expect(await balanceOf(db(), t.tenant.id, `merchant_recovery:${m}`)).toBe(0n);
    expect((await verifyLedger(db())).problems).toEqual([]);
  });

  it("refuses a marketplace refund report that, with Accord's refund, would exceed what was paid", async () => {
    const t = await paidOutOrder(30_000);
    const m = t.tenant.merchantId;
    await topUpDeposit(db(), t.ctx, { merchantId: m, amountFen: 50_000n, reference: 'D-3' });
    await decide(t, newId('case'), [{ type: 'partial_refund', amountFen: 10_000n, payer: 'respondent' }]);
    const report = (refundedFen: number) =>
      t.order(t.orderRow.externalId, 30_000, {
        ticket: false,
        paidAt: '2026-11-09T12:00:00+08:00',
        refundedFen,
      });
    const deposit = () => balanceOf(db(), t.tenant.id, `merchant_deposit:${m}`);
    const before = await deposit();
    // The marketplace counted Accord's ¥100 among its own ¥200.01: posting it would charge the merchant twice.
    await expect(report(20_001)).rejects.toMatchObject({
      code: 'CONFLICT',
      fields: [{ path: 'refundedFen', code: 'over_refunded' }],
    });
    expect(await deposit()).toBe(before);
    // Its own ¥200, with Accord's ¥100, is exactly what was paid.
    const { order } = await report(20_000);
    expect(order.refundedFen).toBe(20_000n);
    expect(await deposit()).toBe(before + 20_000n);
    expect((await verifyLedger(db())).problems).toEqual([]);
  });

  it('refuses with FUND_SHORT and creates nothing when even the fund cannot cover the shortfall', async () => {
    const t = await paidOutOrder(30_000);
    const caseId = newId('case');
    await expect(
      decide(t, caseId, [{ type: 'full_refund', amountFen: 30_000n, payer: 'respondent' }]),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE', extra: { reason: 'FUND_SHORT' } });
    const money = await loadCaseMoney(db(), { tenantId: t.tenant.id, id: caseId }, 'staff');
    expect(money.refunds).toEqual([]);
    expect(money.ledger).toEqual([]);
  });
});

describe.each(testDbKinds)('compensation beyond the price paid on %s', (kind) => {
  let database: Database;
  let sim: SimProviderHandle;
  let provider: () => HttpPaymentProvider;
  let sink: CallbackSink;
  const clock = new FixedClock(NOW);
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ sim, provider } = await testProvider(21));
    sink = await startCallbackSink();
  });
  afterAll(async () => {
    await sim.close();
    await sink.close();
    await database.close();
  });
  const db = () => database.db;
  const dispatch = () =>
    dispatchDueRefunds(db(), {
      provider: provider(),
      callbackUrl: sink.url,
      now: () => clock.now(),
      random: () => 0,
    });
  const post = () => drainSettledRefunds(db(), { now: () => clock.now() });
  const row = async (id: string) =>
    (await db().select().from(refundInstructions).where(eq(refundInstructions.id, id)))[0]!;
  /** Hands every callback received for `key` to Accord; returns the outcomes. */
  async function deliver(key: string) {
    const outcomes = [];
    for (const c of sink.received.filter((r) => r.rawBody.toString().includes(key)))
      outcomes.push(
        await receiveProviderCallback(db(), provider(), {
          headers: c.headers,
          rawBody: c.rawBody,
          now: clock.now(),
        }),
      );
    return outcomes;
  }
  const callbackFor = (key: string) =>
    waitFor(() => sink.received.some((c) => c.rawBody.toString().includes(key)), `callback for ${key}`);

  /** A shop order of ¥100 (merchant m1, its money still in the pending settlement) known to the provider. */
  async function order100() {
    const t = await tenantWithEvent(db(), pii, NOW);
    const externalId = `S-${randomBytes(3).toString('hex')}`;
    const { order } = await t.order(externalId, 10_000, {
      ticket: false,
      paidAt: '2026-11-19T12:00:00+08:00',
    });
    sim.registerPayment({ paymentRef: externalId, orderRef: externalId, amountFen: 10_000n });
    await topUpDeposit(db(), t.ctx, { merchantId: t.tenant.merchantId, amountFen: 100_000n, reference: 'D' });
    const caseId = newId('case');
    const execute = (remedies: OutcomeRemedy[]) =>
      transact(db(), (tx) =>
        executeOutcome(
          tx,
          { id: caseId, tenantId: t.tenant.id, number: `AC-${caseId}`, orderId: order.id },
          remedies,
          { now: clock.now(), actor: SYSTEM_ACTOR },
        ),
      );
    const bal = (code: string) => balanceOf(db(), t.tenant.id, code);
    return { ...t, externalId, caseId, execute, bal };
  }
  // 消法 Art. 55: 3× the price, at least ¥500 — on a ¥100 order, ¥500.
  const treble: OutcomeRemedy = { type: 'compensation', amountFen: 50_000n, payer: 'respondent' };

  it('pays ¥100 back along the original route and ¥400 by transfer, each once, with the ledger balanced', async () => {
    const o = await order100();
    const m = o.tenant.merchantId;
    const [refund, transfer] = await o.execute([treble]);
    expect(refund).toMatchObject({ kind: 'refund', amountFen: 10_000n, status: 'pending' });
    expect(transfer).toMatchObject({
      kind: 'transfer',
      amountFen: 40_000n,
      status: 'pending',
      remedyIndex: 0,
    });
    expect(transfer!.idempotencyKey).toMatch(/^accord-transfer-/);
    // Charged to the merchant: its pending settlement for the refund, its deposit for the rest.
    expect(refund!.fundedFrom).toBe(`merchant_pending:${m}`);
    expect(transfer!.fundedFrom).toBe(`merchant_deposit:${m}`);
    expect(await o.bal(`merchant_deposit:${m}`)).toBe(-60_000n);
    expect((await o.execute([treble])).map((i) => i.id)).toEqual([refund!.id, transfer!.id]);

    const before = sim.stats();
    expect(await dispatch()).toMatchObject({ claimed: 2, recorded: 2 });
    await callbackFor(refund!.idempotencyKey);
    await callbackFor(transfer!.idempotencyKey);
    const first = [...(await deliver(refund!.idempotencyKey)), ...(await deliver(transfer!.idempotencyKey))];
    expect(first[0]).toBe('applied');
    // Duplicate callbacks change nothing.
    expect(await deliver(transfer!.idempotencyKey)).toEqual(
      sink.received
        .filter((c) => c.rawBody.toString().includes(transfer!.idempotencyKey))
        .map(() => 'duplicate'),
    );
    expect(await row(refund!.id)).toMatchObject({ status: 'succeeded' });
    expect(await row(transfer!.id)).toMatchObject({ status: 'succeeded' });
    expect(await post()).toBe(2);
    expect(await post()).toBe(0);
    const after = sim.stats();
    expect(after.refundsAccepted - before.refundsAccepted).toBe(1);
    expect(after.transfersAccepted - before.transfersAccepted).toBe(1);
    expect(sim.payment(o.externalId)).toMatchObject({ refundedFen: '10000' });
    expect(await o.bal('consumer_refunds_payable')).toBe(0n);
    expect((await verifyLedger(db())).problems).toEqual([]);
    // The case's record names each for what it is: the transfer is not a refund.
    const audited = await db()
      .select({ action: auditEvents.action, targetId: auditEvents.targetId })
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, o.tenant.id), eq(auditEvents.caseId, o.caseId)))
      .orderBy(auditEvents.seq);
    const actionsOn = (id: string) => audited.filter((e) => e.targetId === id).map((e) => e.action);
    expect(actionsOn(refund!.id)).toEqual(['refund.instructed', 'refund.succeeded']);
    expect(actionsOn(transfer!.id)).toEqual(['transfer.instructed', 'transfer.succeeded']);

    const money = await loadCaseMoney(db(), { tenantId: o.tenant.id, id: o.caseId }, 'party');
    // The price comes back along the payment; the rest is compensation, shown apart (not as "refunded").
    expect(money.totals).toMatchObject({ paidFen: '50000', refundedFen: '10000', compensatedFen: '40000' });
    expect(money.refunds.map((r) => [r.kind, r.route, r.amountFen])).toEqual([
      ['refund', 'original_payment', '10000'],
      ['transfer', 'balance_transfer', '40000'],
    ]);
    expect(money.refunds[1]!.routeLabel.zh).toContain('打款到账户余额');
    expect(money.refunds[1]!.statusLabel.en).toBe('transferred to the account balance');
  });

  it('sends all of a compensation by transfer when a refund remedy already took the payment', async () => {
    const o = await order100();
    const created = await o.execute([
      { type: 'return_and_refund', amountFen: 10_000n, payer: 'respondent' },
      treble,
    ]);
    expect(created.map((i) => [i.remedyIndex, i.kind, i.amountFen])).toEqual([
      [0, 'refund', 10_000n],
      [1, 'transfer', 50_000n],
    ]);
    // A refund remedy beyond the payment is still refused, never turned into a transfer.
    const other = await order100();
    const [refused] = await other.execute([{ type: 'full_refund', amountFen: 10_001n, payer: 'respondent' }]);
    expect(refused).toMatchObject({
      kind: 'refund',
      status: 'failed',
      failureCode: 'REJECTED:EXCEEDS_REFUNDABLE',
    });
  });

  it('retries a transfer through an outage under the same key and pays it once', async () => {
    const o = await order100();
    const [, transfer] = await o.execute([treble]);
    sim.setMode({ outage: true });
    await dispatch();
    expect(await row(transfer!.id)).toMatchObject({ status: 'retrying', attempts: 1 });
    sim.setMode({ outage: false });
    clock.advance(31_000);
    await dispatch();
    expect(await row(transfer!.id)).toMatchObject({ status: 'sent' });
    await callbackFor(transfer!.idempotencyKey);
    expect(await deliver(transfer!.idempotencyKey)).toContain('applied');
    await post();
    expect(await row(transfer!.id)).toMatchObject({
      status: 'succeeded',
      idempotencyKey: transfer!.idempotencyKey,
    });
    // One operation at the provider under the instruction's key, whatever the number of attempts.
    expect(await provider().getStatus({ idempotencyKey: transfer!.idempotencyKey })).toMatchObject({
      kind: 'transfer',
      status: 'succeeded',
      amountFen: 40_000n,
    });
    expect((await verifyLedger(db())).problems).toEqual([]);
  });

  it('gives the money back to the merchant when the provider fails a transfer', async () => {
    const o = await order100();
    const m = o.tenant.merchantId;
    const [refund, transfer] = await o.execute([treble]);
    sim.setMode({ failureRate: 1 });
    try {
      await dispatch();
      await callbackFor(transfer!.idempotencyKey);
      await callbackFor(refund!.idempotencyKey);
    } finally {
      sim.setMode({ failureRate: 0 });
    }
    await deliver(transfer!.idempotencyKey);
    await deliver(refund!.idempotencyKey);
    expect(await row(transfer!.id)).toMatchObject({ status: 'failed' });
    await post();
    expect(await o.bal(`merchant_deposit:${m}`)).toBe(-100_000n);
    expect(await o.bal(`merchant_pending:${m}`)).toBe(-10_000n);
    expect(await o.bal('consumer_refunds_payable')).toBe(0n);
    expect((await verifyLedger(db())).problems).toEqual([]);
  });
});
