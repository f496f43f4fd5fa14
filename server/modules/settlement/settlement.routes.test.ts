import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem, type Session } from '../../test/app.js';
import type { TestTenant } from '../../test/factories.js';
import { testDbKinds } from '../../test/db.js';
import { auditEvents } from '../audit/index.js';
import { verifyLedger } from '../ledger/index.js';
import { payouts } from './settlement.table.js';

describe.each(testDbKinds)('deposits, fund, compensation and holds API on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  let admin: Session;
  let merchant: Session;
  beforeAll(async () => {
    t = await createTestApp(kind);
    tenant = await t.tenant();
    admin = await t.login(tenant, 'admin');
    merchant = await t.login(tenant, 'merchant');
  });
  afterAll(() => t.close());

  const post = (url: string, payload: unknown, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });
  const get = (url: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });

  it('needs credentials (401)', async () => {
    const res = await get(`/merchants/${tenant.merchantId}/money`, {});
    expect(res.statusCode).toBe(401);
    expect(problem(res).code).toBe('UNAUTHENTICATED');
  });

  it("answers 404 for another merchant's money, as for one that does not exist", async () => {
    const other = await get(`/merchants/${tenant.otherMerchantId}/money`, t.as(merchant));
    const missing = await get(`/merchants/mer_nope/money`, t.as(admin));
    expect([other.statusCode, missing.statusCode]).toEqual([404, 404]);
    expect(problem(other).code).toBe('NOT_FOUND');
  });

  it('rejects a bad top-up with field details, and a merchant or consumer topping up', async () => {
    const bad = await post(`/merchants/${tenant.merchantId}/deposit/top-ups`, { amountFen: 0 }, t.as(admin));
    expect(bad.statusCode).toBe(400);
    expect(
      problem(bad)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['amountFen', 'reference']);
    const byMerchant = await post(
      `/merchants/${tenant.merchantId}/deposit/top-ups`,
      { amountFen: 100, reference: 'x' },
      t.as(merchant),
    );
    expect(byMerchant.statusCode).toBe(403);
    const consumer = await t.login(tenant, 'consumer');
    expect((await get('/guarantee-fund', t.as(consumer))).statusCode).toBe(403);
  });

  it('deducts compensation from the deposit, the fund advancing the shortfall and a claim opening', async () => {
    const topUp = () =>
      post(
        `/merchants/${tenant.merchantId}/deposit/top-ups`,
        { amountFen: 50_000, reference: 'DEP-1' },
        t.as(admin),
      );
    expect((await topUp()).json()).toEqual({ depositFen: '50000', replayed: false });
    expect((await topUp()).json()).toEqual({ depositFen: '50000', replayed: true });

    const unknownCase = await post(
      `/merchants/${tenant.merchantId}/compensations`,
      { amountFen: 1, caseId: 'case_nope', reason: 'x', reference: 'CMP-0' },
      t.as(admin),
    );
    expect(unknownCase.statusCode).toBe(400);
    expect(problem(unknownCase).errors).toEqual([
      expect.objectContaining({ path: 'caseId', code: 'unknown' }),
    ]);
    const award = { amountFen: 80_000, reason: '假一赔十 counterfeit', reference: 'CMP-1' };
    const short = await post(`/merchants/${tenant.merchantId}/compensations`, award, t.as(admin));
    expect(short.statusCode).toBe(422);
    expect(problem(short).detail).toContain('消费者保障基金');

    await post('/guarantee-fund/top-ups', { amountFen: 100_000, reference: 'FUND-1' }, t.as(admin));
    const handler = await t.login(tenant, 'handler');
    const ok = await post(`/merchants/${tenant.merchantId}/compensations`, award, t.as(handler));
    expect(ok.statusCode).toBe(201);
    expect(ok.json().compensation).toMatchObject({
      amountFen: '80000',
      fromDepositFen: '50000',
      fromFundFen: '30000',
    });
    const again = await post(`/merchants/${tenant.merchantId}/compensations`, award, t.as(handler));
    expect(again.json()).toMatchObject({ replayed: true, claimId: ok.json().claimId });

    const mine = (await get(`/merchants/${tenant.merchantId}/money`, t.as(merchant))).json();
    expect(mine).toMatchObject({ depositFen: '0', owedFen: '30000', frozen: false });
    expect(mine.deductions).toHaveLength(1);
    expect(mine.claims).toEqual([
      expect.objectContaining({ amountFen: '30000', recoveredFen: '0', status: 'open' }),
    ]);
    expect((await get('/guarantee-fund', t.as(admin))).json()).toEqual({
      balanceFen: '100000',
      advancesOutstandingFen: '30000',
      availableFen: '70000',
      platformAdvancesFen: '0',
    });
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, ok.json<{ compensation: { id: string } }>().compensation.id));
    expect(audit.map((a) => a.action)).toEqual(['compensation.recorded']);
    expect((await verifyLedger(t.db)).problems).toEqual([]);
  });

  it('places and releases holds; a merchant sees itself frozen', async () => {
    const supervisor = await t.login(tenant, 'supervisor');
    const hold = await post(
      `/merchants/${tenant.merchantId}/holds`,
      { reason: '协助追偿' },
      t.as(supervisor),
    );
    expect(hold.statusCode).toBe(201);
    expect((await get(`/merchants/${tenant.merchantId}/money`, t.as(merchant))).json().frozen).toBe(true);
    const release = () => post(`/holds/${hold.json().id}/release`, {}, t.as(supervisor));
    expect((await release()).json().status).toBe('released');
    expect((await release()).statusCode).toBe(409);
    expect((await get(`/merchants/${tenant.merchantId}/money`, t.as(merchant))).json().frozen).toBe(false);
    const noMerchant = await post('/merchants/mer_nope/holds', { reason: 'x' }, t.as(supervisor));
    expect(noMerchant.statusCode).toBe(404);
  });
  it("lists a merchant's payouts and deposit top-ups to itself and staff, 404 to another merchant", async () => {
    const at = new Date('2026-11-20T02:00:00Z');
    await t.db.insert(payouts).values({
      id: 'po_movements_1',
      tenantId: tenant.id,
      merchantId: tenant.merchantId,
      idempotencyKey: 'payout:cycle:movements-test',
      reason: 'merchant_cycle',
      sourceId: '2026-11-20',
      amountFen: 12_345n,
      merchantAccountRef: `merchant:${tenant.merchantId}`,
      status: 'succeeded',
      createdAt: at,
      updatedAt: at,
    });
    await post(
      `/merchants/${tenant.merchantId}/deposit/top-ups`,
      { amountFen: 20_000, reference: 'DEP-MOVE' },
      t.as(admin),
    );
    const url = `/merchants/${tenant.merchantId}/money/movements`;
    const mine = await get(url, t.as(merchant));
    expect(mine.statusCode).toBe(200);
    expect(mine.json().payouts).toEqual([
      expect.objectContaining({ id: 'po_movements_1', amountFen: '12345', status: 'succeeded' }),
    ]);
    expect(mine.json().topUps).toContainEqual(
      expect.objectContaining({ reference: 'DEP-MOVE', amountFen: '20000' }),
    );
    const handler = await t.login(tenant, 'handler');
    expect((await get(url, t.as(handler))).json()).toEqual(mine.json());
    const other = await get(`/merchants/${tenant.otherMerchantId}/money/movements`, t.as(merchant));
    const missing = await get('/merchants/mer_nope/money/movements', t.as(admin));
    expect([other.statusCode, missing.statusCode]).toEqual([404, 404]);
    const consumer = await t.login(tenant, 'consumer');
    expect((await get(url, t.as(consumer))).statusCode).toBe(403);
  });

  it('pays back only the withdrawable deposit, writes off a claim by a supervisor with a reason, and refuses the others', async () => {
    const own = await t.tenant();
    const adm = await t.login(own, 'admin');
    const supervisor = await t.login(own, 'supervisor');
    const m = own.merchantId;
    await post(`/merchants/${m}/deposit/top-ups`, { amountFen: 50_000, reference: 'D-1' }, t.as(adm));
    await post('/guarantee-fund/top-ups', { amountFen: 100_000, reference: 'F-1' }, t.as(adm));
    // ¥600 owed to a consumer: ¥500 from the deposit, ¥100 advanced by the fund (a claim on the merchant).
    const comp = await post(
      `/merchants/${m}/compensations`,
      { amountFen: 60_000, reason: '赔偿', reference: 'C-1' },
      t.as(adm),
    );
    const claimId = comp.json<{ claimId: string }>().claimId;
    await post(`/merchants/${m}/deposit/top-ups`, { amountFen: 30_000, reference: 'D-2' }, t.as(adm));

    // Deposit ¥300, owed ¥100: ¥200 may be withdrawn.
    const tooMuch = await post(
      `/merchants/${m}/deposit/withdrawals`,
      { amountFen: 20_001, reference: 'W-1' },
      t.as(adm),
    );
    expect(tooMuch.statusCode).toBe(422);
    expect(problem(tooMuch)).toMatchObject({ code: 'UNPROCESSABLE', withdrawableFen: '20000' });
    const byMerchant = await post(
      `/merchants/${m}/deposit/withdrawals`,
      { amountFen: 100, reference: 'W-1' },
      t.as(merchant),
    );
    expect(byMerchant.statusCode).toBe(403);
    const ok = await post(
      `/merchants/${m}/deposit/withdrawals`,
      { amountFen: 20_000, reference: 'W-1' },
      t.as(adm),
    );
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      amountFen: '20000',
      status: 'pending',
      depositFen: '10000',
      replayed: false,
    });
    const again = await post(
      `/merchants/${m}/deposit/withdrawals`,
      { amountFen: 20_000, reference: 'W-1' },
      t.as(adm),
    );
    expect(again.json()).toMatchObject({
      payoutId: ok.json<{ payoutId: string }>().payoutId,
      replayed: true,
    });

    // A freeze stops withdrawals entirely.
    const money = await get(`/merchants/${m}/money`, t.as(adm));
    expect(money.json()).toMatchObject({ depositFen: '10000', withdrawableFen: '0' });
    const hold = await post(`/merchants/${m}/holds`, { reason: '调查中' }, t.as(supervisor));
    const frozen = await post(
      `/merchants/${m}/deposit/withdrawals`,
      { amountFen: 1, reference: 'W-2' },
      t.as(adm),
    );
    expect(problem(frozen)).toMatchObject({ status: 422, withdrawableFen: '0' });
    await post(`/holds/${hold.json<{ id: string }>().id}/release`, {}, t.as(supervisor));

    // Writing off: a supervisor only, with a reason; the fund bears the loss once.
    const url = `/recovery-claims/${claimId}/write-off`;
    expect((await post(url, { reason: '商家已注销' }, t.as(adm))).statusCode).toBe(403);
    expect(problem(await post(url, {}, t.as(supervisor))).errors?.map((e) => e.path)).toEqual(['reason']);
    const before = (await get('/guarantee-fund', t.as(supervisor))).json<{
      balanceFen: string;
      availableFen: string;
    }>();
    const off = await post(url, { reason: '商家已注销，无可执行财产' }, t.as(supervisor));
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ status: 'written_off', writtenOffFen: '10000' });
    expect((await post(url, { reason: 'again' }, t.as(supervisor))).statusCode).toBe(409);
    expect(
      (await post('/recovery-claims/rcl_nope/write-off', { reason: 'x' }, t.as(supervisor))).statusCode,
    ).toBe(404);
    const fund = (await get('/guarantee-fund', t.as(supervisor))).json<{
      balanceFen: string;
      availableFen: string;
      advancesOutstandingFen: string;
    }>();
    expect(BigInt(before.balanceFen) - BigInt(fund.balanceFen)).toBe(10_000n);
    expect(fund).toMatchObject({ availableFen: before.availableFen, advancesOutstandingFen: '0' });
    // Nothing owed any more: the rest of the deposit may go.
    const rest = await post(
      `/merchants/${m}/deposit/withdrawals`,
      { amountFen: 10_000, reference: 'W-3' },
      t.as(adm),
    );
    expect(rest.json()).toMatchObject({ depositFen: '0' });
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, claimId));
    expect(audit).toMatchObject({ action: 'recovery_claim.written_off' });
    expect((await verifyLedger(t.db)).problems).toEqual([]);
  });
});
