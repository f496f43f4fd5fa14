import { sql, type SQL } from 'drizzle-orm';
import { queryRowsNamed, type Db } from '../../db/client.js';
import { auditAppendSql, type TimedAuditInput } from '../audit/index.js';
import { DomainError } from '../../http/errors.js';
import { toJsonValue } from '../../lib/canonical-json.js';
import { newId } from '../../lib/ids.js';
import type { UserRow } from '../accounts/accounts.repo.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { shanghaiDateOf } from '../calendar/index.js';
import { startSubjectsWrites, type DeadlineRow } from '../deadlines/index.js';
import { presentOrder } from '../orders/presenters.js';
import { DEFAULT_CASE_POLICY, teamFor, type CasePolicy, type CasePolicyFor } from './case-policy.js';
import { firstDeadlinesOf } from './case-deadlines.js';
import { caseEventWrites } from './case-records.js';
import type { OpenCaseBody } from './case-schemas.js';
import {
  casePoliciesInsert,
  intakeLookups,
  numberedCasesWrites,
  policySnapshot,
  type CaseEventRow,
  type CaseRow,
  type PolicySnapshot,
} from './cases.repo.js';
import type { ActionContext, CaseActorRef } from './take-action.js';

const field = (path: string, code: string, zh: string, en: string) =>
  new DomainError('VALIDATION_FAILED', {
    userMessage: { zh: '提交的内容有误，请检查标出的字段', en: 'Some fields are invalid' },
    fields: [{ path, code, message: { zh, en } }],
  });

const duplicateOpenCase = () =>
  new DomainError('CONFLICT', {
    userMessage: {
      zh: '该订单的同类问题已有处理中的案件',
      en: 'You already have an open case on this order for this issue',
    },
    fields: [
      {
        path: 'category',
        code: 'duplicate_open_case',
        message: { zh: '已有处理中的同类案件', en: 'an open case exists for this issue' },
      },
    ],
  });

const ONE_OPEN_CASE_INDEX = 'cases_one_open_per_order_issue_uq';

/** The consumer a case is filed for: known (the signed-in consumer), or named by an integration or agent. */
export type ClaimantRef = { id: string; externalId: string | null } | { byExternalId: string };

/** The claimant once resolved; `user` when the filing looked them up. */
export type Claimant = { id: string; externalId: string | null; user?: UserRow };

const unknownConsumer = () =>
  field('claimantExternalId', 'unknown', '消费者不存在，请先登记', 'unknown consumer; register them first');

/** One filing: who files what for whom, with the request's clock and the policy to snapshot. */
export type Filing = {
  tenantId: string;
  /** Named consumers are looked up with the batch's other checks (one query for all of them). */
  claimant: ClaimantRef;
  channel: 'web' | 'api' | 'hotline';
  filedBy: CaseActorRef;
  body: OpenCaseBody;
  ctx: ActionContext;
  /** The policy, or how to pick the pack version in force for the case (a pure pick, no query). */
  policy?: CasePolicy | CasePolicyFor;
};

/** What a filing wrote — enough to answer the request without reading it back. */
export type FiledCase = {
  case: CaseRow;
  claimant: Claimant;
  deadlines: DeadlineRow[];
  events: CaseEventRow[];
  merchantName: string;
};

/** Per filing: its rows, or the business error that refused it (the other filings are unaffected). */
export type FilingOutcome = { ok: true; filed: FiledCase } | { ok: false; error: DomainError };

/**
 * Files a case for `claimant` (a consumer user id): checks the order belongs to them and the amount does not
 * exceed what was paid and not yet refunded, snapshots the order and the policy, numbers the case, opens the
 * first step's deadlines and records the filing — one transaction.
 * @throws VALIDATION_FAILED, NOT_FOUND (order), CONFLICT (an open case on the same order and issue)
 */
export async function openCase(
  db: Db,
  input: {
    tenantId: string;
    claimant: { id: string; externalId: string | null };
    channel: 'web' | 'api' | 'hotline';
    filedBy: CaseActorRef;
    body: OpenCaseBody;
  },
  ctx: ActionContext,
  policies: CasePolicy | CasePolicyFor = DEFAULT_CASE_POLICY,
): Promise<CaseRow> {
  const [outcome] = await fileCases(db, [{ ...input, ctx, policy: policies }]);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.filed.case;
}

type Checked = {
  i: number;
  f: Filing;
  claimant: Claimant;
  merchantId: string;
  scenario: string;
  orderPlacedAt: Date | null;
  snapshot: Record<string, unknown> | null;
};

