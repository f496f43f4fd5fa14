import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Side effects as rows (the outbox): a notice to send, a webhook to deliver, a refund to instruct. Enqueued in
 * the same transaction as the change that causes it; claimed by workers with `FOR UPDATE SKIP LOCKED`;
 * retried with exponential backoff; never deleted (finished rows keep their outcome for the record).
 */
export const jobs = pgTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    kind: text('kind').notNull(),
    // Enqueueing the same effect twice (a retried request, a re-run sweep) is a no-op: unique per tenant.
    dedupeKey: text('dedupe_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').notNull(),
    runAt: timestamp('run_at', { withTimezone: true, precision: 3 }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true, precision: 3 }),
    lastError: text('last_error'),
    result: jsonb('result'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    uniqueIndex('jobs_tenant_dedupe_uq').on(t.tenantId, t.dedupeKey),
    // The claim query reads only due rows: its cost follows how many are due, not how many exist.
    index('jobs_due_idx')
      .on(t.runAt)
      .where(sql`${t.status} in ('queued', 'running')`),
  ],
);
