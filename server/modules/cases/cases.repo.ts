import { and, desc, eq, inArray, isNotNull, sql, type Column, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { rowFromJson, rowJson, staticSql } from '../../db/json-rows.js';
import { users } from '../accounts/accounts.table.js';
import { deadlines, type DeadlineRow } from '../deadlines/index.js';
import { merchants } from '../tenants/tenants.table.js';
import {
  caseCounters,
  caseEvents,
  caseEvidence,
  caseEvidenceRequests,
  caseMessages,
  caseOffers,
  cases,
} from './cases.table.js';

export type CaseRow = typeof cases.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type CaseMessageRow = typeof caseMessages.$inferSelect;

/** The next human number for the tenant and year, e.g. AC-2026-000123 (a row lock serialises the counter). */
export async function nextCaseNumber(tx: Db, tenantId: string, year: number): Promise<string> {
  const [number] = await reserveCaseNumbers(tx, tenantId, year, 1);
  return number!;
}

/**
 * The next `count` human numbers for the tenant and year, in order, with one counter update. The counter row
 * stays locked until the transaction ends, so take the numbers as late as possible; a rollback gives them
 * back (numbers stay gap-free).
 */
export async function reserveCaseNumbers(
  tx: Db,
  tenantId: string,
  year: number,
  count: number,
): Promise<string[]> {
  const [row] = await tx
    .insert(caseCounters)
    .values({ tenantId, year, last: count })
    .onConflictDoUpdate({
      target: [caseCounters.tenantId, caseCounters.year],
      set: { last: sql`${caseCounters.last} + ${count}` },
    })
    .returning({ last: caseCounters.last });
  const first = row!.last - count + 1;
  return Array.from({ length: count }, (_, i) => `AC-${year}-${String(first + i).padStart(6, '0')}`);
}

/**
 * The open cases' (claimant, order, issue) keys for these claimants and orders — the one-open-case-per-issue
 * rule, read through its partial unique index.
 */
export async function openCaseKeys(
  db: Db,
  tenantId: string,
  claimantIds: string[],
  orderIds: string[],
): Promise<{ claimantId: string; orderId: string | null; category: string }[]> {
  if (orderIds.length === 0 || claimantIds.length === 0) return [];
  return db
    .select({ claimantId: cases.claimantId, orderId: cases.orderId, category: cases.category })
    .from(cases)
    .where(
      and(
        eq(cases.tenantId, tenantId),
        inArray(cases.claimantId, claimantIds),
        inArray(cases.orderId, orderIds),
        eq(cases.isOpen, true),
        isNotNull(cases.orderId),
      ),
    );
}

export async function findCase(db: Db, tenantId: string, id: string): Promise<CaseRow | undefined> {
  const [c] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), eq(cases.id, id)));
  return c;
}

/** A case with everything its page shows, as {@link caseWithParts} reads it. */
export type CaseParts = {
  case: CaseRow;
  deadlines: DeadlineRow[];
  events: CaseEventRow[];
  messages: CaseMessageRow[];
  offers: (typeof caseOffers.$inferSelect)[];
  evidence: (typeof caseEvidence.$inferSelect)[];
  evidenceRequests: (typeof caseEvidenceRequests.$inferSelect)[];
  claimant: typeof users.$inferSelect | undefined;
  merchantName: string | null;
};

/**
 * A case and all its parts (deadlines, timeline, messages, offers, evidence, evidence requests, claimant,
 * merchant name) in ONE statement — one round trip instead of nine, each collection aggregated to JSON in
 * the order its own list query uses. Undefined when the tenant has no such case.
 */
