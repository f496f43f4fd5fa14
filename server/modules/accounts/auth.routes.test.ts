import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem } from '../../test/app.js';
import { TEST_PASSWORD, type TestTenant } from '../../test/factories.js';
import { testDbKinds } from '../../test/db.js';

describe.each(testDbKinds)('sign-in on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  beforeAll(async () => {
    t = await createTestApp(kind);
    tenant = await t.tenant();
  });
  afterAll(() => t.close());

  const loginWith = (body: Record<string, unknown>, lang = 'zh-CN') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: body,
      headers: { 'accept-language': lang },
    });

  it('signs in with an HttpOnly SameSite session cookie and a readable CSRF cookie', async () => {
    const res = await loginWith({ tenant: tenant.slug, username: 'handler', password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const session = setCookie.find((c) => c.startsWith('accord_session='))!;
    const csrf = setCookie.find((c) => c.startsWith('accord_csrf='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(csrf).not.toMatch(/HttpOnly/);
    expect(res.json().user).toMatchObject({
      role: 'handler',
      tenantSlug: tenant.slug,
      permissions: expect.arrayContaining(['case:decide']),
    });
  });

  it('answers a wrong password, an unknown user and an unknown tenant alike', async () => {
    const bodies = [
      { tenant: tenant.slug, username: 'handler', password: 'wrong password' },
      { tenant: tenant.slug, username: 'nobody', password: TEST_PASSWORD },
      { tenant: 'no-such-tenant', username: 'handler', password: TEST_PASSWORD },
    ];
    for (const body of bodies) {
      const res = await loginWith(body);
      expect(res.statusCode).toBe(401);
      expect(problem(res)).toMatchObject({ code: 'INVALID_CREDENTIALS', title: '账号或密码错误' });
    }
  });

  it('rejects a login body with missing or unknown fields, with field paths', async () => {
    const res = await loginWith({ tenant: tenant.slug, password: 'x', admin: true }, 'en');
    expect(res.statusCode).toBe(400);
    const p = problem(res);
    expect(p.code).toBe('VALIDATION_FAILED');
    expect(p.errors?.map((e) => e.path).sort()).toEqual(['admin', 'username']);
  });

  it('reports the session with /auth/me and 401 without one', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(anonymous.statusCode).toBe(401);
    expect(problem(anonymous).code).toBe('UNAUTHENTICATED');
    const s = await t.login(tenant, 'consumer');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    expect(me.json()).toMatchObject({ user: { role: 'consumer' }, csrfToken: s.csrf });
  });

  it('refuses a state-changing request with the cookie but without the CSRF header', async () => {
    const s = await t.login(tenant, 'admin');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { cookie: s.cookie },
      payload: { name: 'x' },
    });
    expect(res.statusCode).toBe(403);
    expect(problem(res).code).toBe('CSRF_FAILED');
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { cookie: s.cookie, 'x-csrf-token': 'forged' },
      payload: { name: 'x' },
    });
    expect(problem(forged).code).toBe('CSRF_FAILED');
  });

  it('ends the session on logout', async () => {
    const s = await t.login(tenant, 'agent');
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: t.as(s) });
    expect(out.statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('authenticates integrations by API key and refuses a revoked key', async () => {
    const admin = await t.login(tenant, 'admin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: t.as(admin),
      payload: { name: 'erp' },
    });
    expect(created.statusCode).toBe(201);
    const { id, secret } = created.json<{ id: string; secret: string }>();
    expect(secret).toMatch(/^ak_/);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: t.as(admin) });
    expect(list.body).not.toContain(secret);
    const ok = await t.app.inject({
      method: 'GET',
      url: '/api/v1/orders',
      headers: t.as({ apiKey: secret }),
    });
    expect(ok.statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: `/api/v1/api-keys/${id}/revoke`, headers: t.as(admin) });
    const revoked = await t.app.inject({
      method: 'GET',
      url: '/api/v1/orders',
      headers: t.as({ apiKey: secret }),
    });
    expect(revoked.statusCode).toBe(401);
  });
});
