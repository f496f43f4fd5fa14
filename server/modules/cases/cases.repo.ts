import { createHash } from 'node:crypto';
import { and, desc, eq, getTableColumns, inArray, sql, type Column, type SQL } from 'drizzle-orm';
import { preparedPerDb, queryRows, type Db } from '../../db/client.js';
import { jsonRecordset, quoteIdent, rowFromJson, rowJson, staticSql } from '../../db/json-rows.js';
import { canonicalJson, toJsonValue } from '../../lib/canonical-json.js';
import type { UserRow } from '../accounts/accounts.repo.js';
import { users } from '../accounts/accounts.table.js';
import { deadlines, type DeadlineRow } from '../deadlines/index.js';
import { orders } from '../orders/orders.table.js';
import type { OrderRow } from '../orders/orders.repo.js';
import type { MerchantRow } from '../tenants/tenants.repo.js';
import { merchants } from '../tenants/tenants.table.js';
import { notices } from '../notices/notices.table.js';
import type { NoticeRow } from '../notices/notify.js';
import {
  caseCounters,
  caseEvents,
  caseEvidence,
  caseEvidenceRequests,
  caseMessages,
  caseOffers,
  casePolicies,
  cases,
} from './cases.table.js';

/** A case as stored: its policy by key. */
export type CaseRecord = typeof cases.$inferSelect;
/** A case with the policy it runs under (read with it, from `case_policies`). */
export type CaseRow = CaseRecord & { policy: Record<string, unknown> };

/** The case's policy snapshot, for a select or returning list over `cases` (one primary-key probe). */
export const casePolicySql = sql<
  Record<string, unknown>
>`(select ${casePolicies.policy} from ${casePolicies} where ${casePolicies.key} = ${cases.policyKey})`;

/** Every column of a case and its policy: `db.select(caseFields).from(cases)`. */
export const caseFields = { ...getTableColumns(cases), policy: casePolicySql };

/** A policy as a case snapshots it: its JSON and the key of its `case_policies` row. */
export type PolicySnapshot = { key: string; json: Record<string, unknown> };

/** The `case_policies` key of a policy's JSON: derived from the content alone, so equal policies share a row. */
export function casePolicyKey(json: Record<string, unknown>): string {
  return `sha256:${createHash('sha256').update(canonicalJson(json)).digest('hex')}`;
}

// The same policy object gives the same snapshot: intake pins one per pack version on every filing.
const policySnapshots = new WeakMap<object, PolicySnapshot>();

/** A case's snapshot of the policy it runs under (`CasePolicy`): its JSON and key, computed once per object. */
export function policySnapshot(policy: object): PolicySnapshot {
  let snapshot = policySnapshots.get(policy);
  if (!snapshot) {
    const json = toJsonValue(policy) as Record<string, unknown>;
    snapshot = { key: casePolicyKey(json), json };
    policySnapshots.set(policy, snapshot);
  }
  return snapshot;
}

/** Stores a policy snapshot for a case to be pinned to (a no-op when that content is stored already). */
export async function storeCasePolicy(db: Db, snapshot: PolicySnapshot): Promise<PolicySnapshot> {
  await db.execute(casePoliciesInsert([snapshot]));
  return snapshot;
}

/**
 * Stores the snapshots not stored yet (a row is never changed: its key is its content), for the statement
 * that files cases under them; a snapshot already there takes no lock.
 */
export function casePoliciesInsert(snapshots: PolicySnapshot[]): SQL {
  const payload = JSON.stringify(snapshots.map((s) => ({ key: s.key, policy: s.json })));
  return sql`insert into ${casePolicies} (key, policy)
      select key, policy from jsonb_to_recordset(${payload}::jsonb) as x(key text, policy jsonb)
      on conflict do nothing`;
}
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type CaseMessageRow = typeof caseMessages.$inferSelect;

