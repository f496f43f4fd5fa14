import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { DomainError, type LocalizedText } from '../../http/errors.js';
import { toJsonValue } from '../../lib/canonical-json.js';
import type { WorkCalendar } from '../calendar/index.js';
import { findEvent, findOrder, type EventRow, type OrderRow } from '../orders/orders.repo.js';
import {
  CaseFactsSchema,
  checkDeviation,
  chosenRemedyOf,
  evaluate,
  findPackVersion,
  loadTenantPolicies,
  MIN_DEVIATION_REASON_CHARS,
  type ChosenRemedy,
  type DecidedRemedy,
  type EvaluationResult,
  type PolicyOrder,
  type RemedyOutcome,
  type TenantPolicies,
} from '../policy/index.js';
import type { CasePolicy, PinnedPack } from './case-policy.js';
import { recordCaseEvent } from './case-records.js';
import type { CaseRow } from './cases.repo.js';
import { cases } from './cases.table.js';
import type { CaseActorRef } from './take-action.js';

/**
 * Facts a handler records on a case (or a consumer states when asking before filing): the policy's case
 * facts without the category and filing time, which the case itself gives. Strict: unknown fields are errors.
 */
export const RecordedFactsSchema = CaseFactsSchema.omit({ category: true, filedAt: true });

// The case categories are the policy's, except the glossary's longer name for auto-renewals.
const POLICY_CATEGORY: Record<string, string> = { membership_renewal: 'membership_auto_renewal' };

/** The policy's view of an order row (and its event, for tickets). */
export function policyOrderOf(o: OrderRow, event: EventRow | undefined): PolicyOrder {
  return {
    scenario: o.scenario,
    goodsFen: o.goodsFen,
    discountFen: o.discountFen,
    taxFen: o.taxFen,
    serviceFeeFen: o.serviceFeeFen,
    shippingFen: o.shippingFen,
    totalFen: o.totalFen,
    refundedFen: o.refundedFen,
    paidAt: o.paidAt,
    shippedAt: o.shippedAt,
    signedAt: o.signedAt,
    redeemedAt: o.redeemedAt,
    event: event
      ? {
          startsAt: event.startsAt,
          endsAt: event.endsAt,
          refundWindowDays: event.refundWindowDays,
          status: event.status,
        }
      : null,
  };
}

/** The order and its event as the policy reads them; undefined when the order is unknown. */
export async function loadPolicyOrder(
  db: Db,
  tenantId: string,
  orderId: string,
): Promise<{ row: OrderRow; order: PolicyOrder } | undefined> {
  const row = await findOrder(db, tenantId, orderId);
  if (!row) return undefined;
  const event = row.eventId ? await findEvent(db, tenantId, row.eventId) : undefined;
  return { row, order: policyOrderOf(row, event) };
}

/**
 * Parses facts (JSON: instants as ISO strings, fen as digit strings) for a category and filing time.
 * @throws VALIDATION_FAILED with field errors
 */
export function parseFacts(recorded: Record<string, unknown>, category: string, filedAt: Date) {
  return CaseFactsSchema.parse({
    ...recorded,
    category: POLICY_CATEGORY[category] ?? category,
    filedAt: filedAt.toISOString(),
  });
}

/**
 * The facts of a stored case: what the handler recorded, filed when the platform stepped in (seed 002 §32),
 * first asked when the case was filed, the amount and urgency the claimant gave.
 */
export function factsOfCase(c: CaseRow) {
  const recorded = (c.details.facts ?? {}) as Record<string, unknown>;
  return parseFacts(
    {
      firstRequestedAt: c.createdAt.toISOString(),
      urgent: c.urgent,
      ...recorded,
      requested: {
        amountFen: c.requestedAmountFen.toString(),
        ...(recorded.requested as object | undefined),
      },
    },
    c.category,
    c.intervenedAt ?? c.createdAt,
  );
}

/**
 * Records the facts the pack judges by (findings, goods, voucher, ticket…) on a locked case, with a staff-only
 * `facts_recorded` timeline event, in the caller's transaction; the version moves. The facts replace the
 * previous ones whole (they were checked against {@link RecordedFactsSchema} by the caller).
 */
export async function recordCaseFacts(
  tx: Db,
  c: CaseRow,
  facts: Record<string, unknown>,
  actor: CaseActorRef,
  ctx: { now: Date; requestId?: string },
): Promise<CaseRow> {
  const json = toJsonValue(facts) as Record<string, unknown>;
  const [row] = await tx
    .update(cases)
    .set({ details: { ...c.details, facts: json }, version: c.version + 1, updatedAt: ctx.now })
    .where(and(eq(cases.id, c.id), eq(cases.version, c.version)))
    .returning();
  if (!row) throw new DomainError('CONFLICT', { extra: { version: c.version } });
  const updated: CaseRow = { ...row, policy: c.policy }; // facts do not change the policy
  await recordCaseEvent(
    tx,
    updated,
    { action: 'facts_recorded', actor, from: null, to: null, visibility: 'staff', details: { facts: json } },
    ctx,
  );
  return updated;
}

