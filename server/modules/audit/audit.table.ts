import {
  bigint,
  bigserial,
  boolean,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.table.js';

/** Snapshot of who acted, frozen at the time of the action. */
export type ActorSnapshot = {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  role: string | null;
  name: string | null;
};

/**
 * Append-only audit trail, hash-chained per tenant: `hash = sha256(prev_hash ‖ canonical(row))` and `seq`
 * increases by one with no gaps. A trigger (see migration) refuses UPDATE and DELETE.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    seq: bigint('seq', { mode: 'bigint' }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    actor: jsonb('actor').$type<ActorSnapshot>().notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    caseId: text('case_id'),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
    partyVisible: boolean('party_visible').notNull().default(false),
    requestId: text('request_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_events_tenant_seq_uq').on(t.tenantId, t.seq),
    index('audit_events_target_idx').on(t.tenantId, t.targetType, t.targetId),
    index('audit_events_case_idx').on(t.tenantId, t.caseId),
  ],
);

/**
 * The head of each tenant's chain. Locking this row serialises appends per tenant (so `seq` has no gaps)
 * and lets verify detect rows deleted from the end of the chain.
 */
export const auditHeads = pgTable('audit_heads', {
  tenantId: text('tenant_id')
    .primaryKey()
    .references(() => tenants.id),
  lastSeq: bigint('last_seq', { mode: 'bigint' }).notNull(),
  lastHash: text('last_hash').notNull(),
});