/** What a batch of filings is checked against, read by {@link intakeLookups}. */
export type IntakeLookups = {
  /** The consumers among the users named by external id (a staff user with such an id is not one). */
  consumers: UserRow[];
  orders: OrderRow[];
  /** The merchants named by id and those of the orders found. */
  merchants: MerchantRow[];
  /** The open cases on the orders named, of the claimants named or found: the one-open-case-per-issue rule. */
  openKeys: { claimantId: string; orderId: string; category: string }[];
};

/**
 * Everything intake checks a batch of filings against, in ONE statement (one round trip per batch instead of
 * four): the consumers named by external id, the orders, the merchants named or of those orders, and the open
 * cases of those claimants on those orders. May return more than a filing needs (another filing's claimant
 * with this one's order); the caller matches by exact key. No statement when nothing is named.
 */
export async function intakeLookups(
  db: Db,
  tenantId: string,
  named: { externalIds: string[]; orderIds: string[]; merchantIds: string[]; claimantIds: string[] },
): Promise<IntakeLookups> {
  const { externalIds, orderIds, merchantIds, claimantIds } = named;
  if (externalIds.length + orderIds.length + merchantIds.length === 0) {
    return { consumers: [], orders: [], merchants: [], openKeys: [] };
  }
  // Not a named statement: its generic plan (after five runs) reads the arrays blind and took 3× as long.
  const [row] = await queryRows<{
    consumers: Record<string, unknown>[];
    orders: Record<string, unknown>[];
    merchants: Record<string, unknown>[];
    open_keys: IntakeLookups['openKeys'];
  }>(
    db,
    sql`with p as not materialized (select ${tenantId}::text as tenant_id,
          ${sql.param(externalIds)}::text[] as external_ids, ${sql.param(orderIds)}::text[] as order_ids,
          ${sql.param(merchantIds)}::text[] as merchant_ids, ${sql.param(claimantIds)}::text[] as claimant_ids)
        ${sql.raw((intakeLookupsSql ??= staticSql(intakeLookupsQuery())))}`,
  );
  return {
    consumers: row!.consumers.map((u) => rowFromJson(users, u)),
    orders: row!.orders.map((o) => rowFromJson(orders, o)),
    merchants: row!.merchants.map((m) => rowFromJson(merchants, m)),
    openKeys: row!.open_keys,
  };
}

// Rendered once: bound through the `p` row that precedes it.
let intakeLookupsSql: string | undefined;

// The CTE names must not be table names: a CTE would shadow the table it reads.
function intakeLookupsQuery(): SQL {
  const agg = (cte: string) => sql.raw(`(select coalesce(json_agg(j), '[]'::json) from ${cte})`);
  return sql`, named_consumers as (
      select ${users.id} as id, ${rowJson(users)} as j from ${users}, p
       where ${users.tenantId} = p.tenant_id and ${users.externalId} = any(p.external_ids)
         and ${users.role} = 'consumer'),
    found_orders as (
      select ${orders.merchantId} as merchant_id, ${rowJson(orders)} as j from ${orders}, p
       where ${orders.tenantId} = p.tenant_id and ${orders.id} = any(p.order_ids)),
    found_merchants as (
      select ${rowJson(merchants)} as j from ${merchants}, p
       where ${merchants.tenantId} = p.tenant_id
         and ${merchants.id} = any(p.merchant_ids || array(select merchant_id from found_orders))),
    open_keys as (
      select json_build_object('claimantId', ${cases.claimantId}, 'orderId', ${cases.orderId},
                               'category', ${cases.category}) as j
        from ${cases}, p
       where ${cases.tenantId} = p.tenant_id and ${cases.isOpen} and ${cases.orderId} is not null
         and ${cases.orderId} = any(p.order_ids)
         and ${cases.claimantId} = any(p.claimant_ids || array(select id from named_consumers)))
    select ${agg('named_consumers')} as consumers, ${agg('found_orders')} as orders,
           ${agg('found_merchants')} as merchants, ${agg('open_keys')} as open_keys`;
}

