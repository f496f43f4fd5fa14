import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem, type Session } from '../../test/app.js';
import { testDbKinds } from '../../test/db.js';
import { TEST_PASSWORD, type TestTenant } from '../../test/factories.js';

type Person = { id: string; role: string; username: string; merchantId: string | null; disabled: boolean };

describe.each(testDbKinds)('user administration on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp(kind);
    tenant = await t.tenant();
    admin = await t.login(tenant, 'admin');
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, who: Session = admin) =>
    t.app.inject({ method: 'POST', url: '/api/v1/users', headers: t.as(who), payload: body });
  const patch = (id: string, body: Record<string, unknown>, who: Session = admin, lang = 'zh-CN') =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      headers: t.as(who, { 'accept-language': lang }),
      payload: body,
    });
  const auditOf = async (id: string) =>
    (
      await t.app.inject({ url: `/api/v1/audit/events?targetType=user&targetId=${id}`, headers: t.as(admin) })
    ).json<{ items: { action: string; summary: Record<string, unknown> }[] }>().items;

  it('creates a staff user who can sign in, and lists them', async () => {
    const res = await create({
      role: 'agent',
      username: 'agent.li',
      displayName: '客服 · 李',
      password: TEST_PASSWORD,
    });
    expect(res.statusCode).toBe(201);
    const list = await t.app.inject({ url: '/api/v1/users?limit=200', headers: t.as(admin) });
    expect(list.json<{ items: Person[] }>().items.map((u) => u.username)).toContain('agent.li');
    expect((await t.login(tenant, 'agent.li')).cookie).toMatch(/accord_session=/);
  });

  it('changes a role, audited with what changed; the new role applies on the next request', async () => {
    const created = (
      await create({
        role: 'agent',
        username: 'promote.me',
        displayName: '客服 · 王',
        password: TEST_PASSWORD,
      })
    ).json<Person>();
    const session = await t.login(tenant, 'promote.me');
    const queueAsAgent = await t.app.inject({ url: '/api/v1/reports/overview', headers: t.as(session) });
    expect(queueAsAgent.statusCode).toBe(403);
    const res = await patch(created.id, { role: 'supervisor' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Person>()).toMatchObject({ role: 'supervisor', disabled: false });
    expect((await t.app.inject({ url: '/api/v1/reports/overview', headers: t.as(session) })).statusCode).toBe(
      200,
    );
    expect(await auditOf(created.id)).toContainEqual(
      expect.objectContaining({
        action: 'user.updated',
        summary: { username: 'promote.me', changes: { role: { from: 'agent', to: 'supervisor' } } },
      }),
    );
  });

  it('moves a member between merchants only with a merchant, and never makes a consumer of anyone', async () => {
    const member = (
      await create({
        role: 'merchant',
        username: 'shop.staff',
        displayName: '店员',
        password: TEST_PASSWORD,
        merchantId: tenant.merchantId,
      })
    ).json<Person>();
    const moved = await patch(member.id, { merchantId: tenant.otherMerchantId });
    expect(moved.json<Person>().merchantId).toBe(tenant.otherMerchantId);
    const toHandler = await patch(member.id, { role: 'handler' });
    expect(toHandler.json<Person>()).toMatchObject({ role: 'handler', merchantId: null });
    const backWithout = await patch(member.id, { role: 'merchant' });
    expect(problem(backWithout).errors).toEqual([
      { path: 'merchantId', code: 'required', message: '商家成员必须指定所属商家' },
    ]);
    const unknown = await patch(member.id, { role: 'merchant', merchantId: 'mer_nope' });
    expect(problem(unknown).errors?.[0]).toMatchObject({ path: 'merchantId', code: 'unknown' });
    const consumer = await patch(member.id, { role: 'consumer' });
    expect(problem(consumer).errors?.[0]?.path).toBe('role');
    const fromConsumer = await patch(tenant.users.consumer.id, { role: 'agent' }, admin, 'en');
    expect(problem(fromConsumer).errors).toEqual([
      {
        path: 'role',
        code: 'consumer_role_fixed',
        message: 'consumer accounts come from the marketplace; their role does not change',
      },
    ]);
  });

  it('disables a user: their session ends at once, they cannot sign in; re-enabling restores sign-in', async () => {
    const u = (
      await create({
        role: 'handler',
        username: 'leaving',
        displayName: '调解员 · 走',
        password: TEST_PASSWORD,
      })
    ).json<Person>();
    const session = await t.login(tenant, 'leaving');
    // Used once first, so the process has the session's principal in memory when the user is disabled.
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: t.as(session) })).statusCode).toBe(200);
    const off = await patch(u.id, { disabled: true });
    expect(off.json<Person>().disabled).toBe(true);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: t.as(session) })).statusCode).toBe(401);
    await expect(t.login(tenant, 'leaving')).rejects.toThrow(/401/);
    expect((await auditOf(u.id)).map((e) => e.action)).toContain('user.disabled');
    const on = await patch(u.id, { disabled: false });
    expect(on.json<Person>().disabled).toBe(false);
    expect((await t.login(tenant, 'leaving')).cookie).toMatch(/accord_session=/);
  });

  it('keeps an admin from locking themselves out, and others from managing users', async () => {
    const self = tenant.users.admin.id;
    expect(problem(await patch(self, { disabled: true })).errors?.[0]).toMatchObject({
      path: 'disabled',
      code: 'self',
    });
    expect(problem(await patch(self, { role: 'handler' })).errors?.[0]).toMatchObject({
      path: 'role',
      code: 'self',
    });
    const supervisor = await t.login(tenant, 'supervisor');
    expect((await patch(tenant.users.agent.id, { role: 'handler' }, supervisor)).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/users', headers: t.as(supervisor) })).statusCode).toBe(403);
    // Another tenant's user is not found, and an unknown field is refused.
    const other = await t.tenant();
    expect((await patch(other.users.agent.id, { role: 'handler' })).statusCode).toBe(404);
    expect(problem(await patch(tenant.users.agent.id, { password: 'x' })).status).toBe(400);
  });
});
