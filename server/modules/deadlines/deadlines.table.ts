import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** How long a deadline allows, in an explicit unit (see docs/domain/calendar.md). */
export type DeadlineTarget = {
  unit: 'hours' | 'calendar_days' | 'working_days' | 'months';
  amount: number;
  /** Calendar-day/month windows ending on a non-working day run to the next working day (民法典 Art. 203). */
  extendPastHoliday?: boolean;
};

/**
 * A deadline on a subject (a case): what must happen by when, under which clause, and what follows when it
 * passes. `due_at` is derived — from `starts_at`, the target and the subject's status history (pauses) — and
 * recomputed in the same transaction as anything that moves it; `next_fire_at` is when the sweep must look
 * at it next (the warning, then the due time, or a retry).
 */
export const deadlines = pgTable(
  'deadlines',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    kind: text('kind').notNull(),
    owner: text('owner').notNull(),
    clause: text('clause').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, precision: 3 }).notNull(),
    target: jsonb('target').$type<DeadlineTarget>().notNull(),
    pauseStatuses: text('pause_statuses')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    warnPercent: integer('warn_percent'),
    onBreach: text('on_breach').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true, precision: 3 }),
    warnAt: timestamp('warn_at', { withTimezone: true, precision: 3 }),
    pausedSince: timestamp('paused_since', { withTimezone: true, precision: 3 }),
    provisional: boolean('provisional').notNull().default(false),
    status: text('status').notNull(),
    nextFireAt: timestamp('next_fire_at', { withTimezone: true, precision: 3 }),
    warnedAt: timestamp('warned_at', { withTimezone: true, precision: 3 }),
    settledAt: timestamp('settled_at', { withTimezone: true, precision: 3 }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    // The sweep reads only rows due now: its cost follows how many are due, not how many exist.
    index('deadlines_fire_idx')
      .on(t.nextFireAt)
      .where(sql`${t.status} = 'pending'`),
    index('deadlines_subject_idx').on(t.tenantId, t.subjectType, t.subjectId),
    index('deadlines_provisional_idx')
      .on(t.tenantId)
      .where(sql`${t.status} = 'pending' and ${t.provisional}`),
  ],
);

/**
 * What happened to deadlines: opened, recomputed, warned, breached, met, cancelled, fire_failed. Append-only,
 * so SLA compliance reports never need rebuilding. `instance` makes firing exactly-once: one `warned` and one
 * `breached` per deadline and due time, enforced by a unique index.
 */
export const deadlineEvents = pgTable(
  'deadline_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    deadlineId: text('deadline_id').notNull(),
    subjectId: text('subject_id').notNull(),
    kind: text('kind').notNull(),
    owner: text('owner').notNull(),
    deadlineKind: text('deadline_kind').notNull(),
    instance: text('instance').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true, precision: 3 }),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    uniqueIndex('deadline_events_once_uq')
      .on(t.deadlineId, t.kind, t.instance)
      .where(sql`${t.kind} in ('warned', 'breached', 'met', 'cancelled')`),
    index('deadline_events_tenant_idx').on(t.tenantId, t.kind, t.at),
  ],
);

/**
 * Status history of subjects whose deadlines pause: appended on every status change. Paused time is derived
 * from these rows, never kept in a counter that could drift.
 */
export const subjectStatuses = pgTable(
  'subject_statuses',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    status: text('status').notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index('subject_statuses_subject_idx').on(t.tenantId, t.subjectType, t.subjectId, t.enteredAt)],
);
