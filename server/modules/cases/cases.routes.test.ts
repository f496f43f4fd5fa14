import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem, type Session } from '../../test/app.js';
import type { TestTenant } from '../../test/factories.js';
import { testDbKinds } from '../../test/db.js';
import { caseKit } from '../../test/cases.js';
import { sweepDeadlines } from '../deadlines/index.js';
import { caseBreachHooks } from './case-deadline-hooks.js';

type Detail = {
  id: string;
  number: string;
  stage: string;
  version: number;
  kind: string;
  viewer: { as: string; state: string };
  allowedActions: { action: string; dueAt: string | null }[];
  deadlines: { kind: string; owner: string; dueAt: string | null; status: string }[];
  timeline: { action: string; toStage: string | null }[];
  messages: { body: string; visibility: string }[];
  claimant: { pii: { phone: string | null; access: string } } | null;
};

describe.each(testDbKinds)('cases API on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  let consumer: Session;
  let orderId: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    // Friday before National Day 2026, 10:00 in Shanghai.
    t.clock.set(new Date('2026-09-25T02:00:00Z'));
    tenant = await t.tenant();
    consumer = await t.login(tenant, 'consumer');
    orderId = await newOrder('O-main');
  });
  afterAll(() => t.close());

  const kit = () => caseKit(t, tenant);
  const newOrder = (externalId: string) => kit().newOrder(externalId);
  const file = (who: Session | { apiKey: string }, body: Record<string, unknown>) => kit().fileRaw(who, body);
  const complaint = (over: Record<string, unknown> = {}) => kit().complaint(orderId, over);
  const act = (who: Session, id: string, action: string, body: Record<string, unknown> = {}) =>
    kit().actRaw(who, id, action, body);
  const read = (who: Session | { apiKey: string }, id: string) =>
    t.app.inject({ url: `/api/v1/cases/${id}`, headers: t.as(who) });

  it('needs credentials (401)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', payload: complaint() });
    expect(res.statusCode).toBe(401);
  });

  it('rejects a bad filing with field messages (400) and an amount above what can be refunded', async () => {
    const short = await file(consumer, complaint({ description: '太短', category: 'nonsense' }));
    expect(short.statusCode).toBe(400);
    expect(
      problem(short)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['category', 'description']);
    const tooMuch = await file(consumer, complaint({ requestedAmountFen: 30000 }));
    expect(problem(tooMuch).errors).toEqual([
      expect.objectContaining({ path: 'requestedAmountFen', code: 'too_big' }),
    ]);
  });

  it('files a complaint with a number, whose move, the acceptance deadline counted past National Day', async () => {
    const res = await file(consumer, complaint());
    expect(res.statusCode).toBe(201);
    const c = res.json<Detail>();
    expect(c.number).toMatch(/^AC-2026-\d{6}$/);
    expect(c).toMatchObject({
      stage: 'acceptance_review',
      viewer: { as: 'claimant', state: 'platform_move' },
    });
    expect(c.allowedActions.map((a) => a.action)).toEqual(['suspend', 'withdraw']);
    // Filed Fri 25 Sep; 1 working day (start day not counted) → Mon 28 Sep, end of day in Shanghai.
    expect(c.deadlines.find((d) => d.kind === 'acceptance')).toMatchObject({
      owner: 'platform',
      dueAt: '2026-09-28T15:59:59.999Z',
      status: 'pending',
    });
    expect(c.timeline.map((e) => e.action)).toEqual(['filed']);
    // One open case per order and issue.
    const again = await file(consumer, complaint());
    expect(again.statusCode).toBe(409);
  });

  it('answers 404 for another party’s case, and shows the merchant the claimant masked', async () => {
    const c = (await file(consumer, complaint({ category: 'not_as_described' }))).json<Detail>();
    const other = await t.login(tenant, 'merchant2');
    expect((await read(other, c.id)).statusCode).toBe(404);
    const merchant = await t.login(tenant, 'merchant');
    const seen = (await read(merchant, c.id)).json<Detail>();
    expect(seen.claimant?.pii).toMatchObject({ access: 'masked', phone: '138****1111' });
    const handler = await t.login(tenant, 'handler');
    expect((await read(handler, c.id)).json<Detail>().claimant?.pii).toMatchObject({
      access: 'full',
      phone: '13800001111',
    });
  });

  it('refuses an action not allowed now with 409 and the allowed list; a party cannot decide', async () => {
    const c = (await file(consumer, complaint({ category: 'counterfeit' }))).json<Detail>();
    const res = await act(consumer, c.id, 'decide', { text: 'x', remedies: [], clauses: ['x'] });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'INVALID_TRANSITION', allowedActions: ['suspend', 'withdraw'] });
    const bad = await act(await t.login(tenant, 'agent'), c.id, 'not_accept', { reason: '' });
    expect(bad.statusCode).toBe(400);
    expect(
      problem(bad)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['reason', 'referral']);
  });

  it('closes a complaint as incomplete when the supplement is not given in 3 working days (across 国庆)', async () => {
    const c = (await file(consumer, complaint({ category: 'not_delivered' }))).json<Detail>();
    t.clock.set(new Date('2026-09-28T02:00:00Z')); // Mon 28 Sep
    const agent = await t.login(tenant, 'agent');
    const asked = await act(agent, c.id, 'request_supplement', { missing: ['物流截图'] });
    expect(asked.statusCode).toBe(200);
    const detail = asked.json<Detail>();
    expect(detail.stage).toBe('awaiting_supplement');
    // 29 Sep, 30 Sep, then 国庆 1–7 Oct: the third working day is Thu 8 Oct.
    expect(detail.deadlines.find((d) => d.kind === 'supplement')?.dueAt).toBe('2026-10-08T15:59:59.999Z');
    expect(detail.deadlines.find((d) => d.kind === 'acceptance')?.status).toBe('met');
    const hooks = caseBreachHooks(t.calendars);
    await sweepDeadlines(t.db, { now: () => new Date('2026-10-08T15:00:00Z'), hooks });
    expect((await read(consumer, c.id)).json<Detail>().stage).toBe('awaiting_supplement');
    await sweepDeadlines(t.db, { now: () => new Date('2026-10-08T16:00:01Z'), hooks });
    t.clock.set(new Date('2026-10-09T02:00:00Z'));
    consumer = await t.login(tenant, 'consumer');
    const closed = (await read(consumer, c.id)).json<Detail>();
    expect(closed).toMatchObject({ stage: 'closed_incomplete', viewer: { state: 'closed' } });
    expect(closed.timeline.map((e) => e.action)).toEqual([
      'filed',
      'request_supplement',
      'supplement_expired',
    ]);
  });

  it('runs a complaint to a decision, an appeal and a review by someone who did not decide', async () => {
    t.clock.set(new Date('2026-10-12T02:00:00Z'));
    consumer = await t.login(tenant, 'consumer'); // sessions last 12 h; the clock moved on
    const c = (await file(consumer, complaint({ category: 'service_not_performed' }))).json<Detail>();
    const agent = await t.login(tenant, 'agent');
    const handler = await t.login(tenant, 'handler');
    const reviewer = await t.login(tenant, 'reviewer');
    const accepted = (await act(agent, c.id, 'accept', {})).json<Detail & { assigneeId: string | null }>();
    expect(accepted.stage).toBe('investigation');
    // Routed to the least-loaded handler of the tenant (the only one here).
    expect(accepted.assigneeId).toBe(tenant.users.handler.id);
    expect((await act(handler, c.id, 'start_mediation', {})).json<Detail>().stage).toBe('mediation');
    expect(
      (await act(handler, c.id, 'end_mediation', { reason: '双方未达成一致' })).json<Detail>().stage,
    ).toBe('awaiting_decision');
    const decided = await act(handler, c.id, 'decide', {
      text: '商家全额退款',
      remedies: [{ type: 'full_refund', amountFen: 29900, payer: 'respondent' }],
      clauses: ['消法 Art. 24'],
      // The e-commerce pack has no rule for an unperformed service on a goods order: it recommends not
      // accepting, so deciding otherwise needs a written reason.
      deviationReason: '商家承认未提供约定的安装服务，应全额退款',
    });
    expect(decided.json<Detail>().stage).toBe('decided');
    expect((await act(handler, c.id, 'send_notice', {})).json<Detail>().stage).toBe('appeal_window');
    const merchant = await t.login(tenant, 'merchant');
    const appealed = (await act(merchant, c.id, 'appeal', { reasons: '商品已正常发货' })).json<Detail>();
    expect(appealed).toMatchObject({ stage: 'appeal_review', viewer: { state: 'platform_move' } });
    // The handler who decided is not a reviewer; a supervisor who did not decide may review.
    const review = await act(reviewer, c.id, 'uphold', { text: '维持原处理决定' });
    expect(review.json<Detail>().stage).toBe('execution');
    // The decision's refund is instructed on reaching execution; the case cannot be marked executed while
    // it is in flight (it closes by itself once the refund succeeds — refunds HTTP tests).
    const early = await act(handler, c.id, 'mark_executed', {});
    expect(early.statusCode).toBe(409);
    expect(problem(early).code).toBe('INVALID_TRANSITION');
  });

  it('lets two handlers decide at once: one wins, the other gets 409', async () => {
    const c = (await file(consumer, complaint({ category: 'partly_performed' }))).json<Detail>();
    const agent = await t.login(tenant, 'agent');
    await act(agent, c.id, 'accept', {});
    const [h1, h2] = [await t.login(tenant, 'handler'), await t.login(tenant, 'supervisor')];
    const body = {
      text: '部分退款',
      remedies: [{ type: 'partial_refund', amountFen: 10000, payer: 'respondent' }],
      clauses: ['koubei §19'],
      deviationReason: '双方确认已履行部分，按比例退款',
    };
    const results = await Promise.all([act(h1, c.id, 'decide', body), act(h2, c.id, 'decide', body)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  it('keeps internal notes from the parties', async () => {
    const c = (await file(consumer, complaint({ category: 'price_raised_on_site' }))).json<Detail>();
    const handler = await t.login(tenant, 'handler');
    const note = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/messages`,
      headers: t.as(handler),
      payload: { body: '商家有多次类似投诉', visibility: 'staff' },
    });
    expect(note.statusCode).toBe(201);
    t.clock.advance(1000);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/messages`,
      headers: t.as(consumer),
      payload: { body: '请尽快处理' },
    });
    const forbidden = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/messages`,
      headers: t.as(consumer),
      payload: { body: 'x', visibility: 'staff' },
    });
    expect(forbidden.statusCode).toBe(403);
    const mine = (await read(consumer, c.id)).json<Detail>();
    expect(mine.messages.map((m) => m.body)).toEqual(['请尽快处理']);
    expect(JSON.stringify(mine)).not.toContain('多次类似投诉');
    const staffView = (await read(handler, c.id)).json<Detail>();
    expect(staffView.messages.map((m) => m.body)).toEqual(['商家有多次类似投诉', '请尽快处理']);
  });

  it('hands a refund request to the platform when the merchant stays silent', async () => {
    t.clock.set(new Date('2026-11-02T02:00:00Z')); // Mon 2 Nov
    consumer = await t.login(tenant, 'consumer');
    const order = await newOrder('O-refund');
    const res = await file(consumer, {
      kind: 'refund_request',
      orderId: order,
      category: 'quality',
      title: '申请退款',
      description: '收到的商品有划痕，申请退款退货。',
      requestedRemedy: 'return_and_refund',
      requestedAmountFen: 29900,
    });
    const c = res.json<Detail>();
    expect(c).toMatchObject({ stage: 'awaiting_merchant', viewer: { state: 'other_party_move' } });
    const merchant = await t.login(tenant, 'merchant');
    const seen = (await read(merchant, c.id)).json<Detail>();
    expect(seen.viewer.state).toBe('your_move');
    expect(seen.allowedActions.map((a) => a.action)).toEqual([
      'agree_refund',
      'refuse_refund',
      'counter_offer',
    ]);
    await sweepDeadlines(t.db, {
      now: () => new Date('2026-11-05T16:00:01Z'),
      hooks: caseBreachHooks(t.calendars),
    });
    const after = (await read(consumer, c.id)).json<Detail>();
    expect(after).toMatchObject({ stage: 'acceptance_review', kind: 'complaint' });
    expect(after.timeline.map((e) => e.action)).toEqual(['filed', 'merchant_silent']);
  });

  it('lets an agent file for a caller on the hotline and the integration for its user', async () => {
    const agent = await t.login(tenant, 'agent');
    const order = await newOrder('O-hotline');
    const missing = await file(agent, complaint({ orderId: order }));
    expect(problem(missing).errors?.[0]?.path).toBe('claimantExternalId');
    const ok = await file(agent, complaint({ orderId: order, claimantExternalId: `buyer-${tenant.slug}` }));
    expect(ok.statusCode).toBe(201);
    const list = await t.app.inject({ url: '/api/v1/cases?queue=new', headers: t.as(agent) });
    expect(list.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(ok.json<Detail>().id);
  });
});

describe('offers in mediation', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    tenant = await t.tenant();
  });
  afterAll(() => t.close());

  it('turns an accepted counter-offer into the agreement, with the offer history kept', async () => {
    const order = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: t.as({ apiKey: tenant.apiKey }),
      payload: {
        externalId: 'O-offer',
        buyerExternalId: `buyer-${tenant.slug}`,
        merchantExternalId: 'm1',
        scenario: 'local_services',
        category: 'dining_voucher',
        title: '双人套餐',
        items: [{ sku: 'S', title: '双人套餐', quantity: 1, unitPriceFen: 19800 }],
        goodsFen: 19800,
        paidAt: '2026-11-10T10:00:00+08:00',
        redeemedAt: '2026-11-12T19:00:00+08:00',
      },
    });
    const consumer = await t.login(tenant, 'consumer');
    const merchant = await t.login(tenant, 'merchant');
    const handler = await t.login(tenant, 'handler');
    const agent = await t.login(tenant, 'agent');
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: t.as(consumer),
      payload: {
        kind: 'complaint',
        orderId: order.json<{ id: string }>().id,
        category: 'partly_performed',
        title: '套餐少上两道菜',
        description: '到店消费时套餐中两道菜未提供，要求退还相应金额。',
        requestedRemedy: 'partial_refund',
        requestedAmountFen: 8000,
      },
    });
    const id = filed.json<{ id: string }>().id;
    const post = (who: Session, url: string, payload: object = {}) =>
      t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}${url}`, headers: t.as(who), payload });
    await post(agent, '/actions/accept');
    await post(handler, '/actions/start_mediation');
    const tooMuch = await post(merchant, '/offers', { remedy: 'partial_refund', amountFen: 20000 });
    expect(problem(tooMuch).errors?.[0]?.path).toBe('amountFen');
    const first = (
      await post(merchant, '/offers', { remedy: 'partial_refund', amountFen: 4000, note: '退一道菜的钱' })
    ).json<{ offers: { id: string; status: string }[] }>();
    const offerId = first.offers[0]!.id;
    const own = await post(merchant, '/actions/accept_offer', { offerId });
    expect(own.statusCode).toBe(409);
    const rejected = await post(consumer, `/offers/${offerId}/reject`);
    expect(rejected.statusCode).toBe(200);
    t.clock.advance(1000); // offers list in the order they were made
    const second = (await post(merchant, '/offers', { remedy: 'partial_refund', amountFen: 6000 })).json<{
      offers: { id: string; status: string }[];
    }>();
    const open = second.offers.find((o) => o.status === 'open')!;
    const accepted = await post(consumer, '/actions/accept_offer', { offerId: open.id });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const detail = accepted.json<{
      stage: string;
      offers: { status: string; amountFen: string }[];
      outcome: { decision: { kind: string; remedies: { amountFen: string }[] } };
    }>();
    // The default policy carries an agreement out at once: execution, the refund instructed, nothing to appeal.
    expect(detail.stage).toBe('execution');
    const money = await t.app.inject({ url: `/api/v1/cases/${id}/money`, headers: t.as(consumer) });
    expect(money.json<{ refunds: { amountFen: string }[] }>().refunds.map((r) => r.amountFen)).toEqual([
      '6000',
    ]);
    expect(detail.offers.map((o) => [o.amountFen, o.status])).toEqual([
      ['4000', 'rejected'],
      ['6000', 'accepted'],
    ]);
    expect(detail.outcome.decision).toMatchObject({ kind: 'agreement', remedies: [{ amountFen: '6000' }] });
  });
});