/**
 * Inserts new cases of one tenant and year, numbering them in the same statement — human numbers per tenant
 * and year, e.g. AC-2026-000123: the counter row moves by their count and each case takes the next number in
 * the order given. The counter row stays locked until the transaction ends (so numbers are gap-free: a
 * rollback gives them back). Built, not run: `counter` (the counter update, returning `last`) must be a CTE
 * named `counterName`, which `insert` (returning `id`, `number`) reads — intake writes them with the rest of
 * its batch in one statement (open-case.ts `writeFiledCases`).
 */
export function numberedCasesWrites(
  tenantId: string,
  year: number,
  rows: CaseRecord[],
  counterName: string,
): { counter: SQL; insert: SQL } {
  const { keys, name, columns, source } = jsonRecordset(cases, rows);
  const count = rows.length;
  return {
    // The counter's row gives the numbers' prefix and the last number before this batch's.
    counter: sql`insert into ${caseCounters} (tenant_id, year, last) values (${tenantId}, ${year}, ${count})
          on conflict (tenant_id, year) do update set last = ${caseCounters.last} + ${count}
          returning last - ${count} as before, ${`AC-${year}-`}::text as prefix`,
    insert: sql`insert into ${cases} (${columns})
        select ${numberedSelectList(keys, name)} from ${source} with ordinality as r, ${sql.raw(counterName)} as n
        returning id, number`,
  };
}

// The select list of numberedCasesWrites by key order, rendered once (it has no values).
const numberedSelectLists = new Map<string, SQL>();

function numberedSelectList(keys: string[], name: (key: string) => string): SQL {
  const signature = keys.join(',');
  let list = numberedSelectLists.get(signature);
  if (!list) {
    const seqNo = '(n.before + r.ordinality)::text';
    list = sql.raw(
      keys
        .map((key) =>
          key === 'number'
            ? `n.prefix || lpad(${seqNo}, greatest(6, length(${seqNo})), '0')`
            : `r.${quoteIdent(name(key))}`,
        )
        .join(', '),
    );
    numberedSelectLists.set(signature, list);
  }
  return list;
}

export async function findCase(db: Db, tenantId: string, id: string): Promise<CaseRow | undefined> {
  const [c] = await db
    .select(caseFields)
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), eq(cases.id, id)));
  return c;
}

/** Who may see a case (its parties) and its {@link caseStamp}. */
export type CaseStamp = Pick<CaseRow, 'claimantId' | 'respondentMerchantId'> & { stamp: string };

const caseStampQuery = preparedPerDb((db) =>
  db
    .select({
      claimantId: cases.claimantId,
      respondentMerchantId: cases.respondentMerchantId,
      stamp: sql<string>`${cases}.xmin::text || '.' || coalesce(${users}.xmin::text, '-') || '.' || coalesce(${merchants}.xmin::text, '-')`,
    })
    .from(cases)
    .leftJoin(users, and(eq(users.tenantId, cases.tenantId), eq(users.id, cases.claimantId)))
    .leftJoin(
      merchants,
      and(eq(merchants.tenantId, cases.tenantId), eq(merchants.id, cases.respondentMerchantId)),
    )
    .where(and(eq(cases.tenantId, sql.placeholder('tenantId')), eq(cases.id, sql.placeholder('caseId'))))
    .prepare('accord_case_stamp'),
);

/**
 * Who may see a case, and a stamp that changes whenever anything its page shows changes: the case row's
 * `xmin` (a part's change touches the row, migration 0024) with those of the claimant's user row and the
 * merchant row (names shown on the page). Undefined when the tenant has no such case.
 */
export async function caseStamp(db: Db, tenantId: string, caseId: string): Promise<CaseStamp | undefined> {
  const [row] = await caseStampQuery(db).execute({ tenantId, caseId });
  return row;
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
  /** The case's notice delivery records, when asked for (staff read them; parties never do). */
  notices: NoticeRow[] | null;
};

/**
 * A case and all its parts (deadlines, timeline, messages, offers, evidence, evidence requests, claimant,
 * merchant name, and with `notices` the notice delivery records) in ONE statement — one round trip instead
 * of ten, each collection aggregated to JSON in the order its own list query uses. Undefined when the tenant
 * has no such case.
 */
