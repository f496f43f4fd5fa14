import type { Db } from '../../db/client.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import {
  listDeadlinesOfSubject,
  openDeadline,
  recordSubjectStatus,
  settleDeadline,
  slaDeadlinesFor,
  type DeadlineRow,
  type OpenDeadlineInput,
} from '../deadlines/index.js';
import type { Action } from './case-lifecycle.js';
import { slaTargetsOf, windowTarget, type CasePolicy } from './case-policy.js';
import { isTerminal, type Stage } from './case-stages.js';
import type { CaseRow } from './cases.repo.js';
import type { ActionContext, CaseActorRef } from './take-action.js';

const STAFF = new Set(['agent', 'handler', 'reviewer', 'supervisor']);

/** Which SLA targets an action fulfils (the platform's own clocks). */
const SLA_MET_BY: Partial<Record<Action, string[]>> = {
  accept: ['handling_yardstick'],
  not_accept: ['handling_yardstick', 'solution', 'mediation_yardstick', 'progress_report'],
  request_supplement: [],
  decide: ['solution', 'mediation_yardstick', 'progress_report'],
  mediation_agreed: ['solution', 'mediation_yardstick', 'progress_report'],
};

type CaseClockView = Pick<CaseRow, 'tenantId' | 'id' | 'stage' | 'policy' | 'details' | 'fastTrack'>;

function ownerOf(
  window: NonNullable<CasePolicy['windows'][Stage]>,
  c: CaseClockView,
): 'platform' | 'claimant' | 'respondent' {
  if (window.owner !== 'claimant_or_respondent') return window.owner;
  const by = (c.details.suspension as { by?: string } | undefined)?.by;
  return by === 'respondent' ? 'respondent' : 'claimant';
}

/** The deadline of the step the case is in, if its policy gives that step a window. */
function stepDeadline(c: CaseClockView, now: Date): OpenDeadlineInput | null {
  const policy = c.policy as unknown as CasePolicy;
  const stage = c.stage as Stage;
  const window = policy.windows[stage];
  if (!window) return null;
  return {
    tenantId: c.tenantId,
    subject: { type: 'case', id: c.id },
    kind: window.kind,
    owner: ownerOf(window, c),
    clause: window.clause,
    startsAt: now,
    // The fast track shortens the platform's own steps, never a party's.
    target: windowTarget(policy, stage, window, c.fastTrack),
    // koubei §28 中止: while the case is suspended a step's time stands still.
    pauseStatuses: stage === 'suspended' ? [] : ['suspended'],
    onBreach: window.onBreach,
  };
}

/** The platform's SLA clocks, started when it first steps in (acceptance review). */
function slaDeadlines(c: CaseClockView, now: Date): OpenDeadlineInput[] {
  const policy = c.policy as unknown as CasePolicy;
  return slaDeadlinesFor(slaTargetsOf(policy, c.fastTrack), {
    tenantId: c.tenantId,
    caseId: c.id,
    startsAt: now,
    complex: c.fastTrack,
    major: c.fastTrack,
  });
}

/** The deadlines a brand-new case opens: its first step's, and the SLA clocks if the platform steps in at once. */
export function firstDeadlinesOf(c: CaseClockView, now: Date): OpenDeadlineInput[] {
  const step = stepDeadline(c, now);
  return [...(step ? [step] : []), ...(c.stage === 'acceptance_review' ? slaDeadlines(c, now) : [])];
}

/** Opens the deadline of the step a case is entering (and, when the platform first steps in, its SLA clocks). */
export async function openStepDeadlines(tx: Db, c: CaseRow, ctx: ActionContext): Promise<void> {
  const base = {
    actor: SYSTEM_ACTOR,
    now: ctx.now,
    calendar: ctx.calendar,
    ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
  };
  const existing = await listDeadlinesOfSubject(tx, c.tenantId, 'case', c.id);
  const step = stepDeadline(c, ctx.now);
  // Back from a suspension: the step's own deadline was paused, not settled, and carries on where it stood.
  const resumed = step && existing.some((d) => d.kind === step.kind && d.status === 'pending');
  if (step && !resumed) await openDeadline(tx, step, base);
  if (c.stage !== 'acceptance_review') return;
  // The platform's SLA clocks start once, when it first steps in (derived: no SLA deadline exists yet).
  const slaKinds = new Set((c.policy as unknown as CasePolicy).slaTargets.map((t) => t.kind));
  if (existing.some((d) => slaKinds.has(d.kind))) return;
  for (const input of slaDeadlines(c, ctx.now)) await openDeadline(tx, input, base);
}

