import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem, type Session } from '../../test/app.js';
import type { TestTenant } from '../../test/factories.js';
import { testDbKinds } from '../../test/db.js';
import { caseKit } from '../../test/cases.js';

type Standing = {
  cases: { total: number; open: number; decided: number; decidedAgainst: number };
  deadlines: { met: number; breached: number };
  penalties: { caseNumber: string; type: string; amountFen: string | null; note: string | null }[];
};
type Detail = { id: string; number: string; stage: string; deadlines: { owner: string; status: string }[] };

describe.each(testDbKinds)('merchant standing API on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  let merchant: Session;
  beforeAll(async () => {
    t = await createTestApp(kind);
    t.clock.set(new Date('2026-10-12T02:00:00Z'));
    tenant = await t.tenant();
    merchant = await t.login(tenant, 'merchant');
  });
  afterAll(() => t.close());

  const standing = (who: Session | null, merchantId: string) =>
    t.app.inject({ url: `/api/v1/merchants/${merchantId}/standing`, headers: who ? t.as(who) : {} });

  it('needs credentials, and answers 404 for another merchant as for one that does not exist', async () => {
    expect((await standing(null, tenant.merchantId)).statusCode).toBe(401);
    const other = await standing(merchant, tenant.otherMerchantId);
    const admin = await t.login(tenant, 'admin');
    const missing = await standing(admin, 'mer_nope');
    expect([other.statusCode, missing.statusCode]).toEqual([404, 404]);
    expect(problem(other).code).toBe('NOT_FOUND');
  });

  it('counts decisions against the merchant, its settled deadlines and the penalties imposed', async () => {
    const kit = caseKit(t, tenant);
    const before = (await standing(merchant, tenant.merchantId)).json<Standing>();
    expect(before).toMatchObject({ cases: { total: 0, decided: 0, decidedAgainst: 0 }, penalties: [] });
    const consumer = await t.login(tenant, 'consumer');
    const orderId = await kit.newOrder('O-standing');
    const filed = await kit.fileRaw(consumer, kit.complaint(orderId, { category: 'service_not_performed' }));
    const c = filed.json<Detail>();
    const agent = await t.login(tenant, 'agent');
    const handler = await t.login(tenant, 'handler');
    await kit.actRaw(agent, c.id, 'accept', {});
    await kit.actRaw(handler, c.id, 'start_mediation', {});
    await kit.actRaw(handler, c.id, 'end_mediation', { reason: '双方未达成一致' });
    const decided = await kit.actRaw(handler, c.id, 'decide', {
      text: '商家全额退款',
      remedies: [{ type: 'full_refund', amountFen: 29900, payer: 'respondent' }],
      penalties: [{ type: 'deposit_deduction', amountFen: 5000, note: '未履行安装服务' }],
      clauses: ['消法 Art. 24'],
      deviationReason: '商家承认未提供约定的安装服务，应全额退款',
    });
    expect(decided.json<Detail>().stage).toBe('decided');

    const after = (await standing(merchant, tenant.merchantId)).json<Standing>();
    expect(after.cases).toEqual({ total: 1, open: 1, decided: 1, decidedAgainst: 1 });
    expect(after.penalties).toEqual([
      {
        caseId: c.id,
        caseNumber: c.number,
        type: 'deposit_deduction',
        amountFen: '5000',
        note: '未履行安装服务',
      },
    ]);
    // The deadline counts agree with the merchant's deadlines as the case shows them.
    const seen = (await t.app.inject({ url: `/api/v1/cases/${c.id}`, headers: t.as(handler) })).json<Detail>()
      .deadlines;
    const mine = (status: string) =>
      seen.filter((d) => d.owner === 'respondent' && d.status === status).length;
    expect(after.deadlines).toEqual({ met: mine('met'), breached: mine('breached') });
    // Staff may read it too; another merchant's member may not.
    expect((await standing(handler, tenant.merchantId)).statusCode).toBe(200);
  });
});
