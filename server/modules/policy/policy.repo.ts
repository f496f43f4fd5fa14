import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { policyVersions } from './policy.table.js';

export type PolicyVersionRow = typeof policyVersions.$inferSelect;

/** Every published version of a tenant (all packs), oldest version first within a pack. */
export async function listPolicyVersions(db: Db, tenantId: string): Promise<PolicyVersionRow[]> {
  return db
    .select()
    .from(policyVersions)
    .where(eq(policyVersions.tenantId, tenantId))
    .orderBy(asc(policyVersions.packId), asc(policyVersions.version));
}

/** The published versions of one pack, oldest first (read inside the publishing transaction). */
export async function listPackVersions(
  db: Db,
  tenantId: string,
  packId: string,
): Promise<PolicyVersionRow[]> {
  return db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.tenantId, tenantId), eq(policyVersions.packId, packId)))
    .orderBy(asc(policyVersions.version));
}

/** Appends a version; undefined when (tenant, pack, version) exists already. */
export async function insertPolicyVersion(
  db: Db,
  row: typeof policyVersions.$inferInsert,
): Promise<PolicyVersionRow | undefined> {
  const [inserted] = await db.insert(policyVersions).values(row).onConflictDoNothing().returning();
  return inserted;
}
