import { and, desc, eq, inArray, isNotNull, sql, type Column, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { jsonRecordset, rowFromJson, rowJson, staticSql } from '../../db/json-rows.js';
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

/**
 * Inserts new cases of one tenant and year, numbering them in the same statement — human numbers per tenant
 * and year, e.g. AC-2026-000123: the counter row moves by their count and each case takes the next number in
 * the order given. The counter row stays locked until the transaction ends (so numbers are gap-free: a
 * rollback gives them back); call this last. Sets `number` on the rows given.
 */
export async function insertNumberedCases(
  tx: Db,
  tenantId: string,
  year: number,
  rows: CaseRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const { keys, name, source } = jsonRecordset(cases, rows);
  const count = rows.length;
  const seqNo = sql`(n.last - ${count} + r.ordinality)::text`;
  const select = sql.join(
    keys.map((key) =>
      key === 'number'
        ? sql`${`AC-${year}-`}::text || lpad(${seqNo}, greatest(6, length(${seqNo})), '0')`
        : sql`r.${sql.identifier(name(key))}`,
    ),
    sql`, `,
  );
  const columns = sql.join(
    keys.map((key) => sql.identifier(name(key))),
    sql`, `,
  );
  const numbered = await queryRows<{ id: string; number: string }>(
    tx,
    sql`with n as (
          insert into ${caseCounters} (tenant_id, year, last) values (${tenantId}, ${year}, ${count})
          on conflict (tenant_id, year) do update set last = ${caseCounters.last} + ${count}
          returning last)
        insert into ${cases} (${columns})
        select ${select} from ${source} with ordinality as r, n
        returning id, number`,
  );
  const byId = new Map(numbered.map((c) => [c.id, c.number]));
  for (const r of rows) r.number = byId.get(r.id)!;
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