/**
 * Files several cases of one tenant in ONE transaction (group commit): the checks of {@link openCase} run
 * set-based for all of them (the named consumers, orders, merchants and open cases in one statement,
 * `intakeLookups`), a filing that fails a check gets its error in its outcome and is left out, and the others
 * are written by ONE statement ({@link writeFiledCases}): one multi-row insert per table, one counter update
 * for all their numbers and one append of their audit events. Outcomes are in input order. Rejects only on an
 * unexpected failure (nothing of the batch written) — the caller may then retry the filings one by one.
 */
export async function fileCases(db: Db, filings: Filing[]): Promise<FilingOutcome[]> {
  const tenantId = filings[0]?.tenantId;
  if (tenantId === undefined) return [];
  if (filings.some((f) => f.tenantId !== tenantId)) throw new Error('fileCases: one tenant per call');
  const outcomes: (FilingOutcome | undefined)[] = filings.map((f) =>
    f.body.kind === 'refund_request' && !f.body.orderId
      ? {
          ok: false,
          error: field('orderId', 'required', '退款申请必须关联订单', 'a refund request needs an order'),
        }
      : undefined,
  );
  const refuse = (i: number, error: DomainError) => {
    outcomes[i] = { ok: false, error };
  };
  const waiting = filings.flatMap((f, i) => (outcomes[i] ? [] : [f]));
  const lookups = await intakeLookups(db, tenantId, {
    externalIds: unique(
      waiting.flatMap((f) => ('byExternalId' in f.claimant ? [f.claimant.byExternalId] : [])),
    ),
    orderIds: unique(waiting.flatMap((f) => (f.body.orderId ? [f.body.orderId] : []))),
    // A filing on an order is against the order's merchant, whoever it names.
    merchantIds: unique(
      waiting.flatMap((f) =>
        !f.body.orderId && f.body.respondentMerchantId ? [f.body.respondentMerchantId] : [],
      ),
    ),
    claimantIds: unique(waiting.flatMap((f) => ('byExternalId' in f.claimant ? [] : [f.claimant.id]))),
  });
  const consumerByExternalId = new Map(
    lookups.consumers.flatMap((u) => (u.externalId !== null ? [[u.externalId, u] as const] : [])),
  );
  const pending = filings.flatMap((f, i): { f: Filing; i: number; claimant: Claimant }[] => {
    if (outcomes[i]) return [];
    if (!('byExternalId' in f.claimant)) return [{ f, i, claimant: f.claimant }];
    const user = consumerByExternalId.get(f.claimant.byExternalId);
    if (!user) {
      refuse(i, unknownConsumer());
      return [];
    }
    return [{ f, i, claimant: { id: user.id, externalId: user.externalId, user } }];
  });
  const orderById = new Map(lookups.orders.map((o) => [o.id, o]));
  const checked: Checked[] = [];
  for (const { f, i, claimant } of pending) {
    let merchantId = f.body.respondentMerchantId;
    let snapshot: Record<string, unknown> | null = null;
    let scenario = 'ecommerce';
    let orderPlacedAt: Date | null = null;
    if (f.body.orderId) {
      const order = orderById.get(f.body.orderId);
      // Someone else's order answers exactly like a missing one.
      if (!order || order.buyerExternalId !== claimant.externalId) {
        refuse(i, new DomainError('NOT_FOUND', { userMessage: { zh: '订单不存在', en: 'Order not found' } }));
        continue;
      }
      const refundable = order.totalFen - order.refundedFen;
      if (f.body.requestedAmountFen > refundable) {
        refuse(
          i,
          field(
            'requestedAmountFen',
            'too_big',
            `申请金额不能超过可退金额 ${refundable} 分`,
            `cannot exceed the refundable ${refundable} fen`,
          ),
        );
        continue;
      }
      merchantId = order.merchantId;
      scenario = order.scenario;
      orderPlacedAt = order.paidAt;
      snapshot = toJsonValue(presentOrder(order, null)) as Record<string, unknown>;
    }
    if (!merchantId) {
      refuse(i, noMerchant());
      continue;
    }
    checked.push({ i, f, claimant, merchantId, scenario, orderPlacedAt, snapshot });
  }
  const merchantName = new Map(lookups.merchants.map((m) => [m.id, m.name]));
  // An open case of another filing's claimant on this order may be among them: matched by exact key.
  const open = new Set(lookups.openKeys.map((k) => issueKey(k.claimantId, k.orderId, k.category)));
  const accepted: Checked[] = [];
  for (const c of checked) {
    if (!merchantName.has(c.merchantId)) {
      refuse(c.i, noMerchant());
      continue;
    }
    if (c.f.body.orderId) {
      // An earlier filing of this batch on the same order and issue counts as open, too.
      const key = issueKey(c.claimant.id, c.f.body.orderId, c.f.body.category);
      if (open.has(key)) {
        refuse(c.i, duplicateOpenCase());
        continue;
      }
      open.add(key);
    }
    accepted.push(c);
  }
  if (accepted.length === 0) return outcomes.map((o) => o!);

  const rows = accepted.map(({ f, claimant, merchantId, scenario, orderPlacedAt, snapshot }): CaseRow => {
    const stage = f.body.kind === 'refund_request' ? 'awaiting_merchant' : 'acceptance_review';
    const policies = f.policy ?? DEFAULT_CASE_POLICY;
    // The pack version in force now (a pure pick from the cached versions: no query here).
    const policy =
      typeof policies === 'function' ? policies({ scenario, orderPlacedAt, now: f.ctx.now }) : policies;
    const pinned = policySnapshot(policy);
    return {
      id: newId('case', f.ctx.now.getTime()),
      tenantId,
      number: '', // taken last, below
      kind: f.body.kind,
      stage,
      isOpen: true,
      channel: f.channel,
      category: f.body.category,
      scenario,
      claimantId: claimant.id,
      respondentMerchantId: merchantId,
      orderId: f.body.orderId ?? null,
      orderSnapshot: snapshot,
      title: f.body.title,
      description: f.body.description,
      requestedRemedy: f.body.requestedRemedy,
      requestedAmountFen: f.body.requestedAmountFen,
      urgent: f.body.urgent,
      fastTrack: f.body.urgent || f.body.requestedAmountFen >= BigInt(policy.fastTrackAmountFen),
      team: teamFor(f.body.category, scenario),
      assigneeId: null,
      filedBy: f.filedBy.snapshot,
      policyKey: pinned.key,
      policy: pinned.json,
      // A complaint is filed with the platform; a refund request is between the parties until it steps in.
      intervenedAt: stage === 'acceptance_review' ? f.ctx.now : null,
      details: {},
      decidedBy: null,
      suspendedFrom: null,
      appealed: false,
      rating: null,
      version: 1,
      revision: 0,
      stageEnteredAt: f.ctx.now,
      createdAt: f.ctx.now,
      updatedAt: f.ctx.now,
      closedAt: null,
    };
  });
  // A new case has no status history and no deadlines yet: its first status and deadlines are written
  // together, with nothing to look up or recompute.
  const subjects = startSubjectsWrites(
    rows.map((r, k) => {
      const { ctx } = accepted[k]!.f;
      return {
        tenantId,
        type: 'case',
        id: r.id,
        status: r.stage,
        deadlines: firstDeadlinesOf(r, ctx.now),
        ctx: {
          actor: SYSTEM_ACTOR,
          now: ctx.now,
          calendar: ctx.calendar,
          ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
        },
      };
    }),
  );
  const events = caseEventWrites(
    rows.map((r, k) => {
      const { f } = accepted[k]!;
      return {
        c: r,
        e: {
          action: 'filed',
          actor: f.filedBy,
          from: null,
          to: r.stage,
          visibility: 'all' as const,
          details: {
            channel: f.channel,
            category: f.body.category,
            requestedRemedy: f.body.requestedRemedy,
            requestedAmountFen: f.body.requestedAmountFen,
            fastTrack: r.fastTrack,
          },
        },
        ctx: f.ctx,
      };
    }),
  );
  const byYear = new Map<number, CaseRow[]>();
  for (const [k, r] of rows.entries()) {
    const year = Number(shanghaiDateOf(accepted[k]!.f.ctx.now).slice(0, 4));
    byYear.set(year, [...(byYear.get(year) ?? []), r]);
  }
  let written: Map<string, { number: string; eventId: bigint }>;
  try {
    written = await writeFiledCases(db, tenantId, {
      policies: [...new Map(rows.map((r) => [r.policyKey, { key: r.policyKey, json: r.policy }])).values()],
      byYear,
      inserts: subjects.inserts,
      events: events.insert,
      audit: [...subjects.audit, ...events.audit],
    });
  } catch (error) {
    // Another filing of the same order and issue was written after our check: for a single filing that is
    // its answer; a batch is retried filing by filing by its caller.
    if (filings.length === 1 && isUniqueViolation(error, ONE_OPEN_CASE_INDEX)) {
      return [{ ok: false, error: duplicateOpenCase() }];
    }
    throw error;
  }
  rows.forEach((r, k) => {
    const c = accepted[k]!;
    const w = written.get(r.id)!;
    r.number = w.number;
    outcomes[c.i] = {
      ok: true,
      filed: {
        case: r,
        claimant: c.claimant,
        deadlines: subjects.deadlines[k]!,
        events: [{ ...events.rows[k]!, id: w.eventId }],
        merchantName: merchantName.get(c.merchantId)!,
      },
    };
  });
  return outcomes.map((o) => o!);
}

