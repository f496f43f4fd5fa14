import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem, type Session } from '../../test/app.js';
import { caseSteps } from '../../test/cases.js';
import { testDbKinds } from '../../test/db.js';
import type { TestTenant } from '../../test/factories.js';
import type { Overview } from './overview.js';

// Shanghai 10:00 on a November 2026 day (Mon 16 … Fri 20), as an instant.
const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 10, day, hour - 8));

describe.each(testDbKinds)('reports API on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  let other: TestTenant;
  let supervisor: Session;
  beforeAll(async () => {
    t = await createTestApp(kind);
    t.clock.set(at(1));
    tenant = await t.tenant();
    other = await t.tenant();
    supervisor = await t.login(tenant, 'supervisor');
    const consumer = await t.login(tenant, 'consumer');
    const agent = await t.login(tenant, 'agent');
    const body = (category: string, extra: Record<string, unknown> = {}) => ({
      kind: 'complaint',
      respondentMerchantId: tenant.merchantId,
      category,
      title: '测试投诉',
      description: '商品与描述不符，联系商家无人回复。',
      requestedRemedy: 'full_refund',
      requestedAmountFen: 10000,
      ...extra,
    });
    const { file, act } = caseSteps(t);

    // Before the period: not counted.
    await file(consumer, body('other'));
    // c1: filed on the web Monday, accepted two hours later, closed by the supervisor Wednesday (48 h).
    t.clock.set(at(16));
    const c1 = await file(consumer, body('quality'));
    // c2: filed by the marketplace the same day, accepted Thursday — past the 1-working-day acceptance.
    const c2 = await file(
      { apiKey: tenant.apiKey },
      body('not_delivered', { claimantExternalId: `buyer-${tenant.slug}` }),
    );
    t.clock.set(at(16, 12));
    await act(agent, c1, 'accept');
    // c3: filed Tuesday, withdrawn two hours later.
    t.clock.set(at(17));
    const c3 = await file(consumer, body('quality'));
    t.clock.set(at(17, 12));
    await act(consumer, c3, 'withdraw');
    t.clock.set(at(18));
    await act(supervisor, c1, 'close', { reason: '双方已线下和解' });
    t.clock.set(at(19));
    await act(agent, c2, 'accept');
    // Another tenant's case in the same period: never in this tenant's figures.
    const theirs = await t.login(other, 'consumer');
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: t.as(theirs),
      payload: { ...body('counterfeit'), respondentMerchantId: other.merchantId },
    });
    t.clock.set(at(20));
  });
  afterAll(() => t.close());

  const overview = (who: Session, query = 'from=2026-11-10&to=2026-11-20') =>
    t.app.inject({ url: `/api/v1/reports/overview?${query}`, headers: t.as(who) });

  it('counts volumes, SLA compliance, outcomes and handling times of the period, in SQL, for the tenant', async () => {
    const res = await overview(supervisor);
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json<Overview>();
    expect(o.totals).toEqual({
      filed: 3,
      open: 1,
      ended: 2,
      slaMet: expect.any(Number),
      slaBreached: expect.any(Number),
      medianHandlingHours: 25,
      p90HandlingHours: 43.4,
    });
    expect(o.byDay).toEqual([
      { date: '2026-11-16', count: 2 },
      { date: '2026-11-17', count: 1 },
    ]);
    expect(o.byCategory).toEqual([
      { key: 'quality', count: 2 },
      { key: 'not_delivered', count: 1 },
    ]);
    expect(o.byChannel).toEqual([
      { key: 'web', count: 2 },
      { key: 'api', count: 1 },
    ]);
    expect(o.outcomes).toEqual([
      { key: 'closed_other', count: 1 },
      { key: 'withdrawn', count: 1 },
    ]);
    expect(o.handlingTime).toEqual([
      { key: 'lt_1d', count: 1 },
      { key: 'd1_3', count: 1 },
      { key: 'd3_7', count: 0 },
      { key: 'd7_15', count: 0 },
      { key: 'd15_30', count: 0 },
      { key: 'gte_30d', count: 0 },
    ]);
    // Acceptance: c1 on time, c2 three days late (a late "met" is a breach); c3's was cancelled by withdrawal.
    expect(o.sla.find((s) => s.kind === 'acceptance')).toEqual({ kind: 'acceptance', met: 1, breached: 1 });
    expect(o.sla.find((s) => s.kind === 'first_response')).toEqual({
      kind: 'first_response',
      met: 1,
      breached: 1,
    });
    expect(o.totals.slaMet).toBe(o.sla.reduce((s, r) => s + r.met, 0));
    expect(o.totals.slaBreached).toBe(o.sla.reduce((s, r) => s + r.breached, 0));
  });

  it('defaults to the 30 days ending today (Asia/Shanghai) and narrows to the days asked for', async () => {
    const all = (await overview(supervisor, '')).json<Overview>();
    expect([all.from, all.to]).toEqual(['2026-10-22', '2026-11-20']);
    expect(all.totals.filed).toBe(4);
    const tuesday = (await overview(supervisor, 'from=2026-11-17&to=2026-11-17')).json<Overview>();
    expect(tuesday.totals).toMatchObject({ filed: 1, open: 0, ended: 1, medianHandlingHours: 2 });
    expect(tuesday.outcomes).toEqual([{ key: 'withdrawn', count: 1 }]);
  });

  it('is for supervisors and admins only', async () => {
    expect((await overview(await t.login(tenant, 'admin'))).statusCode).toBe(200);
    for (const role of ['consumer', 'merchant', 'agent', 'handler', 'reviewer'] as const) {
      const res = await overview(await t.login(tenant, role));
      expect(res.statusCode, role).toBe(403);
      expect(problem(res).code).toBe('FORBIDDEN');
    }
    const res = await t.app.inject({
      url: '/api/v1/reports/overview',
      headers: t.as({ apiKey: tenant.apiKey }),
    });
    expect(res.statusCode).toBe(403);
  });

  it('answers a bad period with field errors in the caller’s language', async () => {
    const reversed = await t.app.inject({
      url: '/api/v1/reports/overview?from=2026-11-20&to=2026-11-10',
      headers: t.as(supervisor, { 'accept-language': 'en' }),
    });
    expect(reversed.statusCode).toBe(400);
    expect(problem(reversed).errors).toEqual([
      { path: 'query.from', code: 'after_to', message: 'from must not be after to' },
    ]);
    const tooLong = await overview(supervisor, 'from=2025-01-01&to=2026-11-20');
    expect(problem(tooLong).errors?.[0]).toMatchObject({ path: 'query.to', code: 'too_long' });
    expect(problem(tooLong).errors?.[0]?.message).toMatch(/最长 366 天/);
    const notADate = await overview(supervisor, 'from=2026-02-30');
    expect(notADate.statusCode).toBe(400);
    expect(problem(notADate).errors?.[0]?.path).toBe('query.from');
  });
});
