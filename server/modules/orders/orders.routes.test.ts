import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem } from '../../test/app.js';
import type { TestTenant } from '../../test/factories.js';
import { testDbKinds } from '../../test/db.js';
import { auditEvents } from '../audit/index.js';

const orderBody = (overrides: Record<string, unknown> = {}) => ({
  externalId: 'O-1',
  buyerExternalId: 'buyer-x',
  merchantExternalId: 'm1',
  scenario: 'ecommerce',
  category: 'electronics',
  title: '蓝牙耳机',
  items: [{ sku: 'EAR', title: '蓝牙耳机', quantity: 2, unitPriceFen: 5000 }],
  goodsFen: 10000,
  shippingFen: 800,
  paidAt: '2026-11-10T10:00:00+08:00',
  shippedAt: '2026-11-11T10:00:00+08:00',
  signedAt: '2026-11-12T10:00:00+08:00',
  ...overrides,
});

describe.each(testDbKinds)('orders API on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  let integration: { apiKey: string };
  beforeAll(async () => {
    t = await createTestApp(kind);
    tenant = await t.tenant();
    integration = { apiKey: tenant.apiKey };
  });
  afterAll(() => t.close());

  const post = (url: string, payload: unknown, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers });

  it('needs credentials (401)', async () => {
    const res = await post('/api/v1/orders', orderBody(), {});
    expect(res.statusCode).toBe(401);
    expect(problem(res).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a consumer writing orders (403)', async () => {
    const s = await t.login(tenant, 'consumer');
    const res = await post('/api/v1/orders', orderBody(), t.as(s));
    expect(res.statusCode).toBe(403);
    expect(problem(res).code).toBe('FORBIDDEN');
  });

  it('rejects impossible orders with a message on each field, in Chinese by default', async () => {
    const res = await post(
      '/api/v1/orders',
      orderBody({ goodsFen: 9000, refundedFen: 999999, signedAt: '2026-11-09T10:00:00+08:00' }),
      t.as(integration),
    );
    expect(res.statusCode).toBe(400);
    const p = problem(res);
    expect(p.code).toBe('VALIDATION_FAILED');
    expect(p.errors).toEqual(
      expect.arrayContaining([
        { path: 'goodsFen', code: 'items_mismatch', message: '商品金额 9000 分与明细合计 10000 分不一致' },
        { path: 'refundedFen', code: 'too_big', message: '已退款金额不能超过实付金额 9800 分' },
        { path: 'signedAt', code: 'out_of_order', message: '签收时间不能早于付款时间' },
      ]),
    );
  });

  it('rejects negative amounts and unknown merchants, in English when asked', async () => {
    const negative = await post(
      '/api/v1/orders',
      orderBody({ shippingFen: -1 }),
      t.as(integration, { 'accept-language': 'en-US' }),
    );
    expect(negative.statusCode).toBe(400);
    expect(problem(negative).errors).toEqual([expect.objectContaining({ path: 'shippingFen' })]);
    const unknown = await post(
      '/api/v1/orders',
      orderBody({ merchantExternalId: 'nope' }),
      t.as(integration, { 'accept-language': 'en' }),
    );
    expect(problem(unknown).errors).toEqual([
      { path: 'merchantExternalId', code: 'unknown', message: 'Unknown merchant' },
    ]);
  });

  it('creates (201), updates (200) and records both in the audit trail', async () => {
    const created = await post('/api/v1/orders', orderBody({ externalId: 'O-audit' }), t.as(integration));
    expect(created.statusCode).toBe(201);
    const order = created.json<{ id: string; totalFen: string; status: string }>();
    expect(order).toMatchObject({ totalFen: '10800', status: 'signed' });
    const updated = await post(
      '/api/v1/orders',
      orderBody({ externalId: 'O-audit', refundedFen: 800 }),
      t.as(integration),
    );
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ refundedFen: '800', refundableFen: '10000', version: 2 });
    const unchanged = await post(
      '/api/v1/orders',
      orderBody({ externalId: 'O-audit', refundedFen: 800 }),
      t.as(integration),
    );
    expect(unchanged.json()).toMatchObject({ version: 2 });
    const events = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, tenant.id), eq(auditEvents.targetId, order.id)));
    expect(events.map((e) => e.action)).toEqual(['order.created', 'order.updated']);
    expect(events[1]!.summary).toEqual({ before: { refundedFen: '0' }, after: { refundedFen: '800' } });
    expect(events[0]!.actor).toMatchObject({ type: 'api_key', role: 'integration' });
  });

  it('creates a new order once when a retry races its first send, and answers both', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `O-race-${i}`);
    const answers = await Promise.all(
      ids.flatMap((externalId) => [
        post('/api/v1/orders', orderBody({ externalId }), t.as(integration)),
        post('/api/v1/orders', orderBody({ externalId }), t.as(integration)),
      ]),
    );
    for (const [i, externalId] of ids.entries()) {
      const pair = answers.slice(2 * i, 2 * i + 2);
      // One created it (201), the other found it unchanged (200) — never a 500 or a second order.
      expect(pair.map((a) => a.statusCode).sort()).toEqual([200, 201]);
      expect(new Set(pair.map((a) => a.json<{ id: string }>().id)).size).toBe(1);
      const created = await t.db
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.tenantId, tenant.id),
            eq(auditEvents.action, 'order.created'),
            eq(auditEvents.targetId, pair[0]!.json<{ id: string }>().id),
          ),
        );
      expect(created, externalId).toHaveLength(1);
    }
  });

  it('refuses to make a refund smaller (409)', async () => {
    await post('/api/v1/orders', orderBody({ externalId: 'O-refund', refundedFen: 500 }), t.as(integration));
    const res = await post(
      '/api/v1/orders',
      orderBody({ externalId: 'O-refund', refundedFen: 100 }),
      t.as(integration),
    );
    expect(res.statusCode).toBe(409);
    expect(problem(res).code).toBe('CONFLICT');
  });

  it('shows a merchant its own orders and answers 404 for another merchant’s', async () => {
    const mine = (await post('/api/v1/orders', orderBody({ externalId: 'O-m1' }), t.as(integration))).json<{
      id: string;
    }>();
    const theirs = (
      await post(
        '/api/v1/orders',
        orderBody({ externalId: 'O-m2', merchantExternalId: 'm2' }),
        t.as(integration),
      )
    ).json<{ id: string }>();
    const s = await t.login(tenant, 'merchant');
    expect((await t.app.inject({ url: `/api/v1/orders/${mine.id}`, headers: t.as(s) })).statusCode).toBe(200);
    const other = await t.app.inject({ url: `/api/v1/orders/${theirs.id}`, headers: t.as(s) });
    expect(other.statusCode).toBe(404);
    const list = await t.app.inject({ url: '/api/v1/orders?limit=200', headers: t.as(s) });
    const ids = list.json<{ items: { merchantId: string }[] }>().items.map((o) => o.merchantId);
    expect(new Set(ids)).toEqual(new Set([tenant.merchantId]));
  });

  it('shows a consumer only the orders they bought', async () => {
    await post(
      '/api/v1/orders',
      orderBody({ externalId: 'O-mine', buyerExternalId: `buyer-${tenant.slug}` }),
      t.as(integration),
    );
    const s = await t.login(tenant, 'consumer');
    const list = await t.app.inject({ url: '/api/v1/orders', headers: t.as(s) });
    expect(list.json<{ items: { externalId: string }[] }>().items.map((o) => o.externalId)).toEqual([
      'O-mine',
    ]);
  });

  it('never shows one tenant’s order to another tenant (404)', async () => {
    const order = (
      await post('/api/v1/orders', orderBody({ externalId: 'O-private' }), t.as(integration))
    ).json<{ id: string }>();
    const other = await t.tenant();
    const res = await t.app.inject({
      url: `/api/v1/orders/${order.id}`,
      headers: t.as({ apiKey: other.apiKey }),
    });
    expect(res.statusCode).toBe(404);
    const list = await t.app.inject({ url: '/api/v1/orders', headers: t.as({ apiKey: other.apiKey }) });
    expect(list.json()).toEqual({ items: [], nextCursor: null });
  });

  it('pages through orders with an opaque cursor', async () => {
    const fresh = await t.tenant();
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1);
      // Paid in an order that differs from creation order: lists go by payment time, newest first.
      const paidAt = `2026-11-1${(i * 3) % 5}T10:00:00+08:00`;
      await post(
        '/api/v1/orders',
        orderBody({ externalId: `P-${i}`, paidAt, shippedAt: undefined, signedAt: undefined }),
        t.as({ apiKey: fresh.apiKey }),
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.app.inject({ url, headers: t.as({ apiKey: fresh.apiKey }) })).json<{
        items: { externalId: string }[];
        nextCursor: string | null;
      }>();
      seen.push(...page.items.map((o) => o.externalId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['P-3', 'P-1', 'P-4', 'P-2', 'P-0']);
    const bad = await t.app.inject({
      url: '/api/v1/orders?cursor=%%%',
      headers: t.as({ apiKey: fresh.apiKey }),
    });
    expect(bad.statusCode).toBe(400);
  });

  it('upserts events and refuses a refund window under 7 days', async () => {
    const base = {
      externalId: 'E-1',
      organizerExternalId: 'm2',
      title: '演唱会',
      startsAt: '2026-12-31T20:00:00+08:00',
      endsAt: '2026-12-31T23:00:00+08:00',
    };
    const short = await post('/api/v1/events', { ...base, refundWindowDays: 5 }, t.as(integration));
    expect(short.statusCode).toBe(400);
    expect(problem(short).errors?.[0]?.path).toBe('refundWindowDays');
    const backwards = await post(
      '/api/v1/events',
      { ...base, refundWindowDays: 7, endsAt: '2026-12-31T19:00:00+08:00' },
      t.as(integration),
    );
    expect(problem(backwards).errors?.[0]?.path).toBe('endsAt');
    const ok = await post('/api/v1/events', { ...base, refundWindowDays: 7 }, t.as(integration));
    expect(ok.statusCode).toBe(201);
    // A retry racing its first send creates the event once and answers both.
    const raced = await Promise.all(
      [0, 1].map(() =>
        post('/api/v1/events', { ...base, externalId: 'E-race', refundWindowDays: 7 }, t.as(integration)),
      ),
    );
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(raced[0]!.json<{ id: string }>().id).toBe(raced[1]!.json<{ id: string }>().id);
    const ticket = await post(
      '/api/v1/orders',
      orderBody({
        externalId: 'TK-1',
        merchantExternalId: 'm1',
        scenario: 'tickets',
        eventExternalId: 'E-1',
        shippedAt: undefined,
        signedAt: undefined,
      }),
      t.as(integration),
    );
    expect(problem(ticket).errors).toEqual([
      expect.objectContaining({ path: 'eventExternalId', code: 'organizer_mismatch' }),
    ]);
  });
});
