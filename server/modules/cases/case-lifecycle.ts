import type { CaseActor, Stage } from './case-stages.js';

/**
 * The case lifecycle as one declarative table: stage × action → next stage, who may take the action, and a
 * guard that can veto it. Pure: no I/O, no clock. The use case `take-action.ts` applies a transition, its
 * deadlines and its records in one transaction. Sources: seed 001 (complaint → acceptance → investigation →
 * mediation → decision → notice → appeal), seed 002 §28 (suspension), PRODUCT.md "Complaint lifecycle".
 */
export const ACTIONS = [
  // refund request between the parties
  'agree_refund',
  'refuse_refund',
  'counter_offer',
  'accept_counter_offer',
  'reject_counter_offer',
  'escalate_to_platform',
  // acceptance review
  'accept',
  'request_supplement',
  'supplement',
  'not_accept',
  // handling
  'start_mediation',
  'mediation_agreed',
  'accept_offer',
  'end_mediation',
  'decide',
  'send_notice',
  'appeal',
  'uphold',
  'revise',
  'mark_executed',
  'suspend',
  'record_proof',
  'resume',
  'refer_out',
  'withdraw',
  'close',
  // the scheduler, when a deadline passes
  'merchant_silent',
  'supplement_expired',
  'mediation_expired',
  'appeal_window_closed',
  'suspension_proof_missing',
  'police_no_conclusion',
  'rate',
] as const;
export type Action = (typeof ACTIONS)[number];

export type CaseView = {
  stage: Stage;
  kind: 'refund_request' | 'complaint';
  /** What the merchant's silence means for a refund request (policy: auto-agree or hand to the platform). */
  silenceDefault: 'auto_agree' | 'hand_to_platform';
  /** When an agreement reached in mediation is carried out (policy; see `afterAgreement`). */
  agreementExecution: 'immediate' | 'after_appeal_window';
  /** The user id of whoever made the decision under appeal (a reviewer must be someone else). */
  decidedBy: string | null;
  suspendedFrom: Stage | null;
  suspendedFor: 'court' | 'police' | null;
  /** Whether a party has already appealed (the review is final: one appeal per case). */
  appealed: boolean;
  /** Who made the offer now open in mediation, if any (only the other side may accept it). */
  openOfferBy: 'claimant' | 'respondent' | 'mediator' | null;
  /** Whether the court/police acceptance certificate of the current suspension is on file. */
  proofRecorded: boolean;
  rated: boolean;
};

export type Transition = {
  to: Stage | ((c: CaseView) => Stage);
  by: readonly CaseActor[];
  /** A reason to refuse even though the stage and actor fit (English; the route localizes the code). */
  guard?: (c: CaseView, actor: { kind: CaseActor; userId: string | null }) => string | null;
};

const PARTIES = ['claimant', 'respondent'] as const;
const INTAKE_STAFF = ['agent', 'handler', 'supervisor'] as const;
const HANDLERS = ['handler', 'supervisor'] as const;
const SYSTEM = ['system'] as const;

const ACTIVE_COMPLAINT: Stage[] = [
  'acceptance_review',
  'awaiting_supplement',
  'investigation',
  'mediation',
  'awaiting_decision',
];

function each(stages: Stage[], t: Transition): Partial<Record<Stage, Transition>> {
  return Object.fromEntries(stages.map((s) => [s, t]));
}