export async function caseWithParts(
  db: Db,
  tenantId: string,
  caseId: string,
  options: { notices?: boolean } = {},
): Promise<CaseParts | undefined> {
  const withNotices = options.notices === true;
  const partsSql = withNotices
    ? (partsWithNoticesSql ??= staticSql(casePartsQuery(true)))
    : (partsOnlySql ??= staticSql(casePartsQuery(false)));
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
    notices?: Record<string, unknown>[];
  }>(
    db,
    sql`with p as not materialized (select ${tenantId}::text as tenant_id, ${caseId}::text as case_id) ${sql.raw(partsSql)}`,
  );
  if (!row?.c) return undefined;
  return {
    case: { ...rowFromJson(cases, row.c), policy: row.c.policy as Record<string, unknown> },
    deadlines: row.deadlines.map((d) => rowFromJson(deadlines, d)),
    events: row.events.map((e) => rowFromJson(caseEvents, e)),
    messages: row.messages.map((m) => rowFromJson(caseMessages, m)),
    offers: row.offers.map((o) => rowFromJson(caseOffers, o)),
    evidence: row.evidence.map((e) => rowFromJson(caseEvidence, e)),
    evidenceRequests: row.requests.map((q) => rowFromJson(caseEvidenceRequests, q)),
    claimant: row.claimant ? rowFromJson(users, row.claimant) : undefined,
    merchantName: row.merchant_name,
    notices: withNotices ? (row.notices ?? []).map((n) => rowFromJson(notices, n)) : null,
  };
}

// Rendered once each (they are large): bound to the tenant and case through the `p` row that precedes them.
let partsOnlySql: string | undefined;
let partsWithNoticesSql: string | undefined;

function casePartsQuery(withNotices: boolean): SQL {
  const list = (table: Parameters<typeof rowJson>[0], where: SQL, orderBy: SQL) =>
    sql`(select coalesce(json_agg(${rowJson(table)} order by ${orderBy}), '[]'::json) from ${table}, p where ${where})`;
  const theCase = sql`${cases.tenantId} = p.tenant_id and ${cases.id} = p.case_id`;
  const ofCase = (column: Column) => sql`${column} = p.case_id`;
  return sql`select
      (select ${rowJson(cases, { policy: casePolicySql })} from ${cases}, p where ${theCase}) as c,
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
      (select ${merchants.name} from ${merchants} join ${cases} on ${merchants.tenantId} = ${cases.tenantId} and ${merchants.id} = ${cases.respondentMerchantId}, p where ${theCase}) as merchant_name${
        withNotices
          ? sql`,
      ${list(
        notices,
        sql`${notices.tenantId} = p.tenant_id and ${notices.caseId} = p.case_id`,
        sql`${notices.createdAt}, ${notices.id}`,
      )} as notices`
          : sql``
      }`;
}

export async function lockCase(tx: Db, tenantId: string, id: string): Promise<CaseRow | undefined> {
  const [c] = await tx
    .select(caseFields)
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
  /** Only cases with a pending deadline due at or before this instant ("due soon"); after `now` when given. */
  dueBefore?: Date;
  /**
   * Only open cases with a breached deadline — or, given `now`, a pending one already past due that the sweep
   * has not fired yet.
   */
  breached?: boolean;
  /** The request's clock, for the two deadline filters above. */
  now?: Date;
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
      and d.due_at <= ${f.dueBefore.toISOString()}::timestamptz
      ${f.now ? sql`and d.due_at > ${f.now.toISOString()}::timestamptz` : sql``})`);
  }
  if (f.breached) {
    out.push(sql`${cases.isOpen} and exists (select 1 from deadlines d where d.tenant_id = ${outer.tenantId}
      and d.subject_type = 'case' and d.subject_id = ${outer.id}
      and (d.status = 'breached'
        ${f.now ? sql`or (d.status = 'pending' and d.due_at <= ${f.now.toISOString()}::timestamptz)` : sql``}))`);
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

export type ListedCase = CaseRecord & { nextDueMs: number };

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
