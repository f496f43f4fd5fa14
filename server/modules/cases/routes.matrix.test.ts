import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem, type Session } from '../../test/app.js';
import { PNG, caseKit, multipart, type TestApp } from '../../test/cases.js';
import type { TestTenant } from '../../test/factories.js';

type Req = { method: 'GET' | 'POST'; url: string; payload?: unknown; headers?: Record<string, string> };

/**
 * Every case, evidence and notice route against the five answers the API promises: 401 without credentials,
 * 404 for a case that is not the caller's (never 403, which would confirm it exists), 400 with the offending
 * field named, 409 when the case's state does not allow it, and success.
 */
describe('case, evidence and notice routes: 401, 404, 400, 409, success', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let kit: ReturnType<typeof caseKit>;
  const s = {} as Record<'consumer' | 'merchant' | 'merchant2' | 'agent' | 'handler' | 'supervisor', Session>;
  /** In mediation with evidence and an open offer from the claimant; still at acceptance review; withdrawn. */
  const id = { open: '', openOrder: '', fresh: '', closed: '', evidence: '', offer: '' };

  beforeAll(async () => {
    t = await createTestApp('pglite');
    tenant = await t.tenant();
    kit = caseKit(t, tenant);
    for (const r of ['consumer', 'merchant', 'merchant2', 'agent', 'handler', 'supervisor'] as const)
      s[r] = await t.login(tenant, r);
    id.openOrder = await kit.newOrder('O-open');
    id.open = (await kit.file(s.consumer, kit.complaint(id.openOrder))).id;
    await kit.act(s.agent, id.open, 'accept');
    await kit.act(s.handler, id.open, 'start_mediation');
    id.fresh = (await kit.file(s.consumer, kit.complaint(await kit.newOrder('O-fresh')))).id;
    id.closed = (await kit.file(s.consumer, kit.complaint(await kit.newOrder('O-closed')))).id;
    await kit.act(s.consumer, id.closed, 'withdraw');
    const up = await send(s.consumer, upload(id.open));
    id.evidence = up.json<{ id: string }>().id;
    const offered = await send(s.consumer, {
      method: 'POST',
      url: `/api/v1/cases/${id.open}/offers`,
      payload: { remedy: 'partial_refund', amountFen: 20000 },
    });
    id.offer = offered.json<{ offers: { id: string }[] }>().offers[0]!.id;
  });
  afterAll(() => t.close());

  function upload(caseId: string, fields: Record<string, string> = { type: 'order_screenshot' }): Req {
    const body = multipart(fields, { name: 'a.png', type: 'image/png', content: PNG });
    return {
      method: 'POST',
      url: `/api/v1/cases/${caseId}/evidence`,
      payload: body.payload,
      headers: body.headers,
    };
  }
  const send = (who: Session | null, r: Req): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method: r.method,
      url: r.url,
      ...(r.payload === undefined ? {} : { payload: r.payload as string }),
      headers: { ...(who ? t.as(who) : {}), ...(r.headers ?? {}) },
    });
  const c = (caseId: string, rest = '') => `/api/v1/cases/${caseId}${rest}`;

  // Every route, as a request that would succeed for the right caller on the open case.
  const ROUTES: Record<string, () => Req> = {
    'POST /cases': () => ({ method: 'POST', url: '/api/v1/cases', payload: kit.complaint(id.openOrder) }),
    'GET /cases': () => ({ method: 'GET', url: '/api/v1/cases' }),
    'GET /cases/:id': () => ({ method: 'GET', url: c(id.open) }),
    'POST /cases/:id/actions/:action': () => ({
      method: 'POST',
      url: c(id.open, '/actions/end_mediation'),
      payload: { reason: '双方分歧较大' },
    }),
    'POST /cases/:id/messages': () => ({
      method: 'POST',
      url: c(id.open, '/messages'),
      payload: { body: '你好' },
    }),
    'POST /cases/:id/offers': () => ({
      method: 'POST',
      url: c(id.open, '/offers'),
      payload: { remedy: 'partial_refund', amountFen: 10000 },
    }),
    'POST /cases/:id/offers/:offerId/reject': () => ({
      method: 'POST',
      url: c(id.open, `/offers/${id.offer}/reject`),
    }),
    'POST /cases/:id/evidence-requests': () => ({
      method: 'POST',
      url: c(id.open, '/evidence-requests'),
      payload: { from: 'respondent', evidenceTypes: ['invoice'] },
    }),
    'GET /cases/:id/export': () => ({ method: 'GET', url: c(id.open, '/export?purpose=court') }),
    'POST /cases/:id/supervision': () => ({
      method: 'POST',
      url: c(id.open, '/supervision'),
      payload: { text: '处理太慢了，请督办' },
    }),
    'POST /cases/:id/assign': () => ({
      method: 'POST',
      url: c(id.open, '/assign'),
      payload: { assigneeId: tenant.users.handler.id },
    }),
    'POST /cases/:id/evidence': () => upload(id.open),
    'GET /cases/:id/evidence': () => ({ method: 'GET', url: c(id.open, '/evidence') }),
    'GET /cases/:id/evidence/:evidenceId/content': () => ({
      method: 'GET',
      url: c(id.open, `/evidence/${id.evidence}/content`),
    }),
    'GET /notices': () => ({ method: 'GET', url: '/api/v1/notices' }),
    'POST /notices/read': () => ({ method: 'POST', url: '/api/v1/notices/read', payload: { ids: ['x'] } }),
  };

  it.each(Object.keys(ROUTES))('%s answers 401 without credentials', async (route) => {
    const res = await send(null, ROUTES[route]!());
    expect(res.statusCode).toBe(401);
    expect(problem(res).code).toBe('UNAUTHENTICATED');
  });

  // Party routes: another merchant gets 404 for the case. Staff-only routes refuse parties whatever the case
  // (403, the same answer for their own case), and answer 404 to staff for a case that does not exist.
  const PARTY_ROUTES = Object.keys(ROUTES).filter(
    (r) => r.includes(':id') && !/(evidence-requests|export|assign)$/.test(r),
  );
  it.each(PARTY_ROUTES)('%s answers 404 for another party’s case', async (route) => {
    const res = await send(s.merchant2, ROUTES[route]!());
    expect(res.statusCode).toBe(404);
    expect(problem(res).code).toBe('NOT_FOUND');
  });
  it.each(['POST /cases/:id/evidence-requests', 'GET /cases/:id/export', 'POST /cases/:id/assign'])(
    '%s answers 403 to a party and 404 to staff for an unknown case',
    async (route) => {
      const r = ROUTES[route]!();
      expect((await send(s.merchant2, r)).statusCode).toBe(403);
      const missing = await send(s.supervisor, { ...r, url: r.url.replace(id.open, 'case_missing') });
      expect(missing.statusCode).toBe(404);
    },
  );

  const BAD: [string, Session | (() => Session), () => Req, string][] = [
    [
      'POST /cases',
      () => s.consumer,
      () => ({ method: 'POST', url: '/api/v1/cases', payload: kit.complaint('x', { category: 'nonsense' }) }),
      'category',
    ],
    ['GET /cases', () => s.agent, () => ({ method: 'GET', url: '/api/v1/cases?queue=everything' }), 'queue'],
    [
      'POST /cases/:id/actions/:action',
      () => s.handler,
      () => ({ method: 'POST', url: c(id.open, '/actions/end_mediation'), payload: {} }),
      'reason',
    ],
    [
      'POST /cases/:id/messages',
      () => s.consumer,
      () => ({ method: 'POST', url: c(id.open, '/messages'), payload: { body: '  ' } }),
      'body',
    ],
    [
      'POST /cases/:id/offers',
      () => s.consumer,
      () => ({ method: 'POST', url: c(id.open, '/offers'), payload: { remedy: 'gift', amountFen: 1 } }),
      'remedy',
    ],
    [
      'POST /cases/:id/evidence-requests',
      () => s.handler,
      () => ({
        method: 'POST',
        url: c(id.open, '/evidence-requests'),
        payload: { from: 'nobody', evidenceTypes: ['invoice'] },
      }),
      'from',
    ],
    [
      'GET /cases/:id/export',
      () => s.handler,
      () => ({ method: 'GET', url: c(id.open, '/export') }),
      'purpose',
    ],
    [
      'POST /cases/:id/supervision',
      () => s.consumer,
      () => ({ method: 'POST', url: c(id.open, '/supervision'), payload: { text: '慢' } }),
      'text',
    ],
    [
      'POST /cases/:id/assign',
      () => s.supervisor,
      () => ({
        method: 'POST',
        url: c(id.open, '/assign'),
        payload: { assigneeId: tenant.users.consumer.id },
      }),
      'assigneeId',
    ],
    ['POST /cases/:id/evidence', () => s.consumer, () => upload(id.open, { type: 'selfie' }), 'type'],
    ['GET /notices', () => s.consumer, () => ({ method: 'GET', url: '/api/v1/notices?limit=0' }), 'limit'],
    [
      'POST /notices/read',
      () => s.consumer,
      () => ({ method: 'POST', url: '/api/v1/notices/read', payload: { ids: [] } }),
      'ids',
    ],
  ];
  it.each(BAD)('%s answers 400 naming the field', async (_route, who, req, field) => {
    const res = await send(typeof who === 'function' ? who() : who, req());
    expect(res.statusCode).toBe(400);
    const p = problem(res);
    expect(p.code).toBe('VALIDATION_FAILED');
    const error = p.errors?.find((e) => e.path.split('.').at(-1) === field);
    // The field is named with a message a person can act on (zh-CN by default).
    expect(error?.message).toMatch(/\S{2,}/);
  });

  const CONFLICT: [string, () => Session, () => Req][] = [
    [
      'POST /cases',
      () => s.consumer,
      () => ({ method: 'POST', url: '/api/v1/cases', payload: kit.complaint(id.openOrder) }),
    ],
    [
      'POST /cases/:id/actions/:action',
      () => s.consumer,
      () => ({
        method: 'POST',
        url: c(id.open, '/actions/decide'),
        payload: { text: 'x', remedies: [], clauses: ['y'] },
      }),
    ],
    [
      'POST /cases/:id/offers',
      () => s.consumer,
      () => ({
        method: 'POST',
        url: c(id.fresh, '/offers'),
        payload: { remedy: 'full_refund', amountFen: 100 },
      }),
    ],
    // The claimant cannot reject their own offer.
    [
      'POST /cases/:id/offers/:offerId/reject',
      () => s.consumer,
      () => ROUTES['POST /cases/:id/offers/:offerId/reject']!(),
    ],
    [
      'POST /cases/:id/evidence-requests',
      () => s.handler,
      () => ({
        method: 'POST',
        url: c(id.closed, '/evidence-requests'),
        payload: { from: 'respondent', evidenceTypes: ['invoice'] },
      }),
    ],
    ['POST /cases/:id/evidence', () => s.consumer, () => upload(id.closed)],
  ];
  it.each(CONFLICT)('%s answers 409 when the case’s state does not allow it', async (route, who, req) => {
    const res = await send(who(), req());
    expect(res.statusCode).toBe(409);
    if (route.includes('/actions/')) {
      expect(problem(res)).toMatchObject({
        code: 'INVALID_TRANSITION',
        allowedActions: ['suspend', 'withdraw'],
      });
    }
  });

  // Success last: these move the open case on.
  const OK: [string, () => Session, number][] = [
    ['GET /cases', () => s.agent, 200],
    ['GET /cases/:id', () => s.merchant, 200],
    ['POST /cases/:id/messages', () => s.merchant, 201],
    ['POST /cases/:id/evidence-requests', () => s.handler, 200],
    ['GET /cases/:id/export', () => s.handler, 200],
    ['POST /cases/:id/supervision', () => s.merchant, 201],
    ['POST /cases/:id/assign', () => s.supervisor, 200],
    ['POST /cases/:id/evidence', () => s.merchant, 201],
    ['GET /cases/:id/evidence', () => s.consumer, 200],
    ['GET /cases/:id/evidence/:evidenceId/content', () => s.merchant, 200],
    ['GET /notices', () => s.consumer, 200],
    ['POST /notices/read', () => s.consumer, 200],
    ['POST /cases/:id/offers/:offerId/reject', () => s.merchant, 200],
    ['POST /cases/:id/offers', () => s.merchant, 200],
    ['POST /cases/:id/actions/:action', () => s.handler, 200],
  ];
  it.each(OK)('%s succeeds for a caller who may', async (route, who, status) => {
    const res = await send(who(), ROUTES[route]!());
    expect(res.statusCode, res.body).toBe(status);
  });
  it('POST /cases succeeds (201)', async () => {
    const res = await send(s.consumer, {
      method: 'POST',
      url: '/api/v1/cases',
      payload: kit.complaint(await kit.newOrder('O-new')),
    });
    expect(res.statusCode).toBe(201);
  });
});
