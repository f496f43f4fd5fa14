import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../modules/audit/index.js';
import { createTestApp, problem } from '../test/app.js';
import type { TestTenant } from '../test/factories.js';
import { testDbKinds } from '../test/db.js';

describe.each(testDbKinds)('Idempotency-Key on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  beforeAll(async () => {
    t = await createTestApp(kind);
    tenant = await t.tenant();
  });
  afterAll(() => t.close());

  const createMerchant = (key: string, name: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/merchants',
      headers: t.as({ apiKey: tenant.apiKey }, { 'idempotency-key': key }),
      payload: { externalId: `m-${key}`, name, kind: 'shop' },
    });

  it('replays the first response for a retry with the same body, doing the work once', async () => {
    const first = await createMerchant('k-1', '重试商家');
    const retry = await createMerchant('k-1', '重试商家');
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    const events = await t.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.tenantId, tenant.id), eq(auditEvents.targetId, first.json<{ id: string }>().id)),
      );
    expect(events).toHaveLength(1);
  });

  it('refuses the same key with a different body (422)', async () => {
    await createMerchant('k-2', '商家甲');
    const res = await createMerchant('k-2', '商家乙');
    expect(res.statusCode).toBe(422);
    expect(problem(res).code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('replays a use-case error but stores nothing for a body that fails schema validation (as Stripe does)', async () => {
    const send = (key: string, payload: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: t.as({ apiKey: tenant.apiKey }, { 'idempotency-key': key }),
        payload,
      });
    const invalidSchema = await send('k-3', { externalId: 'x' });
    expect(invalidSchema.statusCode).toBe(400);
    const fixed = await send('k-3', { externalId: 'x', merchantExternalId: 'nobody' });
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    const unknownMerchant = {
      externalId: 'O-idem',
      buyerExternalId: 'b',
      merchantExternalId: 'nobody',
      scenario: 'ecommerce',
      category: 'c',
      title: 't',
      items: [{ sku: 's', title: 't', quantity: 1, unitPriceFen: 100 }],
      goodsFen: 100,
      paidAt: '2026-11-01T00:00:00Z',
    };
    expect((await send('k-4', unknownMerchant)).statusCode).toBe(400);
    const replay = await send('k-4', unknownMerchant);
    expect(replay.statusCode).toBe(400);
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('scopes keys per principal', async () => {
    await createMerchant('k-5', '集成建的商家');
    const admin = await t.login(tenant, 'admin');
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/merchants',
      headers: t.as(admin, { 'idempotency-key': 'k-5' }),
      payload: { externalId: 'm-admin', name: '管理员建的商家', kind: 'shop' },
    });
    expect(other.statusCode).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
  });

  it('rejects a malformed key', async () => {
    const res = await createMerchant('has space', 'x');
    expect(res.statusCode).toBe(400);
  });
});
