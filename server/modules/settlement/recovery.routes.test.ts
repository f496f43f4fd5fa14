import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem, type Session } from '../../test/app.js';
import type { TestTenant } from '../../test/factories.js';
import { testDbKinds } from '../../test/db.js';
import { verifyLedger } from '../ledger/index.js';
import { tenants } from '../tenants/tenants.table.js';

type Recovery = {
  id: string;
  status: string;
  claimants: { caseId: string; claimFen: string; shareFen: string | null }[];
  distribution: {
    choice: string;
    result: {
      costsFen: string;
      advancesFen: string;
      consumers: { caseId: string; fen: string }[];
      surplusFen: string;
    };
    otherReading: { costsFen: string; advancesFen: string; consumers: { caseId: string; fen: string }[] };
  } | null;
};

describe.each(testDbKinds)('assisted recovery API on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  let admin: Session;
  let supervisor: Session;
  let consumer: Session;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  const post = (url: string, payload: unknown, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });
  const get = (url: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });

  async function order(externalId: string, fen: number): Promise<string> {
    const res = await post(
      '/orders',
      {
        externalId,
        buyerExternalId: `buyer-${tenant.slug}`,
        merchantExternalId: 'm1',
        scenario: 'ecommerce',
        category: 'electronics',
        title: '蓝牙耳机',
        items: [{ sku: 'E', title: '蓝牙耳机', quantity: 1, unitPriceFen: fen }],
        goodsFen: fen,
        paidAt: '2026-11-02T10:00:00+08:00',
      },
      t.as({ apiKey: tenant.apiKey }),
    );
    return res.json<{ id: string }>().id;
  }
  async function complaint(orderId: string): Promise<string> {
    const res = await post(
      '/cases',
      {
        kind: 'complaint',
        orderId,
        category: 'quality',
        title: '商家拒绝退款',
        description: '活动取消后主办方拒绝退款，联系不上。',
        requestedRemedy: 'full_refund',
        requestedAmountFen: 40_000,
      },
      t.as(consumer),
    );
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  }

  /**
   * seed 000 §3.3 as docs/domain/settlement.md works it: ¥1,000 recovered; costs ¥100; the fund advanced ¥300;
   * two consumers claim ¥400 and ¥500.
   */
  async function scenario() {
    tenant = await t.tenant();
    admin = await t.login(tenant, 'admin');
    supervisor = await t.login(tenant, 'supervisor');
    consumer = await t.login(tenant, 'consumer');
    await post('/guarantee-fund/top-ups', { amountFen: 30_000, reference: 'F-1' }, t.as(admin));
    const advanced = await post(
      `/merchants/${tenant.merchantId}/compensations`,
      { amountFen: 30_000, reason: '先行赔付', reference: 'C-1' },
      t.as(admin),
    );
    expect(advanced.json<{ compensation: { fromFundFen: string } }>().compensation.fromFundFen).toBe('30000');
    await order('BIG', 100_000);
    const caseA = await complaint(await order('A', 40_000));
    const caseB = await complaint(await order('B', 50_000));
    return { caseA, caseB };
  }

  it('needs credentials (401) and the freeze permission (403)', async () => {
    await scenario();
    const body = { merchantId: tenant.merchantId, trigger: 'refused', note: '拒绝退款' };
    expect((await post('/recoveries', body, {})).statusCode).toBe(401);
    const merchant = await t.login(tenant, 'merchant');
    const res = await post('/recoveries', body, t.as(merchant));
    expect(res.statusCode).toBe(403);
  });

  it('refuses a trigger that is not met and unknown cases, with field details', async () => {
    const { caseA } = await scenario();
    const res = await post(
      '/recoveries',
      {
        merchantId: tenant.merchantId,
        trigger: 'refund_overdue',
        note: '逾期未退',
        // The test clock is Fri 2026-11-20: due Thu 11-12 is 6 working days ago, not more than 7.
        refundDueOn: '2026-11-12',
        claimants: [
          { caseId: caseA, claimFen: 40_000 },
          { caseId: 'case_nope', claimFen: 1 },
        ],
      },
      t.as(supervisor),
    );
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors?.map((e) => [e.path, e.code])).toEqual([
      ['refundDueOn', 'not_overdue'],
      ['claimants.1.caseId', 'unknown'],
    ]);
    const unknownMerchant = await post(
      '/recoveries',
      { merchantId: 'mer_nope', trigger: 'unreachable', note: '失联' },
      t.as(supervisor),
    );
    expect(unknownMerchant.statusCode).toBe(404);
  });

  it('freezes, then distributes ¥1,000 exactly under the pack’s §3.3 c) reading and explains it on each case', async () => {
    const { caseA, caseB } = await scenario();
    const opened = await post(
      '/recoveries',
      {
        merchantId: tenant.merchantId,
        trigger: 'refund_overdue',
        note: '逾期退款超过 7 个工作日',
        refundDueOn: '2026-11-10',
        claimants: [
          { caseId: caseA, claimFen: 40_000 },
          { caseId: caseB, claimFen: 50_000 },
        ],
      },
      t.as(supervisor),
    );
    expect(opened.statusCode).toBe(201);
    const id = opened.json<Recovery>().id;
    const merchant = await t.login(tenant, 'merchant');
    expect((await get(`/merchants/${tenant.merchantId}/money`, t.as(merchant))).json()).toMatchObject({
      frozen: true,
      pendingFen: '190000',
    });
    expect((await get(`/recoveries/${id}`, t.as(merchant))).statusCode).toBe(200);
    const other = await t.login(tenant, 'merchant2');
    expect((await get(`/recoveries/${id}`, t.as(other))).statusCode).toBe(404);
    const twice = await post(
      '/recoveries',
      { merchantId: tenant.merchantId, trigger: 'unreachable', note: '失联' },
      t.as(supervisor),
    );
    expect(twice.statusCode).toBe(409);

    const tooMuch = await post(
      `/recoveries/${id}/distribution`,
      { fromPendingFen: 999_999 },
      t.as(supervisor),
    );
    expect(problem(tooMuch).errors?.[0]).toMatchObject({ path: 'fromPendingFen', code: 'too_big' });

    const done = await post(
      `/recoveries/${id}/distribution`,
      { fromPendingFen: 100_000, costsFen: 10_000 },
      t.as(supervisor),
    );
    expect(done.statusCode).toBe(200);
    const r = done.json<Recovery>();
    expect(r.distribution).toMatchObject({
      choice: 'costs_first_then_pro_rata',
      result: {
        costsFen: '10000',
        advancesFen: '22500',
        consumers: [
          { caseId: caseA, fen: '30000' },
          { caseId: caseB, fen: '37500' },
        ],
        surplusFen: '0',
      },
      // §3.3 a)+b): costs and the fund's ¥300 first; ¥600 split 4:5 → 266.67 / 333.33, the fen to the larger remainder.
      otherReading: {
        costsFen: '10000',
        advancesFen: '30000',
        consumers: [
          { caseId: caseA, fen: '26667' },
          { caseId: caseB, fen: '33333' },
        ],
      },
    });
    expect(r.claimants.map((c) => c.shareFen)).toEqual(['30000', '37500']);

    const seen = await get(`/cases/${caseA}`, t.as(consumer));
    const timeline = seen.json<{ timeline: { action: string; details: Record<string, unknown> }[] }>()
      .timeline;
    const note = timeline.find((e) => e.action === 'recovery_distributed');
    expect(note?.details).toMatchObject({
      shareFen: '30000',
      claimFen: '40000',
      otherReadingShareFen: '26667',
    });
    expect((note?.details.explanation as { zh: string }).zh).toContain('分得 ¥300.00');
    expect(timeline.some((e) => e.action === 'recovery_opened')).toBe(true);

    const money = (await get(`/merchants/${tenant.merchantId}/money`, t.as(merchant))).json();
    expect(money).toMatchObject({ frozen: false, pendingFen: '90000', owedFen: '7500' });
    expect(money.claims[0]).toMatchObject({ amountFen: '30000', recoveredFen: '22500', status: 'open' });
    expect((await get('/guarantee-fund', t.as(admin))).json()).toMatchObject({
      advancesOutstandingFen: '7500',
      availableFen: '22500',
      platformAdvancesFen: '0',
    });
    expect(
      (await post(`/recoveries/${id}/distribution`, { externalFen: 1 }, t.as(supervisor))).statusCode,
    ).toBe(409);
    expect((await verifyLedger(t.db)).problems).toEqual([]);
  });

  it('follows a tenant that chose the §3.3 a)+b) reading', async () => {
    const { caseA, caseB } = await scenario();
    await t.db
      .update(tenants)
      .set({ settings: { settlement: { recoveryDistribution: 'advances_and_costs_first' } } })
      .where(eq(tenants.id, tenant.id));
    const opened = await post(
      '/recoveries',
      {
        merchantId: tenant.merchantId,
        trigger: 'identity_unavailable',
        note: '无法提供主办方真实名称、地址和有效联系方式（消法第44条）',
        claimants: [
          { caseId: caseA, claimFen: 40_000 },
          { caseId: caseB, claimFen: 50_000 },
        ],
      },
      t.as(supervisor),
    );
    const r = (
      await post(
        `/recoveries/${opened.json<Recovery>().id}/distribution`,
        { fromPendingFen: 60_000, externalFen: 40_000, costsFen: 10_000 },
        t.as(supervisor),
      )
    ).json<Recovery>();
    expect(r.distribution?.choice).toBe('advances_and_costs_first');
    expect(r.claimants.map((c) => c.shareFen)).toEqual(['26667', '33333']);
    expect((await verifyLedger(t.db)).problems).toEqual([]);
  });
});