/** action → (stage → transition). Absent = not allowed in that stage. */
export const LIFECYCLE: Record<Action, Partial<Record<Stage, Transition>>> = {
  agree_refund: { awaiting_merchant: { to: 'refund_agreed', by: ['respondent'] } },
  refuse_refund: { awaiting_merchant: { to: 'merchant_refused', by: ['respondent'] } },
  counter_offer: { awaiting_merchant: { to: 'counter_offered', by: ['respondent'] } },
  accept_counter_offer: { counter_offered: { to: 'refund_agreed', by: ['claimant'] } },
  reject_counter_offer: { counter_offered: { to: 'merchant_refused', by: ['claimant'] } },
  // 申请平台介入: the request becomes a complaint and enters acceptance review.
  escalate_to_platform: {
    merchant_refused: { to: 'acceptance_review', by: ['claimant'] },
    counter_offered: { to: 'acceptance_review', by: ['claimant'] },
  },
  merchant_silent: {
    awaiting_merchant: {
      to: (c) => (c.silenceDefault === 'auto_agree' ? 'refund_agreed' : 'acceptance_review'),
      by: SYSTEM,
    },
  },

  accept: { acceptance_review: { to: 'investigation', by: INTAKE_STAFF } },
  request_supplement: { acceptance_review: { to: 'awaiting_supplement', by: INTAKE_STAFF } },
  supplement: { awaiting_supplement: { to: 'acceptance_review', by: ['claimant'] } },
  supplement_expired: { awaiting_supplement: { to: 'closed_incomplete', by: SYSTEM } },
  not_accept: { acceptance_review: { to: 'not_accepted', by: INTAKE_STAFF } },

  start_mediation: { investigation: { to: 'mediation', by: HANDLERS } },
  // An accepted offer becomes the agreement; the decision records it.
  mediation_agreed: { mediation: { to: afterAgreement, by: HANDLERS } },
  // A party accepting the other side's (or the mediator's) open offer: the offer becomes the agreement.
  accept_offer: {
    mediation: {
      to: afterAgreement,
      by: PARTIES,
      guard: (c, actor) =>
        c.openOfferBy === null
          ? 'there is no open offer to accept'
          : c.openOfferBy === actor.kind
            ? 'you cannot accept your own offer'
            : null,
    },
  },
  end_mediation: { mediation: { to: 'awaiting_decision', by: HANDLERS } },
  mediation_expired: { mediation: { to: 'awaiting_decision', by: SYSTEM } },
  decide: each(['investigation', 'awaiting_decision'], { to: 'decided', by: HANDLERS }),
  send_notice: { decided: { to: 'appeal_window', by: [...HANDLERS, 'system'] } },
  appeal: {
    appeal_window: {
      to: 'appeal_review',
      by: PARTIES,
      guard: (c) =>
        c.appealed ? 'the case was appealed already; the review is final on the platform' : null,
    },
  },
  appeal_window_closed: { appeal_window: { to: 'execution', by: SYSTEM } },
  uphold: { appeal_review: { to: 'execution', by: ['reviewer', 'supervisor'], guard: notTheDecider } },
  revise: { appeal_review: { to: 'execution', by: ['reviewer', 'supervisor'], guard: notTheDecider } },
  mark_executed: {
    // The system marks a case executed when all its refunds succeeded (case-refund-jobs.ts).
    execution: { to: 'closed', by: [...HANDLERS, 'system'] },
    refund_agreed: { to: 'closed', by: [...HANDLERS, 'system'] },
  },

  // seed 002 §28: a party says it has gone to court or the police.
  suspend: each([...ACTIVE_COMPLAINT, 'decided', 'appeal_window', 'appeal_review'], {
    to: 'suspended',
    by: [...PARTIES, ...HANDLERS],
  }),
  // The acceptance certificate arrived: the case stays suspended — for a court until the judgment, for the
  // police until a conclusion or six months (koubei §28).
  record_proof: {
    suspended: {
      to: 'suspended',
      by: HANDLERS,
      guard: (c) => (c.proofRecorded ? 'the acceptance certificate is already on file' : null),
    },
  },
  resume: { suspended: { to: (c) => c.suspendedFrom ?? 'investigation', by: HANDLERS } },
  police_no_conclusion: { suspended: { to: (c) => c.suspendedFrom ?? 'investigation', by: SYSTEM } },
  // After closing, the claimant may rate the handling once (PRODUCT.md: satisfaction).
  rate: {
    closed: { to: 'closed', by: ['claimant'], guard: (c) => (c.rated ? 'the case is already rated' : null) },
    not_accepted: {
      to: 'not_accepted',
      by: ['claimant'],
      guard: (c) => (c.rated ? 'the case is already rated' : null),
    },
  },
  suspension_proof_missing: { suspended: { to: (c) => c.suspendedFrom ?? 'investigation', by: SYSTEM } },
  refer_out: each([...ACTIVE_COMPLAINT, 'suspended'], { to: 'referred_out', by: HANDLERS }),
  withdraw: each(
    [
      'awaiting_merchant',
      'counter_offered',
      'merchant_refused',
      ...ACTIVE_COMPLAINT,
      'decided',
      'appeal_window',
      'suspended',
    ],
    { to: 'withdrawn', by: ['claimant'] },
  ),
  close: each(['investigation', 'awaiting_decision'], { to: 'closed', by: ['supervisor'] }),
};

/**
 * Where an agreement leads. `immediate`: straight to execution — both parties consented, so there is nothing
 * to appeal and the money moves now (the notice of the agreement still goes out, take-action.ts).
 * `after_appeal_window`: like a platform decision — notice, appeal window, then execution.
 */
function afterAgreement(c: CaseView): Stage {
  return c.agreementExecution === 'immediate' ? 'execution' : 'decided';
}

function notTheDecider(c: CaseView, actor: { userId: string | null }): string | null {
  return c.decidedBy !== null && c.decidedBy === actor.userId
    ? 'the reviewer must not be the person who decided the case'
    : null;
}

export type Verdict =
  | { ok: true; to: Stage }
  | { ok: false; reason: 'not_in_stage' | 'not_your_action' | 'vetoed'; detail: string };

/** Whether `actor` may take `action` on a case now, and where it leads. */
export function check(
  c: CaseView,
  action: Action,
  actor: { kind: CaseActor; userId: string | null },
): Verdict {
  const t = LIFECYCLE[action][c.stage];
  if (!t)
    return {
      ok: false,
      reason: 'not_in_stage',
      detail: `${action} is not possible while the case is ${c.stage}`,
    };
  if (!t.by.includes(actor.kind))
    return { ok: false, reason: 'not_your_action', detail: `${actor.kind} may not ${action}` };
  const veto = t.guard?.(c, actor);
  if (veto) return { ok: false, reason: 'vetoed', detail: veto };
  return { ok: true, to: typeof t.to === 'function' ? t.to(c) : t.to };
}

/** Every action `actor` may take now (what the client shows; nothing else will be accepted). */
export function allowedActions(c: CaseView, actor: { kind: CaseActor; userId: string | null }): Action[] {
  return ACTIONS.filter((a) => check(c, a, actor).ok);
}