/** The pack's judgement of a case, or why there is none. */
export type Assessment = {
  pack: PinnedPack | null;
  evaluation: EvaluationResult | null;
  unavailable: { code: string; message: LocalizedText } | null;
};

const unavailable = (pack: PinnedPack | null, code: string, message: LocalizedText): Assessment => ({
  pack,
  evaluation: null,
  unavailable: { code, message },
});

/** The pack version pinned on a case and when the platform stepped in; null when no pack applies. */
export function pinnedPackOf(c: CaseRow): PinnedPack | null {
  const pack = (c.policy as unknown as CasePolicy).pack;
  return pack ? { ...pack, intervenedAt: c.intervenedAt?.toISOString() ?? null } : null;
}

/**
 * Evaluates a case under the pack version pinned on it (`evaluate`: admissibility with reasons, recommended
 * remedies in fen with their clauses). No evaluation for a case without an order or without a pack version.
 */
export async function assessCase(
  db: Db,
  c: CaseRow,
  ctx: { calendar: WorkCalendar; now: Date },
  policies: TenantPolicies,
): Promise<Assessment> {
  const pinned = pinnedPackOf(c);
  if (!pinned) {
    return unavailable(null, 'no_policy_pack', {
      zh: '该案件未适用规则包，没有推荐处理',
      en: 'No policy pack applies to this case, so there is no recommendation',
    });
  }
  const version = findPackVersion(policies, pinned.id, pinned.version);
  const loaded = c.orderId ? await loadPolicyOrder(db, c.tenantId, c.orderId) : undefined;
  if (!version || !loaded) {
    return unavailable(pinned, 'no_order', {
      zh: '案件未关联订单，规则包无法计算推荐处理',
      en: 'The case has no order, so the pack cannot compute a recommendation',
    });
  }
  try {
    return {
      pack: pinned,
      evaluation: evaluate(factsOfCase(c), loaded.order, version.pack, ctx.calendar, ctx.now),
      unavailable: null,
    };
  } catch (e) {
    if (e instanceof DomainError && e.code === 'UNPROCESSABLE' && e.userMessage) {
      return unavailable(pinned, 'not_governed', e.userMessage);
    }
    throw e;
  }
}

/** What is recorded about a decision measured against the recommendation (`details.policyCheck`). */
export type PolicyCheck = {
  pack: { id: string; version: number };
  decidedAt: string;
  chosen: ChosenRemedy;
  recommended: ChosenRemedy | null;
  deviates: boolean;
  direction: string;
  reason: string | null;
};

/**
 * Measures a platform decision against the pinned pack's recommendation (issue #5). A decision that differs
 * needs a written reason. Null when the case has no recommendation to measure against.
 * @throws VALIDATION_FAILED `deviationReason` (missing or too short) or `remedies` (above what is refundable)
 */
export async function checkDecision(
  tx: Db,
  c: CaseRow,
  decision: { remedies: DecidedRemedy[]; outcome?: RemedyOutcome; deviationReason?: string },
  ctx: { calendar: WorkCalendar; now: Date },
): Promise<PolicyCheck | null> {
  const { evaluation, pack } = await assessCase(tx, c, ctx, await loadTenantPolicies(tx, c.tenantId));
  if (!evaluation || !pack) return null;
  const chosen = chosenRemedyOf(decision.remedies, decision.outcome, evaluation);
  const reason = decision.deviationReason?.trim() || undefined;
  const check = checkDeviation(evaluation, chosen, reason);
  if (!check.acceptable) {
    // checkDeviation lists the missing reason last; the others are about the amounts.
    const reasonMissing = check.deviates && (reason ?? '').length < MIN_DEVIATION_REASON_CHARS;
    const amountProblems = reasonMissing ? check.problems.slice(0, -1) : check.problems;
    throw new DomainError('VALIDATION_FAILED', {
      userMessage: { zh: '提交的内容有误，请检查标出的字段', en: 'Some fields are invalid' },
      fields: [
        ...amountProblems.map((message) => ({ path: 'remedies', code: 'invalid', message })),
        ...(reasonMissing
          ? [
              {
                path: 'deviationReason',
                code: reason ? 'too_short' : 'required',
                message: check.problems.at(-1)!,
              },
            ]
          : []),
      ],
      extra: { recommended: toJsonValue(check.recommended), chosen: toJsonValue(chosen) },
    });
  }
  return {
    pack: { id: pack.id, version: pack.version },
    decidedAt: ctx.now.toISOString(),
    chosen,
    recommended: check.recommended,
    deviates: check.deviates,
    direction: check.direction,
    reason: check.deviates ? (reason ?? null) : null,
  };
}