/**
 * After a transition: the left step's deadline is met (or cancelled if the case ended another way), the SLA
 * clocks the action fulfils are met, every clock stops if the case is over, the entered step's deadline opens,
 * and the status is recorded so pausing clocks stop or restart — all in the action's transaction.
 */
export async function syncCaseDeadlines(
  tx: Db,
  t: { before: CaseRow; after: CaseRow; action: Action; actor: CaseActorRef },
  ctx: ActionContext,
): Promise<void> {
  const pending = (await listDeadlinesOfSubject(tx, t.after.tenantId, 'case', t.after.id)).filter(
    (d) => d.status === 'pending',
  );
  const policy = t.after.policy as unknown as CasePolicy;
  const leftWindow = policy.windows[t.before.stage as Stage];
  const metKinds = new Set<string>(SLA_MET_BY[t.action] ?? []);
  if (STAFF.has(t.actor.kind)) metKinds.add('first_response');
  const settleCtx = {
    actor: t.actor.snapshot,
    now: ctx.now,
    ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
  };
  const ended = isTerminal(t.after.stage as Stage);
  for (const d of pending) {
    const outcome =
      d.kind === POLICE_KIND && t.after.stage !== 'suspended'
        ? 'cancelled'
        : settlementFor(d, { leftKind: leftWindow?.kind, metKinds, ended, action: t.action });
    if (outcome) await settleDeadline(tx, d.tenantId, d.id, outcome, settleCtx);
  }
  const proof = (t.after.details.suspension as { proof?: { venue?: string } } | undefined)?.proof;
  if (t.action === 'record_proof' && proof?.venue === 'police') await openPoliceWait(tx, t.after, ctx);
  if (t.after.stage !== t.before.stage) {
    await openStepDeadlines(tx, t.after, ctx);
  }
  await recordSubjectStatus(
    tx,
    { tenantId: t.after.tenantId, type: 'case', id: t.after.id, status: t.after.stage },
    { actor: t.actor.snapshot, now: ctx.now, calendar: ctx.calendar },
  );
}

export const POLICE_KIND = 'police_conclusion';

// koubei §28: police accepted the case but reached no conclusion within 6 months → handling resumes. A court
// case has no such clock: it waits for the final judgment.
async function openPoliceWait(tx: Db, c: CaseRow, ctx: ActionContext): Promise<void> {
  const by = (c.details.suspension as { by?: string } | undefined)?.by;
  const wait = (c.policy as unknown as CasePolicy).policeWait ?? {
    clause: 'koubei §28 (公安机关受理后6个月内未出结论的，恢复处理)',
    target: { unit: 'months' as const, amount: 6 },
  };
  await openDeadline(
    tx,
    {
      tenantId: c.tenantId,
      subject: { type: 'case', id: c.id },
      kind: POLICE_KIND,
      owner: by === 'respondent' ? 'respondent' : 'claimant',
      clause: wait.clause,
      startsAt: ctx.now,
      target: wait.target,
      warnPercent: null,
      onBreach: 'default_decision',
    },
    { actor: SYSTEM_ACTOR, now: ctx.now, calendar: ctx.calendar },
  );
}

function settlementFor(
  d: DeadlineRow,
  s: { leftKind: string | undefined; metKinds: Set<string>; ended: boolean; action: Action },
): 'met' | 'cancelled' | null {
  // Suspending pauses the step (its deadline stays pending, paused by the status) instead of meeting it.
  if (d.kind === s.leftKind && s.action === 'suspend') return null;
  if (d.kind === s.leftKind) return s.action === 'withdraw' ? 'cancelled' : 'met';
  if (s.metKinds.has(d.kind)) return 'met';
  if (s.ended) return 'cancelled';
  return null;
}
