import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session } from '../../test/app.js';
import type { TestTenant } from '../../test/factories.js';
import { testDbKinds } from '../../test/db.js';

type Merchant = { id: string; depositFen: string };

describe.each(testDbKinds)('merchants API deposits on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp(kind);
    tenant = await t.tenant();
    admin = await t.login(tenant, 'admin');
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
  const post = (url: string, payload: object, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers });

  it("shows each merchant's deposit as the ledger holds it, net of withdrawals and deductions", async () => {
    const m = tenant.merchantId;
    await post(`/merchants/${m}/deposit/top-ups`, { amountFen: 50_000, reference: 'D-1' }, t.as(admin));
    await post(`/merchants/${m}/deposit/withdrawals`, { amountFen: 8_000, reference: 'W-1' }, t.as(admin));
    await post(
      `/merchants/${m}/compensations`,
      { amountFen: 2_000, reason: '赔付', reference: 'C-1' },
      t.as(admin),
    );
    const page = (await get('/merchants', t.as(admin))).json<{ items: Merchant[] }>();
    const deposits = Object.fromEntries(page.items.map((x) => [x.id, x.depositFen]));
    expect(deposits).toEqual({ [m]: '40000', [tenant.otherMerchantId]: '0' });
    expect((await get(`/merchants/${m}`, t.as(admin))).json<Merchant>().depositFen).toBe('40000');

    const merchant = await t.login(tenant, 'merchant');
    const own = (await get('/merchants', t.as(merchant))).json<{ items: Merchant[] }>();
    expect(own.items.map((x) => [x.id, x.depositFen])).toEqual([[m, '40000']]);
  });
});