describe('suspension for court or police (koubei §28)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    t.clock.set(new Date('2026-11-02T02:00:00Z')); // Mon 2 Nov 2026
    tenant = await t.tenant();
  });
  afterAll(() => t.close());

  async function suspendedCase(title: string) {
    const consumer = await t.login(tenant, 'consumer');
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: t.as(consumer),
      payload: {
        kind: 'complaint',
        respondentMerchantId: tenant.merchantId,
        category: 'fake_transaction',
        title,
        description: '商家诱导刷单后拒绝返还本金，已准备报警处理。',
        requestedRemedy: 'full_refund',
        requestedAmountFen: 0,
      },
    });
    const id = filed.json<{ id: string }>().id;
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/actions/accept`,
      headers: t.as(await t.login(tenant, 'agent')),
      payload: {},
    });
    const s = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/actions/suspend`,
      headers: t.as(consumer),
      payload: { venue: 'police', note: '已向派出所报案' },
    });
    return { id, detail: s.json<Detail>() };
  }

  it('resumes by itself when no acceptance certificate arrives within 7 working days', async () => {
    const { id, detail } = await suspendedCase('刷单本金未返还');
    expect(detail.stage).toBe('suspended');
    expect(detail.deadlines.find((d) => d.kind === 'suspension_proof')?.dueAt).toBe(
      '2026-11-11T15:59:59.999Z',
    );
    await sweepDeadlines(t.db, {
      now: () => new Date('2026-11-11T16:00:01Z'),
      hooks: caseBreachHooks(t.calendars),
    });
    const after = (
      await t.app.inject({ url: `/api/v1/cases/${id}`, headers: t.as(await t.login(tenant, 'handler')) })
    ).json<Detail>();
    expect(after.stage).toBe('investigation');
    expect(after.timeline.map((e) => e.action).slice(-1)).toEqual(['suspension_proof_missing']);
  });

  it('with the police’s acceptance on file, waits six months for a conclusion, then resumes', async () => {
    const { id } = await suspendedCase('刷单诈骗');
    const handler = await t.login(tenant, 'handler');
    const proof = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/actions/record_proof`,
      headers: t.as(handler),
      payload: { venue: 'police', reference: '京公(朝)受案字〔2026〕1234号' },
    });
    const d = proof.json<Detail>();
    expect(d.stage).toBe('suspended');
    expect(d.deadlines.find((x) => x.kind === 'suspension_proof')?.status).toBe('met');
    expect(d.deadlines.find((x) => x.kind === 'police_conclusion')?.dueAt).toBe('2027-05-02T15:59:59.999Z');
    const hooks = caseBreachHooks(t.calendars);
    await sweepDeadlines(t.db, { now: () => new Date('2027-01-01T00:00:00Z'), hooks });
    expect(
      (await t.app.inject({ url: `/api/v1/cases/${id}`, headers: t.as(handler) })).json<Detail>().stage,
    ).toBe('suspended');
    await sweepDeadlines(t.db, { now: () => new Date('2027-05-02T16:00:01Z'), hooks });
    const after = (await t.app.inject({ url: `/api/v1/cases/${id}`, headers: t.as(handler) })).json<Detail>();
    expect(after.stage).toBe('investigation');
  });
});