/**
 * Writes a batch of checked filings in ONE statement — with no transaction around it, it is its own: the
 * policies they run under, where not stored yet (`case_policies`); the cases, numbered from the tenant's
 * counter per year and referencing their policy; their first statuses, deadlines and `opened` events;
 * their `filed` timeline events; and every audit event, appended to the tenant's chain by
 * `accord_append_audit`. One round trip while the counter row and the chain head are locked, and the commit
 * follows at once (the checks before it took no locks: each statement reads what was committed when it
 * began, in a transaction or not, and the one-open-case index refuses a duplicate filed since).
 *
 * Lock order: the counter rows (year order), then the chain head — the order the UNION's branches run in, the
 * same in every intake, so two never wait on each other crosswise; other writers lock only the chain head.
 * The rows nobody else writes (deadlines, statuses, timeline) go in before either lock is taken.
 * Returns each case's number and `filed` event id.
 */
async function writeFiledCases(
  db: Db,
  tenantId: string,
  batch: {
    policies: PolicySnapshot[];
    byYear: Map<number, CaseRow[]>;
    inserts: SQL[];
    events: SQL;
    audit: TimedAuditInput[];
  },
): Promise<Map<string, { number: string; eventId: bigint }>> {
  const ctes: SQL[] = [];
  const selects: SQL[] = [];
  // The UNION's branches run in order, each CTE when its branch first reads it (the others would run after
  // the main query): first the rows that lock nothing another filing needs, then the counter rows and the
  // chain head, held from there to the commit. The policies first: the cases reference them.
  ctes.push(sql`p as (${casePoliciesInsert(batch.policies)} returning 1)`);
  selects.push(sql`select 'rows' as k, count(*)::text as id, null::text as v from p`);
  batch.inserts.forEach((insert, i) => {
    ctes.push(sql`${sql.raw(`w${i}`)} as (${insert} returning 1)`);
    selects.push(sql`select 'rows', count(*)::text, null from ${sql.raw(`w${i}`)}`);
  });
  ctes.push(sql`e as (${batch.events})`);
  selects.push(sql`select 'event', id::text, case_id from e`);
  [...batch.byYear.keys()].sort().forEach((year, y) => {
    const records = batch.byYear.get(year)!.map(({ policy: _, ...record }) => record);
    const { counter, insert } = numberedCasesWrites(tenantId, year, records, `n${y}`);
    ctes.push(sql`${sql.raw(`n${y}`)} as (${counter})`, sql`${sql.raw(`c${y}`)} as (${insert})`);
    selects.push(sql`select 'case', id, number from ${sql.raw(`c${y}`)}`);
  });
  ctes.push(sql`a as (select ${auditAppendSql(tenantId, batch.audit)} as seq)`);
  selects.push(sql`select 'audit', seq::text, null from a`);
  const result = await queryRowsNamed<{ k: string; id: string; v: string | null }>(
    db,
    sql`with ${sql.join(ctes, sql`, `)} ${sql.join(selects, sql` union all `)}`,
  );
  const written = new Map<string, { number: string; eventId: bigint }>();
  const eventIds = new Map(result.flatMap((r) => (r.k === 'event' ? [[r.v!, BigInt(r.id)] as const] : [])));
  for (const r of result) {
    if (r.k === 'case') written.set(r.id, { number: r.v!, eventId: eventIds.get(r.id)! });
  }
  return written;
}

const noMerchant = () =>
  field('respondentMerchantId', 'required', '请选择被投诉的商家', 'name the merchant the case is against');

const issueKey = (claimantId: string, orderId: string | null, category: string) =>
  `${claimantId}\u0000${orderId ?? ''}\u0000${category}`;

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** A unique-index violation (SQLSTATE 23505) on `constraint`, from node-postgres or PGlite, wrapped or not. */
function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint: name } = e as { code?: unknown; constraint?: unknown };
    if (code === '23505') return name === undefined || name === constraint;
  }
  return false;
}
