import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { caseKit } from '../../test/cases.js';
import { createTestApp } from '../../test/app.js';
import type { TestTenant } from '../../test/factories.js';
import { testDbKinds } from '../../test/db.js';
import { findUser } from '../accounts/accounts.repo.js';
import { users } from '../accounts/accounts.table.js';
import { findOrders } from '../orders/orders.repo.js';
import { findMerchants } from '../tenants/tenants.repo.js';
import { OpenCaseBodySchema } from './case-schemas.js';
import { intakeLookups } from './cases.repo.js';
import { cases } from './cases.table.js';
import { fileCases } from './open-case.js';

describe.each(testDbKinds)('intake look-ups in one statement on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  let seq = 0;
  beforeAll(async () => {
    t = await createTestApp(kind);
    t.clock.set(new Date('2026-09-25T02:00:00Z'));
    tenant = await t.tenant();
  });
  afterAll(() => t.close());

  const newOrder = (merchant = 'm1') => caseKit(t, tenant).newOrder(`O-look-${++seq}`, { merchant });

  async function fileOn(orderId: string, category: string): Promise<string> {
    const [outcome] = await fileCases(t.db, [
      {
        tenantId: tenant.id,
        claimant: { id: tenant.users.consumer.id, externalId: `buyer-${tenant.slug}` },
        channel: 'api',
        filedBy: {
          kind: 'claimant',
          userId: null,
          snapshot: { type: 'api_key', id: 'key_test', role: 'integration', name: 'test' },
        },
        body: OpenCaseBodySchema.parse({
          kind: 'complaint',
          orderId,
          category,
          title: '耳机左耳无声',
          description: '签收后发现左耳没有声音，联系商家三天未回复。',
          requestedRemedy: 'full_refund',
          requestedAmountFen: 29900,
        }),
        ctx: { now: t.clock.now(), calendar: await t.calendars.forTenant(tenant.id) },
      },
    ]);
    if (!outcome?.ok) throw new Error('expected a filed case');
    return outcome.filed.case.id;
  }

  const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

  it('reads the same consumers, orders and merchants as their own finders, and the open cases by exact key', async () => {
    const [a, b] = [await newOrder(), await newOrder('m2')];
    await fileOn(a, 'quality');
    const closed = await fileOn(a, 'not_as_described');
    await t.db
      .update(cases)
      .set({ isOpen: false })
      .where(and(eq(cases.tenantId, tenant.id), eq(cases.id, closed)));
    // A staff user with an external id is not a consumer.
    await t.db
      .update(users)
      .set({ externalId: `staff-${tenant.slug}` })
      .where(eq(users.id, tenant.users.handler.id));

    const found = await intakeLookups(t.db, tenant.id, {
      externalIds: [`buyer-${tenant.slug}`, `staff-${tenant.slug}`, 'nobody'],
      orderIds: [a, b, 'ord_missing'],
      merchantIds: [tenant.merchantId],
      claimantIds: [],
    });
    expect(found.consumers).toEqual([await findUser(t.db, tenant.id, tenant.users.consumer.id)]);
    expect(byId(found.orders)).toEqual(byId(await findOrders(t.db, tenant.id, [a, b])));
    // The second order's merchant is read although no filing named it.
    expect(byId(found.merchants)).toEqual(
      byId(await findMerchants(t.db, tenant.id, [tenant.merchantId, tenant.otherMerchantId])),
    );
    const open = [{ claimantId: tenant.users.consumer.id, orderId: a, category: 'quality' }];
    expect(found.openKeys).toEqual(open);

    // A claimant known by id finds the same open case; another tenant finds nothing.
    const byClaimantId = await intakeLookups(t.db, tenant.id, {
      externalIds: [],
      orderIds: [a],
      merchantIds: [],
      claimantIds: [tenant.users.consumer.id],
    });
    expect(byClaimantId.openKeys).toEqual(open);
    expect(byClaimantId.merchants.map((m) => m.id)).toEqual([tenant.merchantId]);
    const elsewhere = await intakeLookups(t.db, 'ten_other', {
      externalIds: [`buyer-${tenant.slug}`],
      orderIds: [a],
      merchantIds: [tenant.merchantId],
      claimantIds: [tenant.users.consumer.id],
    });
    expect(elsewhere).toEqual({ consumers: [], orders: [], merchants: [], openKeys: [] });
  });
});
