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
  open?: boolean;
  /**
   * Deadline queues, filtered in the same query as the page (so a page is never short while more match):
   * `due_soon` — an open case with a pending deadline due between `now` and `before`; `breached` — an open
   * case with a breached deadline, or a pending one already past due that the sweep has not fired yet.
   */
  deadline?: { which: 'due_soon' | 'breached'; now: Date; before: Date };
};

function deadlineCondition(d: NonNullable<CaseFilter['deadline']>): SQL {
  const now = d.now.toISOString();
  const match =
    d.which === 'due_soon'
      ? sql`dl.status = 'pending' and dl.due_at > ${now}::timestamptz and dl.due_at <= ${d.before.toISOString()}::timestamptz`
      : sql`(dl.status = 'breached' or (dl.status = 'pending' and dl.due_at <= ${now}::timestamptz))`;
  return sql`${cases.isOpen} and exists (select 1 from deadlines dl where dl.tenant_id = ${cases.tenantId} and dl.subject_type = 'case' and dl.subject_id = ${cases.id} and ${match})`;
}

/** Newest first with a (created_at, id) keyset cursor; `limit + 1` rows so the caller knows if more exist. */
export async function listCases(db: Db, tenantId: string, f: CaseFilter, limit: number, cursor?: string) {
  const conditions: (SQL | undefined)[] = [
    eq(cases.tenantId, tenantId),
    f.claimantId ? eq(cases.claimantId, f.claimantId) : undefined,
    f.respondentMerchantId ? eq(cases.respondentMerchantId, f.respondentMerchantId) : undefined,
    f.stages && f.stages.length > 0 ? inArray(cases.stage, f.stages) : undefined,
    f.assigneeId ? eq(cases.assigneeId, f.assigneeId) : undefined,
    f.category ? eq(cases.category, f.category) : undefined,
    f.open === undefined ? undefined : eq(cases.isOpen, f.open),
    f.deadline ? deadlineCondition(f.deadline) : undefined,
  ];
  if (cursor) {
    const [at, id] = cursor.split('|');
    const when = new Date(at ?? '');
    conditions.push(
      id && !Number.isNaN(when.getTime())
        ? sql`(${cases.createdAt}, ${cases.id}) < (${when.toISOString()}::timestamptz, ${id})`
        : sql`false`,
    );
  }
  return db
    .select()
    .from(cases)
    .where(and(...conditions))
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .limit(limit + 1);
}

export function caseCursorKey(c: Pick<CaseRow, 'createdAt' | 'id'>): string {
  return `${c.createdAt.toISOString()}|${c.id}`;
}

/**
 * The handler with the fewest open cases assigned (ties: the longest-standing account), for routing a newly
 * accepted case; undefined when the tenant has no handler.
 */
export async function leastLoadedHandler(db: Db, tenantId: string): Promise<string | undefined> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select u.id from users u
          left join cases c on c.assignee_id = u.id and c.is_open
         where u.tenant_id = ${tenantId} and u.role = 'handler' and u.disabled_at is null
         group by u.id, u.created_at
         order by count(c.id), u.created_at, u.id
         limit 1`,
  );
  return row?.id;
}
