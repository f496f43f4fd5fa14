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