export async function caseWithParts(
  db: Db,
  tenantId: string,
  caseId: string,
): Promise<CaseParts | undefined> {
  partsSql ??= staticSql(casePartsQuery());
  const [row] = await queryRows<{
    c: Record<string, unknown> | null;
    deadlines: Record<string, unknown>[];
    events: Record<string, unknown>[];
    messages: Record<string, unknown>[];
    offers: Record<string, unknown>[];
    evidence: Record<string, unknown>[];
    requests: Record<string, unknown>[];
    claimant: Record<string, unknown> | null;
    merchant_name: string | null;
  }>(
    db,
    sql`with p as not materialized (select ${tenantId}::text as tenant_id, ${caseId}::text as case_id) ${sql.raw(partsSql)}`,
  );
  if (!row?.c) return undefined;
  return {
    case: rowFromJson(cases, row.c),
    deadlines: row.deadlines.map((d) => rowFromJson(deadlines, d)),
    events: row.events.map((e) => rowFromJson(caseEvents, e)),
    messages: row.messages.map((m) => rowFromJson(caseMessages, m)),
    offers: row.offers.map((o) => rowFromJson(caseOffers, o)),
    evidence: row.evidence.map((e) => rowFromJson(caseEvidence, e)),
    evidenceRequests: row.requests.map((q) => rowFromJson(caseEvidenceRequests, q)),
    claimant: row.claimant ? rowFromJson(users, row.claimant) : undefined,
    merchantName: row.merchant_name,
  };
}

// Rendered once (it is large): bound to the tenant and case through the `p` row that precedes it.
let partsSql: string | undefined;

function casePartsQuery(): SQL {
  const list = (table: Parameters<typeof rowJson>[0], where: SQL, orderBy: SQL) =>
    sql`(select coalesce(json_agg(${rowJson(table)} order by ${orderBy}), '[]'::json) from ${table}, p where ${where})`;
  const theCase = sql`${cases.tenantId} = p.tenant_id and ${cases.id} = p.case_id`;
  const ofCase = (column: Column) => sql`${column} = p.case_id`;
  return sql`select
      (select ${rowJson(cases)} from ${cases}, p where ${theCase}) as c,
      ${list(
        deadlines,
        sql`${deadlines.tenantId} = p.tenant_id and ${deadlines.subjectType} = 'case' and ${deadlines.subjectId} = p.case_id`,
        sql`${deadlines.createdAt}`,
      )} as deadlines,
      ${list(caseEvents, ofCase(caseEvents.caseId), sql`${caseEvents.id}`)} as events,
      ${list(caseMessages, ofCase(caseMessages.caseId), sql`${caseMessages.createdAt}, ${caseMessages.id}`)} as messages,
      ${list(caseOffers, ofCase(caseOffers.caseId), sql`${caseOffers.createdAt}, ${caseOffers.id}`)} as offers,
      ${list(caseEvidence, ofCase(caseEvidence.caseId), sql`${caseEvidence.createdAt}, ${caseEvidence.id}`)} as evidence,
      ${list(
        caseEvidenceRequests,
        ofCase(caseEvidenceRequests.caseId),
        sql`${caseEvidenceRequests.createdAt}, ${caseEvidenceRequests.id}`,
      )} as requests,
      (select ${rowJson(users)} from ${users} join ${cases} on ${users.tenantId} = ${cases.tenantId} and ${users.id} = ${cases.claimantId}, p where ${theCase}) as claimant,
      (select ${merchants.name} from ${merchants} join ${cases} on ${merchants.tenantId} = ${cases.tenantId} and ${merchants.id} = ${cases.respondentMerchantId}, p where ${theCase}) as merchant_name`;
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
};

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

/** Cases with a pending deadline due before `before` (the "due soon" queue) or already breached. */
export async function caseIdsByDeadline(
  db: Db,
  tenantId: string,
  which: 'due_soon' | 'breached',
  before: Date,
): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    which === 'due_soon'
      ? sql`select distinct subject_id as id from deadlines where tenant_id = ${tenantId} and subject_type = 'case' and status = 'pending' and due_at <= ${before.toISOString()}::timestamptz limit 1000`
      : sql`select distinct d.subject_id as id from deadlines d join cases c on c.id = d.subject_id where d.tenant_id = ${tenantId} and d.subject_type = 'case' and d.status = 'breached' and c.is_open limit 1000`,
  );
  return rows.map((r) => r.id);
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
