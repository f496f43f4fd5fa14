import type { Db } from '../../db/client.js';
import type { ActorSnapshot } from '../audit/index.js';
import { parsePolicyPack } from './pack-io.js';
import { BUILT_IN_PACKS } from './packs/index.js';
import type { PolicyPack } from './policy.schema.js';
import { listPolicyVersions, type PolicyVersionRow } from './policy.repo.js';
import type { RightsChange } from './rights-diff.js';
import { selectPolicyVersion } from './select-version.js';

/** One version of a pack as a tenant has it: a built-in version 1 or a published row. */
export type PackVersion = {
  pack: PolicyPack;
  builtIn: boolean;
  /** The version it followed when published (null for the built-in version 1). */
  previousVersion: number | null;
  rightsDiff: RightsChange[];
  publishedAt: Date | null;
  publishedBy: ActorSnapshot | null;
};

/** A tenant's policy: per pack id, every version oldest first (the built-in version 1 first). */
export type TenantPolicies = ReadonlyMap<string, readonly PackVersion[]>;

/** The pack that governs each order scenario unless the tenant opted into another (the guarantee plan). */
export const SCENARIO_PACKS: Readonly<Record<string, string>> = {
  ecommerce: 'ecommerce-law',
  local_services: 'koubei-vouchers',
  tickets: 'event-tickets',
  live_streaming: 'live-streaming',
};
/** The opt-in pack for e-commerce orders: it governs once the tenant published a version of it. */
export const OPT_IN_PACKS: Readonly<Record<string, string>> = { ecommerce: 'guarantee-plan' };

const BUILT_IN: PackVersion[] = BUILT_IN_PACKS.map((pack) => ({
  pack,
  builtIn: true,
  previousVersion: null,
  rightsDiff: [],
  publishedAt: null,
  publishedBy: null,
}));

/** The ids a tenant may publish versions of: the built-in packs. */
export const PACK_IDS: readonly string[] = BUILT_IN_PACKS.map((p) => p.id);

/** Builds a tenant's policy from its published rows (validated again: stored JSON is input too). */
export function tenantPoliciesFrom(rows: readonly PolicyVersionRow[]): TenantPolicies {
  const byPack = new Map<string, PackVersion[]>(BUILT_IN.map((v) => [v.pack.id, [v]]));
  for (const row of [...rows].sort((a, b) => a.version - b.version)) {
    const list = byPack.get(row.packId) ?? [];
    list.push({
      pack: parsePolicyPack(row.pack),
      builtIn: false,
      previousVersion: row.previousVersion,
      rightsDiff: row.rightsDiff as unknown as RightsChange[],
      publishedAt: row.publishedAt,
      publishedBy: row.publishedBy,
    });
    byPack.set(row.packId, list);
  }
  return byPack;
}

/** The version of `packId` numbered `version`, if the tenant has it. */
export function findPackVersion(
  policies: TenantPolicies,
  packId: string,
  version: number,
): PackVersion | undefined {
  return policies.get(packId)?.find((v) => v.pack.version === version);
}

/** The newest version of a pack (what the next one follows). */
export function latestPackVersion(policies: TenantPolicies, packId: string): PackVersion | undefined {
  const list = policies.get(packId);
  return list?.[list.length - 1];
}

/** The version of `packId` in force at `at` for an order placed now (what a new case would be judged by). */
export function packVersionInForce(policies: TenantPolicies, packId: string, at: Date): PackVersion | null {
  return versionFor(policies.get(packId) ?? [], { intervenedAt: at, orderPlacedAt: at });
}

function versionFor(
  versions: readonly PackVersion[],
  at: { intervenedAt: Date; orderPlacedAt: Date },
): PackVersion | null {
  const heads = versions.map((v) => ({
    ...v,
    version: v.pack.version,
    effectiveFrom: v.pack.effectiveFrom,
    orderScope: v.pack.orderScope,
  }));
  return selectPolicyVersion(heads, at);
}

/**
 * The pack version that judges a case of `scenario` (seed 002 §32: in force when the platform stepped in; seed
 * 000 §五.1: governing the order). E-commerce orders go by the guarantee plan once the tenant published a
 * version of it that governs the order, otherwise by the law. Null for a scenario no pack covers.
 */
export function packForCase(
  policies: TenantPolicies,
  scenario: string,
  at: { intervenedAt: Date; orderPlacedAt: Date },
): PackVersion | null {
  const optIn = OPT_IN_PACKS[scenario];
  if (optIn) {
    const published = (policies.get(optIn) ?? []).filter((v) => !v.builtIn);
    const chosen = versionFor(published, at);
    if (chosen) return chosen;
  }
  const packId = SCENARIO_PACKS[scenario];
  return packId ? versionFor(policies.get(packId) ?? [], at) : null;
}

// Versions are immutable, so the only staleness is a version another process published meanwhile: a short
// TTL bounds it (this process invalidates at once when it publishes).
const TTL_MS = 5_000;

/**
 * A small in-process cache of each tenant's published versions, one per database handle. Intake reads it
 * before its transaction: a cache hit costs no query.
 */
export class PolicyStore {
  private readonly cache = new Map<string, { at: number; policies: Promise<TenantPolicies> }>();

  constructor(
    private readonly db: Db,
    private readonly clockMs: () => number = Date.now,
  ) {}

  /** The tenant's versions: cached, or read fresh with `db` when it is a transaction. */
  forTenant(tenantId: string, db: Db = this.db): Promise<TenantPolicies> {
    if (db !== this.db) return loadTenantPolicies(db, tenantId);
    const hit = this.cache.get(tenantId);
    if (hit && this.clockMs() - hit.at < TTL_MS) return hit.policies;
    const policies = loadTenantPolicies(db, tenantId);
    this.cache.set(tenantId, { at: this.clockMs(), policies });
    policies.catch(() => this.cache.delete(tenantId));
    return policies;
  }

  /** Drops a tenant's cached versions (after this process published one). */
  invalidate(tenantId: string): void {
    this.cache.delete(tenantId);
  }
}

/** A tenant's versions read now (inside a transaction: the cache must not be read there). */
export async function loadTenantPolicies(db: Db, tenantId: string): Promise<TenantPolicies> {
  return tenantPoliciesFrom(await listPolicyVersions(db, tenantId));
}

const stores = new WeakMap<Db, PolicyStore>();

/** The policy cache of a database handle (every app and scheduler on the handle shares it). */
export function policyStoreOf(db: Db): PolicyStore {
  let store = stores.get(db);
  if (!store) {
    store = new PolicyStore(db);
    stores.set(db, store);
  }
  return store;
}
