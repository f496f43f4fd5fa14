import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem, type Session } from '../../test/app.js';
import type { TestTenant } from '../../test/factories.js';
import { testDbKinds } from '../../test/db.js';
import { auditEvents } from '../audit/index.js';
import { serializePolicyPack } from './pack-io.js';
import { ecommerceLawPack, eventTicketsPack } from './packs/index.js';
import { policyVersions } from './policy.table.js';
import type { PackDraft } from './policy-fixtures.js';
import type { PolicyPack } from './policy.schema.js';

type Json = PackDraft;

/** A candidate version as a client sends it: the pack's JSON with `edit` applied. */
function candidate(pack: PolicyPack, edit: (p: Json) => void): Json {
  const json = serializePolicyPack(pack) as Json;
  edit(json);
  return json;
}

// The test clock reads 2026-11-20 10:00 Shanghai.
const NEXT_YEAR = '2027-01-01T00:00:00+08:00';

describe.each(testDbKinds)('policy admin API on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  let admin: Session;
  let handler: Session;
  beforeAll(async () => {
    t = await createTestApp(kind);
    tenant = await t.tenant();
    admin = await t.login(tenant, 'admin');
    handler = await t.login(tenant, 'handler');
  });
  afterAll(() => t.close());

  const post = (who: Session, url: string, pack: Json, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: t.as(who, headers), payload: { pack } });
  const get = (who: Session | null, url: string) =>
    t.app.inject({ url: `/api/v1${url}`, ...(who ? { headers: t.as(who) } : {}) });

  it('needs credentials (401) and a staff role to read, an admin to publish (403)', async () => {
    for (const [method, url] of [
      ['GET', '/policy/packs'],
      ['GET', '/policy/packs/ecommerce-law/versions/1'],
      ['GET', '/policy/packs/ecommerce-law/diff?from=1&to=1'],
      ['POST', '/policy/packs/ecommerce-law/diff'],
      ['POST', '/policy/packs/ecommerce-law/validate'],
      ['POST', '/policy/packs/ecommerce-law/versions'],
    ] as const) {
      const res = await t.app.inject({
        method,
        url: `/api/v1${url}`,
        ...(method === 'POST' ? { payload: { pack: {} } } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
    const consumer = await t.login(tenant, 'consumer');
    const denied = await get(consumer, '/policy/packs');
    expect(denied.statusCode).toBe(403);
    expect(problem(denied).code).toBe('FORBIDDEN');
    const pack = candidate(ecommerceLawPack, (p) => (p.version = 2));
    expect((await post(handler, '/policy/packs/ecommerce-law/validate', pack)).statusCode).toBe(403);
    expect((await post(handler, '/policy/packs/ecommerce-law/versions', pack)).statusCode).toBe(403);
  });

  it('documents every policy route in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, Json> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/policy/packs',
        '/api/v1/policy/packs/{packId}/versions/{version}',
        '/api/v1/policy/packs/{packId}/diff',
        '/api/v1/policy/packs/{packId}/validate',
        '/api/v1/policy/packs/{packId}/versions',
      ]),
    );
    expect(doc.paths['/api/v1/policy/packs/{packId}/versions']!.post.responses['201']).toBeDefined();
  });

  it('lists the built-in packs as every tenant’s version 1, in force now', async () => {
    const res = await get(handler, '/policy/packs');
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Json[] }>().items;
    expect(items.map((i): unknown => i.packId)).toEqual([
      'ecommerce-law',
      'guarantee-plan',
      'koubei-vouchers',
      'event-tickets',
      'live-streaming',
    ]);
    expect(items[0]).toMatchObject({
      kind: 'ecommerce',
      scenario: 'ecommerce',
      inForce: 1,
      latest: 1,
      versions: [{ version: 1, builtIn: true, publishedAt: null, orderScope: 'all_orders' }],
    });
  });

  it('shows a version with its data; an unknown pack or version is 404', async () => {
    const res = await get(handler, '/policy/packs/event-tickets/versions/1');
    expect(res.statusCode).toBe(200);
    const body = res.json<Json>();
    expect(body.pack.settings.minRefundWindowDays).toEqual({ value: 7, clause: '31huiyi §2.1 a)' });
    expect(body.rightsDiff).toEqual([]);
    expect((await get(handler, '/policy/packs/event-tickets/versions/9')).statusCode).toBe(404);
    expect((await get(handler, '/policy/packs/acme/versions/1')).statusCode).toBe(404);
    expect((await get(handler, '/policy/packs/ecommerce-law/diff?from=1&to=7')).statusCode).toBe(404);
    const badQuery = await get(handler, '/policy/packs/ecommerce-law/diff?from=one&to=1');
    expect(badQuery.statusCode).toBe(400);
    expect(problem(badQuery).errors?.map((e) => e.path)).toEqual(['query.from']);
  });

  it('answers an invalid candidate with 400 and field details under pack.', async () => {
    const res = await post(
      admin,
      '/policy/packs/ecommerce-law/validate',
      candidate(ecommerceLawPack, (p) => {
        p.version = 0;
        p.windows.noReasonReturn.target.amount = -1;
      }),
    );
    expect(res.statusCode).toBe(400);
    const paths = problem(res).errors?.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['pack.version', 'pack.windows.noReasonReturn.target.amount']),
    );
    // In the caller's language (zh-CN by default), like every other field problem.
    expect(problem(res).errors?.find((e) => e.path === 'pack.version')?.message).toBe('不能小于 1');
    const other = await post(
      admin,
      '/policy/packs/event-tickets/validate',
      serializePolicyPack(ecommerceLawPack) as Json,
    );
    expect(problem(other).errors).toEqual([
      expect.objectContaining({ path: 'pack.id', code: 'unknown_pack' }),
    ]);
  });

  it('refuses an event-ticket refund window N below 7 days (seed 000 §2.1 a), never rounding it', async () => {
    const pack = candidate(eventTicketsPack, (p) => {
      p.version = 2;
      p.settings.defaultRefundWindowDays.value = 5;
      p.settings.minRefundWindowDays.value = 5;
    });
    for (const route of ['validate', 'versions']) {
      const res = await post(admin, `/policy/packs/event-tickets/${route}`, pack);
      expect(res.statusCode).toBe(400);
      expect(problem(res).errors?.map((e) => e.path)).toContain(
        'pack.settings.defaultRefundWindowDays.value',
      );
    }
  });

  it('validates a narrowing candidate: valid, not publishable for existing orders, with the readable diff', async () => {
    const shorter = candidate(ecommerceLawPack, (p) => {
      p.version = 2;
      p.windows.noReasonReturn.target.amount = 5;
    });
    const res = await post(admin, '/policy/packs/ecommerce-law/validate', shorter);
    expect(res.statusCode).toBe(200);
    const body = res.json<Json>();
    expect(body).toMatchObject({ valid: true, publishable: false, previousVersion: 1, narrowing: 1 });
    expect((body.problems as Json[]).map((p): unknown => p.code)).toEqual(['narrowing_for_existing_orders']);
    expect(body.changes[0]).toMatchObject({ area: 'window', key: 'noReasonReturn', change: 'shortened' });
    const diff = await post(handler, '/policy/packs/ecommerce-law/diff', shorter);
    expect(diff.json()).toMatchObject({ from: 1, to: null, narrowing: 1 });
  });

  it('refuses to publish a narrowing version for all orders (422) and stores nothing', async () => {
    const res = await post(
      admin,
      '/policy/packs/ecommerce-law/versions',
      candidate(ecommerceLawPack, (p) => {
        p.version = 2;
        delete p.remedies.noReasonReturn;
      }),
    );
    expect(res.statusCode).toBe(422);
    const body = problem(res) as ReturnType<typeof problem> & { problems: Json[]; narrowing: Json[] };
    expect(body.problems.map((p): unknown => p.code)).toContain('narrowing_for_existing_orders');
    expect(body.narrowing[0]).toMatchObject({ area: 'remedy', key: 'noReasonReturn', change: 'removed' });
    const rows = await t.db.select().from(policyVersions).where(eq(policyVersions.tenantId, tenant.id));
    expect(rows).toHaveLength(0);
  });

  it('publishes a narrowing version for new orders from a future date: audited, idempotent, immutable', async () => {
    const pack = candidate(ecommerceLawPack, (p) => {
      p.version = 2;
      p.effectiveFrom = NEXT_YEAR;
      p.orderScope = 'orders_placed_from_effective';
      p.windows.noReasonReturn.target.amount = 5;
    });
    const headers = { 'idempotency-key': 'publish-ecommerce-v2' };
    const res = await post(admin, '/policy/packs/ecommerce-law/versions', pack, headers);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      packId: 'ecommerce-law',
      version: 2,
      previousVersion: 1,
      builtIn: false,
      narrowingChanges: 1,
      publishedBy: { type: 'user', name: 'admin' },
      rightsDiff: [{ key: 'noReasonReturn', change: 'shortened', narrowing: true }],
    });
    const replay = await post(admin, '/policy/packs/ecommerce-law/versions', pack, headers);
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(res.json());
    const again = await post(admin, '/policy/packs/ecommerce-law/versions', pack);
    expect(again.statusCode).toBe(409);

    const rows = await t.db.select().from(policyVersions).where(eq(policyVersions.tenantId, tenant.id));
    expect(rows).toHaveLength(1);
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, tenant.id), eq(auditEvents.action, 'policy.published')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary).toMatchObject({ packId: 'ecommerce-law', version: 2, previousVersion: 1 });
    await expect(
      t.db.execute(sql`update policy_versions set version = 3 where tenant_id = ${tenant.id}`),
    ).rejects.toThrow();

    // Version 1 stays in force until the new one takes effect; the diff between them is readable.
    const list = (await get(handler, '/policy/packs')).json<{ items: Json[] }>().items[0]!;
    expect(list).toMatchObject({ inForce: 1, latest: 2 });
    const diff = await get(handler, '/policy/packs/ecommerce-law/diff?from=1&to=2');
    expect(diff.json()).toMatchObject({ from: 1, to: 2, narrowing: 1 });
    expect(diff.json<Json>().changes[0].message.zh).toBeTruthy();
  });

  it('refuses a version for all orders that would carry an earlier narrowing back to old orders', async () => {
    const res = await post(
      admin,
      '/policy/packs/ecommerce-law/versions',
      candidate(ecommerceLawPack, (p) => {
        p.version = 3;
        p.effectiveFrom = NEXT_YEAR;
        p.windows.noReasonReturn.target.amount = 5;
      }),
    );
    expect(res.statusCode).toBe(422);
    expect((problem(res) as unknown as { problems: Json[] }).problems.map((p): unknown => p.code)).toContain(
      'narrows_earlier_version',
    );
  });
});
