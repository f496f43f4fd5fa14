import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ActorSnapshot } from '../audit/audit.table.js';
import { tenants } from '../tenants/tenants.table.js';

/**
 * Published policy-pack versions of a tenant (docs/domain/policies.md §8). Append-only (trigger): a version is
 * never edited, a newer one supersedes it. The built-in packs are every tenant's version 1 without a row.
 * `pack` is the version as validated by `PolicyPackSchema` (fen as digit strings, `serializePolicyPack`);
 * `rights_diff` is the consumer-rights diff against the version it follows (`previous_version`).
 */
export const policyVersions = pgTable(
  'policy_versions',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    packId: text('pack_id').notNull(),
    kind: text('kind').notNull(),
    scenario: text('scenario').notNull(),
    version: integer('version').notNull(),
    effectiveFrom: timestamp('effective_from', { withTimezone: true, precision: 3 }).notNull(),
    orderScope: text('order_scope').notNull(),
    pack: jsonb('pack').$type<Record<string, unknown>>().notNull(),
    previousVersion: integer('previous_version').notNull(),
    rightsDiff: jsonb('rights_diff').$type<Record<string, unknown>[]>().notNull(),
    publishedBy: jsonb('published_by').$type<ActorSnapshot>().notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex('policy_versions_tenant_pack_version_uq').on(t.tenantId, t.packId, t.version),
    index('policy_versions_tenant_idx').on(t.tenantId, t.publishedAt),
  ],
);
