import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { insertRowsAsJson, insertRowsSql } from '../../db/json-rows.js';
import { queryRows, type Db } from '../../db/client.js';
import { toJsonValue } from '../../lib/canonical-json.js';
import { deadlineEvents, deadlines, subjectStatuses } from './deadlines.table.js';

export type DeadlineRow = typeof deadlines.$inferSelect;
export type DeadlineEventKind =
  'opened' | 'recomputed' | 'warned' | 'breached' | 'met' | 'cancelled' | 'fire_failed';

type DeadlineEventInput = {
  d: DeadlineRow;
  kind: DeadlineEventKind;
  at: Date;
  details?: Record<string, unknown>;
};

function deadlineEventRow({ d, kind, at, details }: DeadlineEventInput): typeof deadlineEvents.$inferInsert {
  return {
    tenantId: d.tenantId,
    deadlineId: d.id,
    subjectId: d.subjectId,
    kind,
    owner: d.owner,
    deadlineKind: d.kind,
    // Firing is once per due time; other events are keyed by when they happened.
    instance:
      kind === 'warned' || kind === 'breached'
        ? (d.dueAt?.toISOString() ?? '')
        : kind === 'met' || kind === 'cancelled'
          ? 'final'
          : at.toISOString(),
    at,
    dueAt: d.dueAt,
    details: toJsonValue(details ?? {}) as Record<string, unknown>,
  };
}

/** Appends deadline events; a duplicate of a once-only event (same deadline, kind, instance) is skipped. */
export async function insertDeadlineEvents(tx: Db, rows: DeadlineEventInput[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await insertRowsAsJson(tx, deadlineEvents, rows.map(deadlineEventRow), {
    onConflictDoNothing: true,
    returning: 'deadlineId',
  });
  return new Set(inserted.map((r) => r.deadline_id as string));
}

/**
 * The INSERTs of new deadlines, each with its `opened` event, and — for subjects new in this transaction — their
 * first statuses; run together as ONE statement (`together`: data-modifying CTEs), or joined to a larger one
 * (intake's batch write). The rows are stored as given, every column included.
 */
export function deadlinesWithEventsInserts(
  opened: { d: DeadlineRow; at: Date; details: Record<string, unknown> }[],
  statuses: (typeof subjectStatuses.$inferInsert)[] = [],
): SQL[] {
  return [
    ...(opened.length > 0
      ? [
          insertRowsSql(
            deadlines,
            opened.map(({ d }) => d),
          ),
          insertRowsSql(
            deadlineEvents,
            opened.map((o) => deadlineEventRow({ ...o, kind: 'opened' })),
          ),
        ]
      : []),
    ...(statuses.length > 0 ? [insertRowsSql(subjectStatuses, statuses)] : []),
  ];
}

export async function findDeadline(db: Db, tenantId: string, id: string): Promise<DeadlineRow | undefined> {
  const [d] = await db
    .select()
    .from(deadlines)
    .where(and(eq(deadlines.tenantId, tenantId), eq(deadlines.id, id)));
  return d;
}

/** Pending deadlines of a subject, locked for the recompute that follows. */
export async function lockPendingForSubject(
  tx: Db,
  tenantId: string,
  subjectType: string,
  subjectId: string,
) {
  return tx
    .select()
    .from(deadlines)
    .where(
      and(
        eq(deadlines.tenantId, tenantId),
        eq(deadlines.subjectType, subjectType),
        eq(deadlines.subjectId, subjectId),
        eq(deadlines.status, 'pending'),
      ),
    )
    .for('update');
}

export async function listDeadlinesOfSubject(
  db: Db,
  tenantId: string,
  subjectType: string,
  subjectId: string,
) {
  return db
    .select()
    .from(deadlines)
    .where(
      and(
        eq(deadlines.tenantId, tenantId),
        eq(deadlines.subjectType, subjectType),
        eq(deadlines.subjectId, subjectId),
      ),
    )
    .orderBy(asc(deadlines.createdAt));
}

export async function statusHistory(db: Db, tenantId: string, subjectType: string, subjectId: string) {
  return db
    .select({ status: subjectStatuses.status, enteredAt: subjectStatuses.enteredAt })
    .from(subjectStatuses)
    .where(
      and(
        eq(subjectStatuses.tenantId, tenantId),
        eq(subjectStatuses.subjectType, subjectType),
        eq(subjectStatuses.subjectId, subjectId),
      ),
    )
    .orderBy(asc(subjectStatuses.enteredAt), asc(subjectStatuses.id));
}

/**
 * Claims pending deadlines whose next look is due, oldest first, skipping rows another sweeper holds. Locks
 * last until the caller's transaction ends.
 */
export async function claimDueDeadlines(tx: Db, now: Date, limit: number): Promise<DeadlineRow[]> {
  const due = {
    rows: await queryRows<{ id: string }>(
      tx,
      sql`
    select id from deadlines
     where status = 'pending' and next_fire_at <= ${now}
     order by next_fire_at
     limit ${limit}
     for update skip locked`,
    ),
  };
  const ids = due.rows.map((r) => r.id);
  if (ids.length === 0) return [];
  return tx.select().from(deadlines).where(inArray(deadlines.id, ids)).orderBy(asc(deadlines.nextFireAt));
}
