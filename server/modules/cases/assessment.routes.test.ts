import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem, type Session } from '../../test/app.js';
import type { TestTenant } from '../../test/factories.js';
import { testDbKinds } from '../../test/db.js';
import { auditEvents } from '../audit/index.js';
import { serializePolicyPack } from '../policy/pack-io.js';
import { ecommerceLawPack } from '../policy/packs/index.js';
import type { PackDraft } from '../policy/policy-fixtures.js';

type Json = Record<string, unknown>;
type CaseView = {
  id: string;
  policy: { id: string; version: string };
  deadlines: { kind: string; clause: string; dueAt: string | null }[];
  timeline: { action: string }[];
  outcome: { decision?: object };
};

// The test clock: Friday 2026-11-20 10:00 in Shanghai. The goods were signed for on Wednesday 11/18.
describe.each(testDbKinds)('policy packs in the case lifecycle on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  let consumer: Session;
  let handler: Session;
  let agent: Session;
  beforeAll(async () => {
    t = await createTestApp(kind);
    tenant = await t.tenant();
    [consumer, handler, agent] = [
      await t.login(tenant, 'consumer'),
      await t.login(tenant, 'handler'),
      await t.login(tenant, 'agent'),
    ];
  });
  afterAll(() => t.close());

  async function newOrder(externalId: string, buyer = `buyer-${tenant.slug}`): Promise<string> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: t.as({ apiKey: tenant.apiKey }),
      payload: {
        externalId,
        buyerExternalId: buyer,
        merchantExternalId: 'm1',
        scenario: 'ecommerce',
        category: 'electronics',
        title: '蓝牙耳机',
        items: [{ sku: 'E', title: '蓝牙耳机', quantity: 1, unitPriceFen: 29900 }],
        goodsFen: 29900,
        paidAt: '2026-11-16T10:00:00+08:00',
        shippedAt: '2026-11-17T10:00:00+08:00',
        signedAt: '2026-11-18T10:00:00+08:00',
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  }
  const assess = (who: Session | null, body: Json) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/cases/assess',
      ...(who ? { headers: t.as(who) } : {}),
      payload: body,
    });
  const file = async (orderId: string, over: Json = {}): Promise<CaseView> => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: t.as(consumer),
      payload: {
        kind: 'complaint',
        orderId,
        category: 'other',
        title: '七天无理由退货被拒',
        description: '11月18日签收，当天申请七天无理由退货，商家拒绝。',
        requestedRemedy: 'return_and_refund',
        requestedAmountFen: 29900,
        ...over,
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json();
  };
  const act = (who: Session, id: string, action: string, body: Json = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/actions/${action}`,
      headers: t.as(who),
      payload: body,
    });
  const assessment = (who: Session, id: string) =>
    t.app.inject({ url: `/api/v1/cases/${id}/assessment`, headers: t.as(who) });
  const recordFacts = (who: Session, id: string, facts: Json) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/cases/${id}/facts`,
      headers: t.as(who),
      payload: { facts },
    });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, Json> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/cases/assess',
        '/api/v1/cases/{id}/assessment',
        '/api/v1/cases/{id}/facts',
        '/api/v1/cases/reports/consistency',
      ]),
    );
  });

  it('needs credentials on every route (401)', async () => {
    for (const [method, url] of [
      ['POST', '/cases/assess'],
      ['GET', '/cases/case_x/assessment'],
      ['PUT', '/cases/case_x/facts'],
      ['GET', '/cases/reports/consistency'],
    ] as const) {
      const res = await t.app.inject({
        method,
        url: `/api/v1${url}`,
        ...(method === 'POST' ? { payload: { orderId: 'x', category: 'other' } } : {}),
        ...(method === 'PUT' ? { payload: { facts: {} } } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
    // Another tenant's or a missing case is 404 to staff as well.
    expect((await assessment(agent, 'case_missing')).statusCode).toBe(404);
  });

  it('tells a consumer before filing whether a claim is admissible, with the remedy in fen and its clauses', async () => {
    const orderId = await newOrder('A-1');
    expect((await assess(null, { orderId, category: 'other' })).statusCode).toBe(401);

    const res = await assess(consumer, { orderId, category: 'other', facts: { noReasonReturn: true } });
    expect(res.statusCode).toBe(200);
    const ok = res.json<{ clauses: string[]; remedies: { explanation: { zh: string } }[] }>();
    expect(ok).toMatchObject({
      policy: { id: 'ecommerce-law', version: 1, kind: 'ecommerce' },
      admissible: true,
      refundableFen: '29900',
      remedies: [{ role: 'primary', outcome: 'return_and_refund', refundFen: '29900', returnGoods: true }],
    });
    expect(ok.clauses).toContain('消法 Art. 25');
    expect(ok.remedies[0]!.explanation.zh).toBeTruthy();

    const perishable = await assess(consumer, {
      orderId,
      category: 'other',
      facts: { noReasonReturn: true, goods: { exemptCategory: 'perishable' } },
    });
    expect(perishable.json()).toMatchObject({
      admissible: false,
      remedies: [],
      reasons: [{ clause: '消法 Art. 25(二)' }],
    });
  });

  it('answers 400 with field details for bad facts and 404 for someone else’s order', async () => {
    const orderId = await newOrder('A-2');
    const bad = await assess(consumer, {
      orderId,
      category: 'other',
      facts: { goods: { lossFen: 'lots' }, unknownFact: true },
    });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors?.map((e) => e.path)).toEqual(
      expect.arrayContaining(['facts.goods.lossFen', 'facts.unknownFact']),
    );
    const theirs = await newOrder('A-3', 'someone-else');
    const res = await assess(consumer, { orderId: theirs, category: 'other' });
    expect(res.statusCode).toBe(404);
    // An agent on the hotline may ask about any order of the tenant.
    expect((await assess(agent, { orderId: theirs, category: 'other' })).statusCode).toBe(200);
  });

  it('pins the pack version on the case and shows staff its verdict; facts recorded change the recommendation', async () => {
    const c = await file(await newOrder('B-1'));
    expect(c.policy).toEqual({ id: 'ecommerce-law', version: '1' });
    // The pack's periods drive the step deadlines (kumai: acceptance within 1 working day → Mon 11/23).
    expect(c.deadlines.find((d) => d.kind === 'acceptance')).toMatchObject({
      clause: 'kumai §二 受理时间',
      dueAt: '2026-11-23T15:59:59.999Z',
    });
    // The pack's fast track halves the first response for an urgent case (kumai §一 及时高效原则).
    const urgent = await file(await newOrder('B-2'), { urgent: true });
    const staffView = (
      await t.app.inject({ url: `/api/v1/cases/${urgent.id}`, headers: t.as(agent) })
    ).json<CaseView>();
    expect(staffView.deadlines.find((d) => d.kind === 'first_response')).toMatchObject({
      dueAt: '2026-11-20T14:00:00.000Z',
    });
    const normal = (
      await t.app.inject({ url: `/api/v1/cases/${c.id}`, headers: t.as(agent) })
    ).json<CaseView>();
    expect(normal.deadlines.find((d) => d.kind === 'first_response')).toMatchObject({
      dueAt: '2026-11-21T02:00:00.000Z',
    });
    expect((await assessment(consumer, c.id)).statusCode).toBe(403);
    const before = (await assessment(agent, c.id)).json<Json>();
    expect(before.pack).toMatchObject({
      id: 'ecommerce-law',
      version: 1,
      intervenedAt: '2026-11-20T02:00:00.000Z',
    });
    // Category "other" with nothing established: admissible, nothing to recommend in money yet.
    expect(before.evaluation).toMatchObject({ admissible: true });

    expect((await recordFacts(consumer, c.id, { noReasonReturn: true })).statusCode).toBe(403);
    const bad = await recordFacts(agent, c.id, { findings: { made_up: true } });
    expect(bad.statusCode).toBe(400);
    const res = await recordFacts(agent, c.id, { noReasonReturn: true });
    expect(res.statusCode).toBe(200);
    expect(res.json<Json>()).toMatchObject({
      facts: { noReasonReturn: true },
      evaluation: { admissible: true, remedies: [{ outcome: 'return_and_refund', refundFen: '29900' }] },
    });
    // The record is staff-only: the claimant's timeline does not show it.
    const mine = (
      await t.app.inject({ url: `/api/v1/cases/${c.id}`, headers: t.as(consumer) })
    ).json<CaseView>();
    expect(mine.timeline.map((e) => e.action)).toEqual(['filed']);
  });

  it('requires a written reason to decide differently from the recommendation, keeps it from the parties, reports it', async () => {
    const followed = await file(await newOrder('C-1'));
    const deviated = await file(await newOrder('C-2'));
    for (const c of [followed, deviated]) {
      await recordFacts(agent, c.id, { noReasonReturn: true });
      expect((await act(agent, c.id, 'accept')).statusCode).toBe(200);
    }
    const decision = (type: string, amountFen: number, extra: Json = {}) => ({
      text: '处理决定',
      remedies: [{ type, amountFen, payer: 'respondent' }],
      clauses: ['消法 Art. 25'],
      ...extra,
    });
    const asRecommended = await act(handler, followed.id, 'decide', decision('return_and_refund', 29900));
    expect(asRecommended.statusCode).toBe(200);

    const noReason = await act(handler, deviated.id, 'decide', decision('full_refund', 29900));
    expect(noReason.statusCode).toBe(400);
    expect(problem(noReason).errors).toEqual([
      expect.objectContaining({ path: 'deviationReason', code: 'required' }),
    ]);
    const tooShort = await act(
      handler,
      deviated.id,
      'decide',
      decision('full_refund', 29900, { deviationReason: '不用退' }),
    );
    expect(problem(tooShort).errors?.[0]).toMatchObject({ path: 'deviationReason', code: 'too_short' });
    const reason = '商品为赠品配套，退回运费高于商品价值，免于退回';
    const res = await act(
      handler,
      deviated.id,
      'decide',
      decision('full_refund', 29900, { deviationReason: reason }),
    );
    expect(res.statusCode).toBe(200);
    const decided = res.json<CaseView>();
    expect(decided.outcome.decision).not.toHaveProperty('deviationReason');

    const staffView = (await assessment(handler, deviated.id)).json<Json>();
    expect(staffView.policyCheck).toMatchObject({
      deviates: true,
      direction: 'different_outcome',
      reason,
      chosen: { outcome: 'refund', refundFen: '29900' },
      recommended: { outcome: 'return_and_refund', refundFen: '29900' },
    });
    const claimantView = (
      await t.app.inject({ url: `/api/v1/cases/${deviated.id}`, headers: t.as(consumer) })
    ).json<CaseView>();
    expect(claimantView.timeline.map((e) => e.action)).not.toContain('decision_deviated');
    const handlerView = (
      await t.app.inject({ url: `/api/v1/cases/${deviated.id}`, headers: t.as(handler) })
    ).json<CaseView>();
    expect(handlerView.timeline.map((e) => e.action)).toContain('decision_deviated');
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, tenant.id), eq(auditEvents.action, 'case.decision_deviated')));
    expect(audit).toHaveLength(1);

    expect(
      (await t.app.inject({ url: '/api/v1/cases/reports/consistency', headers: t.as(handler) })).statusCode,
    ).toBe(403);
    const supervisor = await t.login(tenant, 'supervisor');
    const report = await t.app.inject({
      url: '/api/v1/cases/reports/consistency',
      headers: t.as(supervisor),
    });
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({
      decisions: 2,
      deviations: 1,
      deviationsPerMille: 500,
      byDirection: { different_outcome: 1, more_for_claimant: 0, less_for_claimant: 0 },
      byDecider: [{ userId: tenant.users.handler.id, name: 'handler', decisions: 2, deviations: 1 }],
      byCategory: [{ category: 'other', decisions: 2, deviations: 1 }],
      recent: [{ caseId: deviated.id, reason }],
    });
    const later = await t.app.inject({
      url: '/api/v1/cases/reports/consistency?from=2026-11-21T00:00:00%2B08:00',
      headers: t.as(supervisor),
    });
    expect(later.json()).toMatchObject({ decisions: 0, deviations: 0, deviationsPerMille: 0 });
    const earlier = await t.app.inject({
      url: '/api/v1/cases/reports/consistency?to=2026-11-21T00:00:00%2B08:00',
      headers: t.as(supervisor),
    });
    expect(earlier.json()).toMatchObject({ decisions: 2, deviations: 1 });
  });

  it('judges a new case by the version in force when the platform steps in, an open case keeps its own', async () => {
    const early = await file(await newOrder('D-1'));
    const requestOrder = await newOrder('D-2');
    const request = await file(requestOrder, { kind: 'refund_request', category: 'quality' });
    expect(request.policy).toEqual({ id: 'ecommerce-law', version: '1' });

    const admin = await t.login(tenant, 'admin');
    const v2 = serializePolicyPack(ecommerceLawPack) as PackDraft;
    v2.version = 2;
    v2.effectiveFrom = '2026-11-01T00:00:00+08:00';
    v2.windows.noReasonReturn.target.amount = 10; // longer for consumers: publishable for all orders
    const published = await t.app.inject({
      method: 'POST',
      url: '/api/v1/policy/packs/ecommerce-law/versions',
      headers: t.as(admin),
      payload: { pack: v2 },
    });
    expect(published.statusCode).toBe(201);

    const late = await file(await newOrder('D-3'));
    expect(late.policy).toEqual({ id: 'ecommerce-law', version: '2' });
    const again = (
      await t.app.inject({ url: `/api/v1/cases/${early.id}`, headers: t.as(consumer) })
    ).json<Json>();
    expect(again.policy).toEqual({ id: 'ecommerce-law', version: '1' });

    // The refund request was between the parties under v1; the platform steps in now, under v2 (seed 002 §32).
    const merchant = await t.login(tenant, 'merchant');
    expect((await act(merchant, request.id, 'refuse_refund', { reason: '商品无质量问题' })).statusCode).toBe(
      200,
    );
    const escalated = await act(consumer, request.id, 'escalate_to_platform', { reason: '要求平台介入' });
    expect(escalated.json()).toMatchObject({ stage: 'acceptance_review', policy: { version: '2' } });
    expect((await assessment(agent, request.id)).json<Json>().pack).toMatchObject({
      version: 2,
      intervenedAt: '2026-11-20T02:00:00.000Z',
    });
  });
});
