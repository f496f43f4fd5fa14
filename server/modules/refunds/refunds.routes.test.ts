import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem, type Session } from '../../test/app.js';
import { testDbKinds } from '../../test/db.js';
import type { TestTenant } from '../../test/factories.js';
import { caseRefundJobHandlers } from '../cases/case-refund-jobs.js';
import { runDueJobs } from '../jobs/jobs.js';
import { verifyLedger } from '../ledger/index.js';
import { callbackSignature, HttpPaymentProvider, SIGNATURE_HEADER } from '../payments/index.js';
import { waitFor } from '../payments/test-support.js';
import { startSimProvider, type SimProviderHandle } from '../../../tools/sim-payment-provider/index.js';
import { dispatchDueRefunds, type PaymentsRuntime } from './dispatch-refunds.js';
import { drainSettledRefunds } from './post-settled-refunds.js';
import { CALLBACK_PATH } from './refunds.routes.js';

const SECRET = 'routes-callback-secret';

type Money = {
  totals: { instructedFen: string; paidFen: string; inFlightFen: string };
  refunds: {
    amountFen: string;
    payer: string;
    status: string;
    history: { status: string }[];
    internal?: { idempotencyKey: string };
  }[];
  ledger?: { kind: string; lines: { account: string; amountFen: string }[] }[];
};

