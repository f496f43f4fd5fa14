import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { caseCounters, caseEvents, caseMessages, cases } from './cases.table.js';

export type CaseRow = typeof cases.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type CaseMessageRow = typeof caseMessages.$inferSelect;

/** The next human number for the tenant and year, e.g. AC-2026-000123 (a row lock serialises the counter). */
export async function nextCaseNumber(tx: Db, tenantId: string, year: number): Promise<string> {
  const [row] = await tx
    .insert(caseCounters)
    .values({ tenantId, year, last: 1 })
    .onConflictDoUpdate({
      target: [caseCounters.tenantId, caseCounters.year],
      set: { last: sql`${caseCounters.last} + 1` },
    })
    .returning({ last: caseCounters.last });
  return `AC-${year}-${String(row!.last).padStart(6, '0')}`;
}

export async function findCase(db: Db, tenantId: string, id: string): Promise<CaseRow | undefined> {
  const [c] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), eq(cases.id, id)));
  return c;
}

export async function lockCase(tx: Db, tenantId: string, id: string): Promise<CaseRow | undefined> {
  const [c] = await tx
    .select()
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), eq(cases.id, id)))
    .for('update');
  return c;
}

export async function caseTimeline(db: Db, caseId: string): Promise<CaseEventRow[]> {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(caseEvents.id);
}

export async function caseMessagesOf(db: Db, caseId: string): Promise<CaseMessageRow[]> {
  return db
    .select()
    .from(caseMessages)
    .where(eq(caseMessages.caseId, caseId))
    .orderBy(caseMessages.createdAt, caseMessages.id);
}

export type CaseFilter = {
  claimantId?: string;
  respondentMerchantId?: string;
  stages?: string[];
  assigneeId?: string;
  category?: string;
  team?: string;
  open?: boolean;
  /** Only cases with a pending deadline due at or before this instant ("due soon"). */
  dueBefore?: Date;
  /** Only open cases with a breached deadline. */
  breached?: boolean;
};

/**
 * How a list is ordered: `newest` (created_at desc) or `priority` — fast-track cases first, then the case
 * whose earliest pending deadline falls soonest (cases without one last), the id breaking ties.
 */
export type CaseOrder = 'newest' | 'priority';

// Correlated subqueries name the outer row explicitly: drizzle may render a column unqualified, which inside
// `from deadlines d` would bind to the deadline's own column.
const outer = { tenantId: sql.raw('"cases"."tenant_id"'), id: sql.raw('"cases"."id"') };

/** The earliest pending deadline of the case, as epoch milliseconds (Infinity without one). */
const nextDueMs = sql<number>`coalesce((select (extract(epoch from min(d.due_at)) * 1000)::float8 from deadlines d
  where d.tenant_id = ${outer.tenantId} and d.subject_type = 'case' and d.subject_id = ${outer.id}
    and d.status = 'pending'), 'Infinity'::float8)`;
const fastRank = sql<number>`(case when ${cases.fastTrack} then 0 else 1 end)`;

function deadlineCondition(f: CaseFilter): SQL[] {
  const out: SQL[] = [];
  if (f.dueBefore) {
    out.push(sql`exists (select 1 from deadlines d where d.tenant_id = ${outer.tenantId}
      and d.subject_type = 'case' and d.subject_id = ${outer.id} and d.status = 'pending'
      and d.due_at <= ${f.dueBefore.toISOString()}::timestamptz)`);
  }
  if (f.breached) {
    out.push(sql`${cases.isOpen} and exists (select 1 from deadlines d where d.tenant_id = ${outer.tenantId}
      and d.subject_type = 'case' and d.subject_id = ${outer.id} and d.status = 'breached')`);
  }
  return out;
}

/** The keyset condition for a cursor made by `caseCursorKey` (a cursor of the other order matches nothing). */
function afterCursor(order: CaseOrder, cursor: string): SQL {
  const parts = cursor.split('|');
  if (order === 'priority') {
    const [tag, rank, due, id] = parts;
    const ok =
      tag === 'p' &&
      (rank === '0' || rank === '1') &&
      id &&
      (due === 'Infinity' || Number.isFinite(Number(due)));
    return ok
      ? sql`(${fastRank}, ${nextDueMs}, ${cases.id}) > (${Number(rank)}::int, ${due}::float8, ${id})`
      : sql`false`;
  }
  const [at, id] = parts;
  const when = new Date(at ?? '');
  return id && parts.length === 2 && !Number.isNaN(when.getTime())
    ? sql`(${cases.createdAt}, ${cases.id}) < (${when.toISOString()}::timestamptz, ${id})`
    : sql`false`;
}

export type ListedCase = CaseRow & { nextDueMs: number };

/** One page of cases in `order` with a keyset cursor; `limit + 1` rows so the caller knows if more exist. */
export async function listCases(
  db: Db,
  tenantId: string,
  f: CaseFilter,
  limit: number,
  cursor?: string,
  order: CaseOrder = 'newest',
): Promise<ListedCase[]> {
  const conditions: (SQL | undefined)[] = [
    eq(cases.tenantId, tenantId),
    f.claimantId ? eq(cases.claimantId, f.claimantId) : undefined,
    f.respondentMerchantId ? eq(cases.respondentMerchantId, f.respondentMerchantId) : undefined,
    f.stages && f.stages.length > 0 ? inArray(cases.stage, f.stages) : undefined,
    f.assigneeId ? eq(cases.assigneeId, f.assigneeId) : undefined,
    f.category ? eq(cases.category, f.category) : undefined,
    f.team ? eq(cases.team, f.team) : undefined,
    f.open === undefined ? undefined : eq(cases.isOpen, f.open),
    ...deadlineCondition(f),
    cursor ? afterCursor(order, cursor) : undefined,
  ];
  const rows = await db
    .select({ c: cases, nextDueMs })
    .from(cases)
    .where(and(...conditions))
    .orderBy(
      ...(order === 'priority' ? [fastRank, nextDueMs, cases.id] : [desc(cases.createdAt), desc(cases.id)]),
    )
    .limit(limit + 1);
  return rows.map((r) => ({ ...r.c, nextDueMs: Number(r.nextDueMs) }));
}

/** The cursor key of a listed case in `order`. */
export function caseCursorKey(order: CaseOrder) {
  return (c: ListedCase): string =>
    order === 'priority'
      ? `p|${c.fastTrack ? 0 : 1}|${Number.isFinite(c.nextDueMs) ? c.nextDueMs : 'Infinity'}|${c.id}`
      : `${c.createdAt.toISOString()}|${c.id}`;
}

/**
 * Routing of a newly accepted case: a handler of the case's team if the team has one, else any handler; among
 * those the one with the fewest open cases (ties: the longest-standing account). Undefined without handlers.
 */
export async function leastLoadedHandler(
  db: Db,
  tenantId: string,
  team: string,
): Promise<string | undefined> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select u.id from users u
          left join cases c on c.assignee_id = u.id and c.is_open
         where u.tenant_id = ${tenantId} and u.role = 'handler' and u.disabled_at is null
         group by u.id, u.team, u.created_at
         order by (u.team is not distinct from ${team}) desc, count(c.id), u.created_at, u.id
         limit 1`,
  );
  return row?.id;
}
