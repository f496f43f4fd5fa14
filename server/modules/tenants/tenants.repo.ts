import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { merchants, tenants } from './tenants.table.js';

export type MerchantRow = typeof merchants.$inferSelect;

export async function insertTenant(db: Db, row: typeof tenants.$inferInsert): Promise<void> {
  await db.insert(tenants).values(row);
}

export async function findTenantBySlug(db: Db, slug: string) {
  const [t] = await db.select().from(tenants).where(eq(tenants.slug, slug));
  return t;
}

export async function countTenants(db: Db): Promise<number> {
  const rows = await db.select({ id: tenants.id }).from(tenants).limit(1);
  return rows.length;
}

export async function findMerchantByExternalId(db: Db, tenantId: string, externalId: string) {
  const [m] = await db
    .select()
    .from(merchants)
    .where(and(eq(merchants.tenantId, tenantId), eq(merchants.externalId, externalId)));
  return m;
}

export async function findMerchant(db: Db, tenantId: string, id: string) {
  const [m] = await db
    .select()
    .from(merchants)
    .where(and(eq(merchants.tenantId, tenantId), eq(merchants.id, id)));
  return m;
}

/** The tenant's merchants among `ids` (missing ones are simply absent). */
export async function findMerchants(db: Db, tenantId: string, ids: string[]): Promise<MerchantRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(merchants)
    .where(and(eq(merchants.tenantId, tenantId), inArray(merchants.id, ids)));
}

export async function listMerchants(db: Db, tenantId: string, limit: number, before?: string) {
  return db
    .select()
    .from(merchants)
    .where(and(eq(merchants.tenantId, tenantId), before ? lt(merchants.id, before) : undefined))
    .orderBy(desc(merchants.id))
    .limit(limit);
}