describe.each(testDbKinds)('refunds over HTTP on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let sim: SimProviderHandle;
  let tenant: TestTenant;
  const runtime: PaymentsRuntime = { provider: undefined as never, callbackUrl: '' };

  beforeAll(async () => {
    sim = await startSimProvider({
      secret: SECRET,
      seed: 5,
      mode: { latencyMs: { min: 0, max: 0 }, settleDelayMs: 5, callbackRetryBaseMs: 20 },
    });
    runtime.provider = new HttpPaymentProvider({ baseUrl: sim.url, callbackSecrets: [SECRET] });
    t = await createTestApp(kind, { payments: runtime });
    // The provider's callbacks cross a real network boundary into the app.
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    runtime.callbackUrl = `${address}${CALLBACK_PATH}`;
    tenant = await t.tenant();
  });
  afterAll(async () => {
    await t.close();
    await sim.close();
  });

  async function paidOrder(externalId: string, totalFen: number): Promise<string> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: t.as({ apiKey: tenant.apiKey }),
      payload: {
        externalId,
        buyerExternalId: `buyer-${tenant.slug}`,
        merchantExternalId: 'm1',
        scenario: 'ecommerce',
        category: 'electronics',
        title: '蓝牙耳机',
        items: [{ sku: 'E', title: '蓝牙耳机', quantity: 1, unitPriceFen: totalFen }],
        goodsFen: totalFen,
        paidAt: '2026-11-15T10:00:00+08:00',
      },
    });
    sim.registerPayment({ paymentRef: externalId, orderRef: externalId, amountFen: BigInt(totalFen) });
    return res.json<{ id: string }>().id;
  }
  const money = (who: Session | { apiKey: string }, id: string) =>
    t.app.inject({ url: `/api/v1/cases/${id}/money`, headers: t.as(who) });
  const act = (who: Session, id: string, action: string, body: Record<string, unknown> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/actions/${action}`,
      headers: t.as(who),
      payload: body,
    });

  it('needs credentials (401) and hides the money of other parties cases (404)', async () => {
    const orderId = await paidOrder('O-hidden', 5_000);
    const consumer = await t.login(tenant, 'consumer');
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: t.as(consumer),
      payload: {
        kind: 'refund_request',
        orderId,
        category: 'quality',
        title: '申请退款',
        description: '收到的耳机左耳无声，申请退款。',
        requestedRemedy: 'full_refund',
        requestedAmountFen: 5_000,
      },
    });
    const id = filed.json<{ id: string }>().id;
    expect((await t.app.inject({ url: `/api/v1/cases/${id}/money` })).statusCode).toBe(401);
    const stranger = await money(await t.login(tenant, 'merchant2'), id);
    expect(stranger.statusCode).toBe(404);
    expect(problem(stranger).code).toBe('NOT_FOUND');
    expect((await money(consumer, id)).json<Money>()).toMatchObject({ refunds: [] });
  });

  it('refunds an agreed request through the provider, shows it to the parties, and closes the case', async () => {
    const orderId = await paidOrder('O-agreed', 29_900);
    const consumer = await t.login(tenant, 'consumer');
    const merchant = await t.login(tenant, 'merchant');
    const handler = await t.login(tenant, 'handler');
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: t.as(consumer),
      payload: {
        kind: 'refund_request',
        orderId,
        category: 'not_as_described',
        title: '申请退款',
        description: '耳机与描述不符，申请部分退款。',
        requestedRemedy: 'partial_refund',
        requestedAmountFen: 12_000,
      },
    });
    const id = filed.json<{ id: string }>().id;
    expect((await act(merchant, id, 'agree_refund')).json<{ stage: string }>().stage).toBe('refund_agreed');

    const mine = (await money(consumer, id)).json<Money>();
    expect(mine).toMatchObject({
      totals: { instructedFen: '12000', paidFen: '0', inFlightFen: '12000' },
      refunds: [{ amountFen: '12000', payer: 'respondent', status: 'pending' }],
    });
    expect(mine.ledger).toBeUndefined();
    expect(mine.refunds[0]!.internal).toBeUndefined();
    expect((await money(merchant, id)).statusCode).toBe(200);
    const staff = (await money(handler, id)).json<Money>();
    expect(staff.ledger?.map((e) => e.kind)).toEqual(['refund.payable']);

    const early = await act(handler, id, 'mark_executed');
    expect(early.statusCode).toBe(409);
    expect(problem(early).code).toBe('INVALID_TRANSITION');

    await dispatchDueRefunds(t.db, { ...runtime, now: () => t.clock.now() });
    let seen: Money | undefined;
    const poll = async () => {
      seen = (await money(consumer, id)).json<Money>();
    };
    await poll();
    for (let i = 0; i < 200 && seen!.refunds[0]!.status !== 'succeeded'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      await poll();
    }
    expect(seen).toMatchObject({
      totals: { paidFen: '12000', refundedFen: '12000', compensatedFen: '0', inFlightFen: '0' },
      refunds: [{ status: 'succeeded' }],
    });
    expect(seen!.refunds[0]!.history.map((h) => h.status)).toEqual(['pending', 'sent', 'succeeded']);
    await waitFor(() => sim.stats().callbacksDelivered >= 1, 'callback delivered');

    const now = () => t.clock.now();
    await drainSettledRefunds(t.db, { now });
    await runDueJobs(t.db, caseRefundJobHandlers(t.db, t.calendars, now), { now });
    const closed = await t.app.inject({ url: `/api/v1/cases/${id}`, headers: t.as(consumer) });
    expect(closed.json<{ stage: string; timeline: { action: string }[] }>()).toMatchObject({
      stage: 'closed',
    });
    expect(closed.json<{ timeline: { action: string }[] }>().timeline.map((e) => e.action)).toContain(
      'mark_executed',
    );
    const ledger = (await money(handler, id)).json<Money>().ledger!;
    expect(ledger.map((e) => e.kind)).toEqual(['refund.payable', 'refund.paid']);
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });

  it('answers a forged or stale callback 401 problem+json and a good one 200', async () => {
    const body = JSON.stringify({
      eventId: 'evt_forged',
      occurredAt: new Date().toISOString(),
      operation: {
        providerRef: 'rf_1',
        kind: 'refund',
        idempotencyKey: 'nobody',
        status: 'succeeded',
        amountFen: '1',
      },
    });
    const post = (signature: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/payments/callbacks',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
        payload: body,
      });
    const nowS = Math.floor(Date.now() / 1000);
    const forged = await post(`t=${nowS},v1=${callbackSignature('wrong-secret', nowS, body)}`);
    expect(forged.statusCode).toBe(401);
    expect(problem(forged).code).toBe('UNAUTHENTICATED');
    const stale = await post(`t=${nowS - 3_600},v1=${callbackSignature(SECRET, nowS - 3_600, body)}`);
    expect(stale.statusCode).toBe(401);
    const good = await post(`t=${nowS},v1=${callbackSignature(SECRET, nowS, body)}`);
    expect(good.statusCode).toBe(200);
    // Signed by the provider but for no instruction of Accord's: acknowledged, nothing changes.
    expect(good.json()).toEqual({ received: true, outcome: 'not_ours' });
  });
});
