import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { serializePolicyPack } from './pack-io.js';
import { ecommerceLawPack, guaranteePlanPack } from './packs/index.js';
import type { PolicyVersionRow } from './policy.repo.js';
import { sh, variant } from './policy-fixtures.js';
import type { PolicyPack } from './policy.schema.js';
import { packForCase, packVersionInForce, PolicyStore, tenantPoliciesFrom } from './policy-store.js';

function row(pack: PolicyPack, previousVersion: number): PolicyVersionRow {
  return {
    id: `pol_${pack.id}_${pack.version}`,
    tenantId: 'ten_1',
    packId: pack.id,
    kind: pack.kind,
    scenario: pack.scenario,
    version: pack.version,
    effectiveFrom: new Date(pack.effectiveFrom),
    orderScope: pack.orderScope,
    pack: serializePolicyPack(pack) as Record<string, unknown>,
    previousVersion,
    rightsDiff: [],
    publishedBy: SYSTEM_ACTOR,
    publishedAt: sh('2026-08-01 09:00'),
  };
}

// v2: from 2026-09-01, new orders only (narrower); the built-in v1 keeps governing older orders.
const v2 = variant(ecommerceLawPack, (d) => {
  d.version = 2;
  d.effectiveFrom = '2026-09-01T00:00:00+08:00';
  d.orderScope = 'orders_placed_from_effective';
  d.windows.noReasonReturn.target.amount = 5;
});

describe('a tenant’s policy versions', () => {
  const policies = tenantPoliciesFrom([row(v2, 1)]);

  it('starts every pack at the built-in version 1 and adds the published ones in order', () => {
    expect(policies.get('ecommerce-law')?.map((v) => [v.pack.version, v.builtIn])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(policies.get('event-tickets')?.map((v) => v.pack.version)).toEqual([1]);
  });

  it.each([
    ['before v2 takes effect', '2026-08-20 10:00', '2026-08-25 10:00', 1],
    ['an old order after v2 took effect', '2026-08-20 10:00', '2026-09-10 10:00', 1],
    ['a new order after v2 took effect', '2026-09-02 10:00', '2026-09-10 10:00', 2],
  ])('judges %s by the version in force at intervention that governs the order', (_, placed, at, version) => {
    const chosen = packForCase(policies, 'ecommerce', {
      orderPlacedAt: sh(placed),
      intervenedAt: sh(at),
    });
    expect(chosen?.pack.version).toBe(version);
  });

  it('lets e-commerce orders opt into the guarantee plan by publishing a version of it', () => {
    const at = { orderPlacedAt: sh('2026-09-02 10:00'), intervenedAt: sh('2026-09-10 10:00') };
    expect(packForCase(policies, 'ecommerce', at)?.pack.id).toBe('ecommerce-law');
    const plan = variant(guaranteePlanPack, (d) => {
      d.version = 2;
      d.effectiveFrom = '2026-09-05T00:00:00+08:00';
    });
    const optedIn = tenantPoliciesFrom([row(v2, 1), row(plan, 1)]);
    expect(packForCase(optedIn, 'ecommerce', at)?.pack).toMatchObject({ id: 'guarantee-plan', version: 2 });
    // Before the plan takes effect the law still judges.
    expect(packForCase(optedIn, 'ecommerce', { ...at, intervenedAt: sh('2026-09-04 10:00') })?.pack.id).toBe(
      'ecommerce-law',
    );
    expect(packForCase(optedIn, 'unknown_scenario', at)).toBeNull();
  });

  it('names the version in force now for the admin list', () => {
    expect(packVersionInForce(policies, 'ecommerce-law', sh('2026-08-31 23:00'))?.pack.version).toBe(1);
    expect(packVersionInForce(policies, 'ecommerce-law', sh('2026-09-01 00:00'))?.pack.version).toBe(2);
  });
});

describe('the policy cache', () => {
  it('serves a tenant from memory within the TTL and reads again after it or after invalidation', async () => {
    let reads = 0;
    let ms = 0;
    const db = {
      select: () => {
        reads += 1;
        const chain = { from: () => chain, where: () => chain, orderBy: () => Promise.resolve([]) };
        return chain;
      },
    } as unknown as ConstructorParameters<typeof PolicyStore>[0];
    const store = new PolicyStore(db, () => ms);
    await store.forTenant('ten_1');
    await store.forTenant('ten_1');
    expect(reads).toBe(1);
    ms = 4_999;
    await store.forTenant('ten_1');
    expect(reads).toBe(1);
    ms = 5_000;
    await store.forTenant('ten_1');
    expect(reads).toBe(2);
    store.invalidate('ten_1');
    await store.forTenant('ten_1');
    expect(reads).toBe(3);
  });
});
