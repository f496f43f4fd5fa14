import { performance } from 'node:perf_hooks';
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { UserRole } from '../../../common/roles.js';
import { preparedPerDb, type Db } from '../../db/client.js';
import { merchants, tenants } from '../tenants/tenants.table.js';
import { apiKeys, sessions, users } from './accounts.table.js';
import type { Principal } from './principal.js';

export type UserRow = typeof users.$inferSelect;
export type TenantRow = typeof tenants.$inferSelect;

/** The user with this username in the tenant with this slug, with the tenant; undefined if either is missing. */
export async function findUserForLogin(
  db: Db,
  tenantSlug: string,
  username: string,
): Promise<{ user: UserRow; tenant: TenantRow } | undefined> {
  const [row] = await db
    .select({ user: users, tenant: tenants })
    .from(users)
    .innerJoin(tenants, eq(users.tenantId, tenants.id))
    .where(and(eq(tenants.slug, tenantSlug), eq(users.username, username)))
    .limit(1);
  return row;
}

export async function insertSession(
  db: Db,
  row: { tokenHash: string; tenantId: string; userId: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db.insert(sessions).values(row);
}

/** Deletes a session; returns whose it was, or undefined when there was none. */
export async function deleteSession(db: Db, tokenHash: string) {
  const [closed] = await db
    .delete(sessions)
    .where(eq(sessions.tokenHash, tokenHash))
    .returning({ tenantId: sessions.tenantId, userId: sessions.userId });
  return closed;
}

/** Removes expired sessions (run by the scheduler). */
export async function purgeExpiredSessions(db: Db, now: Date): Promise<number> {
  const gone = await db
    .delete(sessions)
    .where(lt(sessions.expiresAt, now))
    .returning({ t: sessions.tokenHash });
  return gone.length;
}

const sessionByHash = preparedPerDb((db) =>
  db
    .select({ s: sessions, u: users })
    .from(sessions)
    .innerJoin(users, and(eq(users.id, sessions.userId), eq(users.tenantId, sessions.tenantId)))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        gt(sessions.expiresAt, sql.placeholder('now')),
        isNull(users.disabledAt),
      ),
    )
    .limit(1)
    .prepare('accord_session_by_hash'),
);

/** The principal behind a live session cookie, or undefined (expired, unknown, or user disabled). */
export async function findSessionPrincipal(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<Principal | undefined> {
  const [row] = await sessionByHash(db).execute({ tokenHash, now });
  if (!row) return undefined;
  return userPrincipal(row.u, row.s.csrfToken);
}

export function userPrincipal(u: UserRow, csrf: string | null): Principal {
  return {
    kind: 'user',
    tenantId: u.tenantId,
    userId: u.id,
    role: u.role as UserRole,
    merchantId: u.merchantId,
    externalId: u.externalId,
    username: u.username,
    displayName: u.displayName,
    sessionCsrf: csrf,
  };
}

const apiKeyByHash = preparedPerDb((db) =>
  db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sql.placeholder('keyHash')), isNull(apiKeys.revokedAt)))
    .limit(1)
    .prepare('accord_api_key_by_hash'),
);

/** The principal behind an API key secret's hash, or undefined (unknown or revoked). */
export async function findApiKeyPrincipal(db: Db, keyHash: string): Promise<Principal | undefined> {
  const [row] = await apiKeyByHash(db).execute({ keyHash });
  return row ? { kind: 'api_key', tenantId: row.tenantId, keyId: row.id, name: row.name } : undefined;
}

/**
 * How long a process may answer a credential (API key or session cookie) from memory. An integration sends
 * hundreds of requests a second with the same key, a case page is read again and again with the same
 * cookie: looking the credential up for each was one statement per request (1 of the 3.6 per filed case).
 * Whatever changes who a credential stands for — revoking a key, signing out, changing or disabling a user,
 * updating a consumer — calls {@link forgetCachedPrincipals} after its commit, so this process answers the
 * change at once; another process of the same deployment follows within this time.
 */
export const PRINCIPAL_CACHE_MS = 1_000;
type CachedPrincipal = {
  principal: Promise<{ principal: Principal; expiresAt: Date | null } | undefined>;
  until: number;
  era: number;
};
const cachedPrincipals = new WeakMap<Db, Map<string, CachedPrincipal>>();
// Bumped after every change to a credential or its user in this process: older entries are stale, whichever
// database handle cached them.
let principalEra = 0;

