import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRINCIPAL_CACHE_MS } from '../modules/accounts/accounts.repo.js';
import { apiKeys } from '../modules/accounts/accounts.table.js';
import { createTestApp, problem } from '../test/app.js';
import { testDbKinds } from '../test/db.js';

/** The /api/v1 routes anonymous callers may use; every other one answers 401 before looking at the body. */
const PUBLIC = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/payments/callbacks',
  'GET /api/v1/calendar/add',
  'GET /api/v1/calendar/working-days',
  'GET /api/v1/calendar/day/{date}',
]);

describe.each(testDbKinds)('authentication before validation on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  /** Every documented route as `METHOD /path/{param}`, from the app's own OpenAPI document. */
  const documentedRoutes = () => {
    const paths = (t.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
    return Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => m !== 'head')
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
  };

  it('answers 401, not 400, to an anonymous request with an invalid body or query', async () => {
    const routes = documentedRoutes().filter((r) => r.startsWith('GET /api/v1') || !r.startsWith('GET'));
    expect(routes.length).toBeGreaterThan(50);
    const answers: Record<string, number> = {};
    for (const route of routes.filter((r) => !PUBLIC.has(r))) {
      const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
      const res = await t.app.inject({
        method,
        // Parameters (over the schemas' 64 characters, under Fastify's 100) and query malformed: a schema check
        // would answer 400.
        url: `${path.replace(/\{[^}]+\}/g, 'x'.repeat(70))}?limit=-1&unknown=1`,
        ...(method === 'GET' ? {} : { payload: { unexpected: true } }),
      });
      answers[route] = res.statusCode;
      if (res.statusCode === 401) expect(problem(res).code).toBe('UNAUTHENTICATED');
    }
    const not401 = Object.entries(answers).filter(([, status]) => status !== 401);
    expect(not401).toEqual([]);
  });

  it('answers 401 to an invalid body on intake, where validation used to answer 400', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { kind: 'nonsense' } });
    expect(res.statusCode).toBe(401);
    expect(problem(res).code).toBe('UNAUTHENTICATED');
  });

  it('still validates for a caller with credentials (400 with field paths)', async () => {
    const tenant = await t.tenant();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: t.as({ apiKey: tenant.apiKey }),
      payload: { kind: 'nonsense' },
    });
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors?.map((e) => e.path)).toContain('kind');
  });

  it('follows a revocation made by another process within the credential cache time', async () => {
    const tenant = await t.tenant();
    const list = () => t.app.inject({ url: '/api/v1/cases', headers: t.as({ apiKey: tenant.apiKey }) });
    expect((await list()).statusCode).toBe(200);
    // Another process revokes the key: this one does not hear of it, its cached principal expires.
    await t.db.update(apiKeys).set({ revokedAt: t.clock.now() }).where(eq(apiKeys.tenantId, tenant.id));
    await sleep(PRINCIPAL_CACHE_MS + 50);
    const revoked = await list();
    expect(revoked.statusCode).toBe(401);
    expect(problem(revoked).code).toBe('UNAUTHENTICATED');
  });

  it('keeps sign-in, the public calendar, health and unknown paths answering anonymous callers', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: {} });
    expect(login.statusCode).toBe(400);
    expect(problem(login).code).toBe('VALIDATION_FAILED');
    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout' });
    expect(logout.statusCode).toBe(204);
    const day = await t.app.inject({ url: '/api/v1/calendar/day/2026-10-01' });
    expect(day.statusCode).toBe(200);
    expect(day.json()).toMatchObject({ date: '2026-10-01', workingDay: false });
    const badDay = await t.app.inject({ url: '/api/v1/calendar/day/not-a-date' });
    expect(badDay.statusCode).toBe(400);
    // The provider's callback authenticates by signature: without one it is refused by that check.
    const callback = await t.app.inject({ method: 'POST', url: '/api/v1/payments/callbacks', payload: {} });
    expect(callback.statusCode).not.toBe(400);
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/openapi.json' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/nothing-here' })).statusCode).toBe(404);
  });
});
