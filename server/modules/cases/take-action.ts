import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { DomainError } from '../../http/errors.js';
import { toJsonValue } from '../../lib/canonical-json.js';
import type { ActorSnapshot } from '../audit/index.js';
import type { WorkCalendar } from '../calendar/index.js';
import { enqueueJobs } from '../jobs/jobs.js';
import { allowedActions, check, type Action, type CaseView } from './case-lifecycle.js';
import type { CasePolicy } from './case-policy.js';
import { isTerminal, type CaseActor, type Stage } from './case-stages.js';
import { syncCaseDeadlines } from './case-deadlines.js';
import { recordCaseEvent } from './case-records.js';
import { leastLoadedHandler, policySnapshot, storeCasePolicy, type CaseRow } from './cases.repo.js';
import { cases } from './cases.table.js';
import { acceptOpenOffer } from './offers.js';
import { checkDecision, type PolicyCheck } from './case-assessment.js';
import { casePolicyResolver } from './case-policy.js';
import { loadTenantPolicies } from '../policy/index.js';

/** Actions by which mediation ends in an agreement (an accepted offer). */
const AGREEMENT_ACTIONS = new Set<Action>(['accept_offer', 'mediation_agreed']);

/** Stages of a refund request still between the parties: leaving them for acceptance review, the platform steps in. */
const REQUEST_STAGES = new Set(['awaiting_merchant', 'counter_offered', 'merchant_refused']);

/** The case policy in force when the platform steps into a refund request (read fresh in the transaction). */
async function policyAtIntervention(tx: Db, c: CaseRow, now: Date): Promise<CasePolicy> {
  const paidAt = (c.orderSnapshot as { paidAt?: string } | null)?.paidAt;
  return casePolicyResolver(await loadTenantPolicies(tx, c.tenantId))({
    scenario: c.scenario,
    orderPlacedAt: paidAt ? new Date(paidAt) : null,
    now,
  });
}
import { onStageMoney } from './case-execution.js';

/** Who acts, as the lifecycle sees them (party or staff role) and as the record shows them. */
export type CaseActorRef = { kind: CaseActor; userId: string | null; snapshot: ActorSnapshot };

export type ActionContext = { now: Date; calendar: WorkCalendar; requestId?: string };

/** The lifecycle's view of a stored case. */
export function viewOf(c: CaseRow): CaseView {
  const policy = c.policy as unknown as CasePolicy;
  return {
    stage: c.stage as Stage,
    kind: c.kind as CaseView['kind'],
    silenceDefault: policy.silenceDefault,
    agreementExecution: policy.agreementExecution ?? 'after_appeal_window',
    decidedBy: c.decidedBy,
    suspendedFrom: (c.suspendedFrom as Stage | null) ?? null,
    suspendedFor: (c.details.suspension as { venue?: 'court' | 'police' } | undefined)?.venue ?? null,
    appealed: c.appealed,
    openOfferBy: (c.details.openOffer as { by?: CaseView['openOfferBy'] } | undefined)?.by ?? null,
    proofRecorded: Boolean((c.details.suspension as { proof?: unknown } | undefined)?.proof),
    rated: c.rating !== null,
  };
}

/** Case fields an action changes beyond its stage. */
function patchFor(
  c: CaseRow,
  action: Action,
  actor: CaseActorRef,
  payload: Record<string, unknown>,
  to: Stage,
) {
  const details = { ...c.details };
  const patch: Partial<typeof cases.$inferInsert> = {};
  switch (action) {
    case 'accept_offer': {
      const offer = c.details.openOffer as
        { id: string; by: string; remedy: string; amountFen: string } | undefined;
      details.decision = {
        kind: 'agreement',
        offer,
        acceptedBy: actor.kind,
        remedies: offer ? [{ type: offer.remedy, amountFen: offer.amountFen, payer: 'respondent' }] : [],
      };
      details.openOffer = null;
      break;
    }
    case 'decide':
    case 'mediation_agreed':
      details.decision = {
        ...payload,
        by: actor.userId,
        kind: action === 'decide' ? 'platform_decision' : 'agreement',
      };
      patch.decidedBy = actor.userId;
      break;
    case 'revise':
      details.review = { outcome: 'revised', ...payload, by: actor.userId };
      break;
    case 'uphold':
      details.review = { outcome: 'upheld', ...payload, by: actor.userId };
      break;
    case 'appeal':
      details.appeal = { ...payload, by: actor.kind };
      patch.appealed = true;
      break;
    case 'suspend':
      details.suspension = { ...payload, by: actor.kind };
      patch.suspendedFrom = c.stage;
      break;
    case 'record_proof':
      details.suspension = { ...(c.details.suspension as object), proof: payload };
      break;
    case 'rate':
      patch.rating = Number(payload.stars);
      details.rating = payload;
      break;
    case 'resume':
    case 'suspension_proof_missing':
    case 'police_no_conclusion':
      patch.suspendedFrom = null;
      break;
    case 'escalate_to_platform':
    case 'merchant_silent':
      if (to === 'acceptance_review') patch.kind = 'complaint';
      break;
    default:
      if (Object.keys(payload).length > 0) details[action] = payload;
  }
  return { ...patch, details };
}

