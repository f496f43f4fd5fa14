import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** A marketplace running Accord. Every other row carries `tenant_id`. */
export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  scenarios: text('scenarios')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A merchant organisation (seller, event organizer, voucher merchant, streamer's agency). */
export const merchants = pgTable(
  'merchants',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    // No deposit column: the deposit is the ledger's `merchant_deposit:<id>` balance (settlement's
    // depositBalances); the unused `deposit_fen` was dropped by migration 0027.
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('merchants_tenant_external_uq').on(t.tenantId, t.externalId),
    index('merchants_tenant_idx').on(t.tenantId),
  ],
);