/**
 * The look-up `find` of credential `key`, remembered for {@link PRINCIPAL_CACHE_MS} (wall time, monotonic: a
 * test's fixed clock must not keep a revoked key alive). Concurrent requests with the same credential share
 * one look-up (32 clients would otherwise all miss at once when the entry expires). Unknown credentials are
 * not remembered.
 */
function cachedPrincipal(
  db: Db,
  key: string,
  find: () => Promise<{ principal: Principal; expiresAt: Date | null } | undefined>,
) {
  let cache = cachedPrincipals.get(db);
  if (!cache) {
    cache = new Map();
    cachedPrincipals.set(db, cache);
  }
  const now = performance.now();
  const hit = cache.get(key);
  if (hit && hit.until > now && hit.era === principalEra) return hit.principal;
  if (cache.size >= 10_000) cache.clear();
  // Stamped with the era the read starts in: a change that commits while it runs makes it stale at once.
  const entry: CachedPrincipal = { principal: find(), until: now + PRINCIPAL_CACHE_MS, era: principalEra };
  const forget = () => {
    if (cache.get(key) === entry) cache.delete(key);
  };
  cache.set(key, entry);
  entry.principal.then((found) => found ?? forget(), forget);
  return entry.principal;
}

/** {@link findApiKeyPrincipal} through the per-process credential cache. */
export async function cachedApiKeyPrincipal(db: Db, keyHash: string): Promise<Principal | undefined> {
  const found = await cachedPrincipal(db, `k:${keyHash}`, async () => {
    const principal = await findApiKeyPrincipal(db, keyHash);
    return principal ? { principal, expiresAt: null } : undefined;
  });
  return found?.principal;
}

/**
 * {@link findSessionPrincipal} through the per-process credential cache; the session's expiry is still
 * checked against `now` on every request.
 */
export async function cachedSessionPrincipal(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<Principal | undefined> {
  const found = await cachedPrincipal(db, `s:${tokenHash}`, async () => {
    const [row] = await sessionByHash(db).execute({ tokenHash, now });
    return row ? { principal: userPrincipal(row.u, row.s.csrfToken), expiresAt: row.s.expiresAt } : undefined;
  });
  return found && found.expiresAt !== null && found.expiresAt > now ? found.principal : undefined;
}

/** Forgets every cached credential of this process; call it after committing a change to one or its user. */
export function forgetCachedPrincipals(): void {
  principalEra += 1;
}

export async function touchApiKey(db: Db, keyId: string, now: Date): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, keyId));
}

/** Tenant-scoped user lookup; `find…` may return undefined. */
export async function findUser(db: Db, tenantId: string, userId: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)))
    .limit(1);
  return row;
}

const userByExternalId = preparedPerDb((db) =>
  db
    .select()
    .from(users)
    .where(
      and(
        eq(users.tenantId, sql.placeholder('tenantId')),
        eq(users.externalId, sql.placeholder('externalId')),
      ),
    )
    .limit(1)
    .prepare('accord_user_by_external_id'),
);

export async function findUserByExternalId(
  db: Db,
  tenantId: string,
  externalId: string,
): Promise<UserRow | undefined> {
  const [row] = await userByExternalId(db).execute({ tenantId, externalId });
  return row;
}

export async function findUsersByPhoneIndex(db: Db, tenantId: string, phoneBidx: string): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.phoneBidx, phoneBidx)))
    .limit(20);
}

export async function listUsers(
  db: Db,
  tenantId: string,
  limit: number,
  before?: string,
): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), before ? lt(users.id, before) : undefined))
    .orderBy(desc(users.id))
    .limit(limit);
}

export async function findMerchantName(
  db: Db,
  tenantId: string,
  merchantId: string | null,
): Promise<string | null> {
  if (!merchantId) return null;
  const [m] = await db
    .select({ name: merchants.name })
    .from(merchants)
    .where(and(eq(merchants.tenantId, tenantId), eq(merchants.id, merchantId)));
  return m?.name ?? null;
}

export async function findTenant(db: Db, tenantId: string): Promise<TenantRow | undefined> {
  const [t] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  return t;
}

/** A user by username in a tenant (for uniqueness checks). */
export async function findUserByUsername(
  db: Db,
  tenantId: string,
  username: string,
): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.username, username)))
    .limit(1);
  return row;
}