/**
 * Applies a lifecycle action inside the caller's transaction: checks the table, updates the case only if it
 * is still the version the actor saw, executes the outcome's money when the case reaches refund_agreed or
 * execution, settles and opens the step deadlines, records the timeline and audit events, and queues the
 * parties' notices. Used by the HTTP route and by deadline hooks alike.
 * @throws INVALID_TRANSITION (with the allowed actions), CONFLICT (the case changed meanwhile)
 */
export async function applyAction(
  tx: Db,
  c: CaseRow,
  action: Action,
  actor: CaseActorRef,
  payload: Record<string, unknown>,
  ctx: ActionContext,
): Promise<CaseRow> {
  const verdict = check(viewOf(c), action, actor);
  if (!verdict.ok) {
    throw new DomainError('INVALID_TRANSITION', {
      message: verdict.detail,
      userMessage: { zh: '当前阶段不能执行此操作', en: verdict.detail },
      extra: { stage: c.stage, allowedActions: allowedActions(viewOf(c), actor) },
    });
  }
  const to = verdict.to;
  const terminal = isTerminal(to);
  // A decision is measured against the pinned pack's recommendation; the reason for a deviation is kept
  // for staff (details.policyCheck, its own staff-only event), not in the decision the parties read.
  let policyCheck: PolicyCheck | null = null;
  if (action === 'decide') {
    const { deviationReason, ...decision } = payload;
    policyCheck = await checkDecision(
      tx,
      c,
      {
        ...(decision as Parameters<typeof checkDecision>[2]),
        ...(typeof deviationReason === 'string' ? { deviationReason } : {}),
      },
      ctx,
    );
    payload = decision;
  }
  // seed 002 §32: a refund request the platform steps into is judged by the version in force now.
  const repinned =
    to === 'acceptance_review' && REQUEST_STAGES.has(c.stage)
      ? await storeCasePolicy(tx, policySnapshot(await policyAtIntervention(tx, c, ctx.now)))
      : null;
  const intervention = repinned ? { policyKey: repinned.key, intervenedAt: ctx.now } : {};
  if (action === 'accept_offer') await acceptOpenOffer(tx, c, String(payload.offerId), ctx.now);
  // Routing: an accepted case without a handler goes to the least-loaded one (reassignment stays possible).
  const assigneeId =
    action === 'accept' && !c.assigneeId
      ? ((await leastLoadedHandler(tx, c.tenantId, c.team)) ?? null)
      : c.assigneeId;
  // Amounts arrive as bigint; the case's details are JSON.
  payload = toJsonValue(payload) as Record<string, unknown>;
  const patch = patchFor(c, action, actor, payload, to);
  if (policyCheck) patch.details = { ...patch.details, policyCheck: toJsonValue(policyCheck) };
  const [written] = await tx
    .update(cases)
    .set({
      ...patch,
      ...intervention,
      stage: to,
      assigneeId,
      isOpen: !terminal,
      closedAt: terminal ? ctx.now : null,
      stageEnteredAt: ctx.now,
      updatedAt: ctx.now,
      version: c.version + 1,
    })
    .where(eq(cases.id, c.id))
    .returning();
  if (!written) throw new DomainError('CONFLICT');
  const updated: CaseRow = { ...written, policy: repinned?.json ?? c.policy };
  await onStageMoney(tx, c, updated, action, actor, ctx);
  await syncCaseDeadlines(tx, { before: c, after: updated, action, actor }, ctx);
  await recordCaseEvent(
    tx,
    updated,
    { action, actor, from: c.stage, to, visibility: 'all', details: payload },
    ctx,
  );
  if (policyCheck?.deviates) {
    await recordCaseEvent(
      tx,
      updated,
      {
        action: 'decision_deviated',
        actor,
        from: null,
        to: null,
        visibility: 'staff',
        details: policyCheck,
      },
      ctx,
    );
  }
  if (assigneeId !== c.assigneeId) {
    await recordCaseEvent(
      tx,
      updated,
      {
        action: 'assigned',
        actor,
        from: null,
        to: null,
        visibility: 'staff',
        details: { from: c.assigneeId, to: assigneeId, by: 'routing', team: c.team },
      },
      ctx,
    );
  }
  await enqueueJobs(
    tx,
    [
      {
        tenantId: c.tenantId,
        kind: 'case.notify',
        dedupeKey: `case:${c.id}:v${updated.version}`,
        payload: toJsonValue({
          caseId: c.id,
          number: c.number,
          action,
          from: c.stage,
          to,
          notify: ['claimant', 'respondent'],
          // The decision notice goes out on the channels the handler chose; other steps on every channel.
          ...(action === 'send_notice' ? { channels: payload.channels } : {}),
          ...(action === 'accept' ? { expectedHandlingDays: payload.expectedHandlingDays } : {}),
          // An agreement carried out at once has no send_notice step: this notice is its written result
          // (seed 001 结果反馈, within 1 working day — here at once, on every channel).
          ...(to === 'execution' && AGREEMENT_ACTIONS.has(action) ? { agreement: true } : {}),
        }) as Record<string, unknown>,
        runAt: ctx.now,
      },
    ],
    ctx.now,
  );
  return updated;
}
