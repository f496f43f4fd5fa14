import type { DeadlineTarget } from '../deadlines/index.js';
import {
  DEFAULT_SLA_TARGETS,
  type BreachAction,
  type DeadlineOwner,
  type SlaTarget,
} from '../deadlines/index.js';
import {
  packForCase,
  type AgreementExecution,
  type LifecycleKey,
  type PolicyPack,
  type TenantPolicies,
} from '../policy/index.js';
import type { Action } from './case-lifecycle.js';
import type { Stage } from './case-stages.js';

/** A step's deadline: opened when the case enters `stage`, fired as `onExpiry` by the scheduler. */
export type StageWindow = {
  kind: string;
  owner: DeadlineOwner | 'claimant_or_respondent';
  clause: string;
  target: DeadlineTarget;
  onBreach: BreachAction;
  /** The lifecycle action the scheduler takes when the window passes (none = escalate/notify only). */
  onExpiry: Action | null;
};

/** The policy-pack version a case is judged under (seed 002 §32), as its policy snapshot names it. */
export type PolicyPackRef = {
  id: string;
  version: number;
  kind: PolicyPack['kind'];
  effectiveFrom: string;
  orderScope: PolicyPack['orderScope'];
};

/** The pack version pinned on a case, and when the platform stepped in (`cases.intervened_at`). */
export type PinnedPack = PolicyPackRef & {
  /** When the platform stepped in (null while a refund request is still between the parties). */
  intervenedAt: string | null;
};

/**
 * What the lifecycle needs from a policy: step windows, the merchant-silence default, fast-track thresholds,
 * routing and SLA targets. Snapshotted onto the case when it is filed and again when the platform steps in
 * (seed 002 §32), so a later policy change never moves an open case's rules. Built from the case's policy
 * pack (`casePolicyFromPack`, `pack` names the version); `DEFAULT_CASE_POLICY` where no pack covers the case.
 */
export type CasePolicy = {
  id: string;
  version: string;
  windows: Partial<Record<Stage, StageWindow>>;
  silenceDefault: 'auto_agree' | 'hand_to_platform';
  /**
   * When an agreement reached in mediation moves money: `immediate` (straight to execution; the notice still
   * goes out) or `after_appeal_window` (notice, appeal window, then execution, like a decision). Optional:
   * a case snapshotted before the setting existed keeps the rule it was filed under, `after_appeal_window`.
   */
  agreementExecution?: AgreementExecution;
  fastTrackAmountFen: string;
  /**
   * Shorter targets for the platform's own steps on a fast-track case (urgent, or amount ≥ the threshold).
   * Only platform-owned steps shrink: a party's time to answer, supplement or appeal is never cut.
   * Optional, so a case snapshotted before fast-track targets existed keeps its ordinary windows.
   */
  fastTrackTargets?: Partial<Record<Stage, DeadlineTarget>>;
  slaTargets: SlaTarget[];
  /** On the fast track these replace the `slaTargets` of the same kind (pack `fastTrack.slaOverrides`). */
  fastTrackSlaOverrides?: SlaTarget[];
  /** How long a suspension waits for the police's conclusion (koubei §28 ¶2; 6 months by default). */
  policeWait?: { target: DeadlineTarget; clause: string };
  /**
   * The pack version it comes from. Nothing about one case is in a policy (when the platform stepped in is
   * the case's `intervenedAt`): cases under the same version share one stored snapshot.
   */
  pack?: PolicyPackRef;
};

/** Chooses the policy of a case being filed (or stepped into) from what intake knows. */
export type CasePolicyFor = (at: { scenario: string; orderPlacedAt: Date | null; now: Date }) => CasePolicy;

const wd = (amount: number): DeadlineTarget => ({ unit: 'working_days', amount });

/** The default policy (seed 001 step deadlines; seed 002 §28; PRODUCT.md "Complaint lifecycle"). */
export const DEFAULT_CASE_POLICY: CasePolicy = {
  id: 'default',
  version: '2026.1',
  silenceDefault: 'hand_to_platform',
  // Both parties consented to the agreement: pay at once (docs/domain/cases.md "Agreements").
  agreementExecution: 'immediate',
  // Large-amount cases take the fast track (seed 001 快速通道); 5,000 yuan by default.
  fastTrackAmountFen: '500000',
  // seed 001 快速处理通道: acceptance within 12 clock hours (holidays included), mediation and review cut short.
  fastTrackTargets: {
    acceptance_review: { unit: 'hours', amount: 12 },
    mediation: wd(3),
    decided: { unit: 'hours', amount: 12 },
    appeal_review: wd(3),
    refund_agreed: wd(1),
    execution: wd(1),
  },
  slaTargets: [...DEFAULT_SLA_TARGETS],
  windows: {
    awaiting_merchant: {
      kind: 'merchant_response',
      owner: 'respondent',
      clause: 'seed 001 (被投诉方一般3个工作日内答复)',
      target: wd(3),
      onBreach: 'default_decision',
      onExpiry: 'merchant_silent',
    },
    acceptance_review: {
      kind: 'acceptance',
      owner: 'platform',
      clause: 'seed 001 受理 (1个工作日内)',
      target: wd(1),
      onBreach: 'escalate',
      onExpiry: null,
    },
    awaiting_supplement: {
      kind: 'supplement',
      owner: 'claimant',
      clause: 'seed 001 补充材料 (3个工作日内，逾期视为撤回)',
      target: wd(3),
      onBreach: 'auto_close',
      onExpiry: 'supplement_expired',
    },
    mediation: {
      kind: 'mediation',
      owner: 'platform',
      clause: 'seed 001 调解 (不超过7个工作日)',
      target: wd(7),
      onBreach: 'hand_to_platform',
      onExpiry: 'mediation_expired',
    },
    decided: {
      kind: 'decision_notice',
      owner: 'platform',
      clause: 'seed 001 处理决定通知 (1个工作日内)',
      target: wd(1),
      onBreach: 'escalate',
      onExpiry: null,
    },
    appeal_window: {
      kind: 'appeal_window',
      owner: 'claimant_or_respondent',
      clause: 'seed 001 复议 (通知后3个工作日内)',
      target: wd(3),
      onBreach: 'default_decision',
      onExpiry: 'appeal_window_closed',
    },
    appeal_review: {
      kind: 'appeal_review',
      owner: 'platform',
      clause: 'seed 001 复议审查 (5个工作日内)',
      target: wd(5),
      onBreach: 'escalate',
      onExpiry: null,
    },
    suspended: {
      kind: 'suspension_proof',
      owner: 'claimant_or_respondent',
      clause: 'koubei §28 (7个工作日内未提供受理证明的，恢复处理)',
      target: wd(7),
      onBreach: 'default_decision',
      onExpiry: 'suspension_proof_missing',
    },
    refund_agreed: {
      kind: 'refund_execution',
      owner: 'platform',
      clause: '电子商务法/消法 Art. 24 (及时退款)',
      target: wd(3),
      onBreach: 'escalate',
      onExpiry: null,
    },
    execution: {
      kind: 'refund_execution',
      owner: 'platform',
      clause: 'seed 002 §3 (执行)',
      target: wd(3),
      onBreach: 'escalate',
      onExpiry: null,
    },
  },
};

/** The target of a step's window for this case: the fast-track target of a platform-owned step if it has one. */
export function windowTarget(
  policy: CasePolicy,
  stage: Stage,
  window: StageWindow,
  fastTrack: boolean,
): DeadlineTarget {
  const fast = fastTrack && window.owner === 'platform' ? policy.fastTrackTargets?.[stage] : undefined;
  return fast ?? window.target;
}

/** Which team handles a category (PRODUCT.md: routing by dispute type). */
export function teamFor(category: string, scenario: string): string {
  if (scenario === 'tickets' || category === 'ticket_refund') return 'tickets';
  if (category === 'virtual_goods' || category === 'membership_renewal' || scenario === 'live_streaming')
    return 'virtual_goods';
  if (
    scenario === 'local_services' ||
    category === 'service_not_performed' ||
    category === 'partly_performed' ||
    category === 'price_raised_on_site'
  )
    return 'paid_services';
  return 'goods';
}

/** Which pack lifecycle period sets each stage's window (the other stages keep the default's). */
const STAGE_PERIODS: Partial<Record<Stage, LifecycleKey>> = {
  awaiting_merchant: 'refundRequestResponse',
  acceptance_review: 'acceptance',
  awaiting_supplement: 'supplement',
  mediation: 'mediation',
  decided: 'notice',
  appeal_window: 'appeal',
  appeal_review: 'appealReview',
  suspended: 'suspensionProof',
};

/**
 * The lifecycle's view of a pack version: its periods replace the default windows' targets and clauses, its
 * merchant-silence consequence, fast-track threshold and SLA targets replace the defaults. Same interface as
 * {@link DEFAULT_CASE_POLICY}, which stays the fallback.
 */
export function casePolicyFromPack(pack: PolicyPack): CasePolicy {
  let policy = fromPack.get(pack);
  if (!policy) {
    policy = buildFromPack(pack);
    fromPack.set(pack, policy);
  }
  return policy;
}

// One object per pack version object (the policy store keeps those): the same policy, the same snapshot.
const fromPack = new WeakMap<PolicyPack, CasePolicy>();

function buildFromPack(pack: PolicyPack): CasePolicy {
  const windows: Partial<Record<Stage, StageWindow>> = { ...DEFAULT_CASE_POLICY.windows };
  for (const [stage, key] of Object.entries(STAGE_PERIODS) as [Stage, LifecycleKey][]) {
    const base = DEFAULT_CASE_POLICY.windows[stage]!;
    const period = pack.lifecycle[key];
    windows[stage] = { ...base, clause: period.clause, target: { ...period.target } };
  }
  return {
    id: pack.id,
    version: String(pack.version),
    windows,
    silenceDefault:
      pack.consequences.refundRequestSilence.action === 'auto_agree' ? 'auto_agree' : 'hand_to_platform',
    agreementExecution: pack.settings.agreementExecution.value,
    fastTrackAmountFen: pack.fastTrack.thresholdFen.toString(),
    slaTargets: pack.slaTargets.map((t) => ({ ...t, pauseStatuses: [...t.pauseStatuses] })),
    // Packs do not yet state fast-track step targets; the platform's (seed 001 快速处理通道) apply to every pack.
    ...(DEFAULT_CASE_POLICY.fastTrackTargets
      ? { fastTrackTargets: { ...DEFAULT_CASE_POLICY.fastTrackTargets } }
      : {}),
    fastTrackSlaOverrides: pack.fastTrack.slaOverrides.map((t) => ({
      ...t,
      pauseStatuses: [...t.pauseStatuses],
    })),
    policeWait: {
      target: { ...pack.lifecycle.policeNoConclusion.target },
      clause: pack.lifecycle.policeNoConclusion.clause,
    },
    pack: {
      id: pack.id,
      version: pack.version,
      kind: pack.kind,
      effectiveFrom: pack.effectiveFrom,
      orderScope: pack.orderScope,
    },
  };
}

/**
 * The policy of a case from the tenant's packs: the version in force now (when the case is filed, or when the
 * platform steps into a refund request) that governs the order; the default where no pack covers it.
 */
export function casePolicyResolver(policies: TenantPolicies): CasePolicyFor {
  return ({ scenario, orderPlacedAt, now }) => {
    const version = packForCase(policies, scenario, {
      intervenedAt: now,
      orderPlacedAt: orderPlacedAt ?? now,
    });
    return version ? casePolicyFromPack(version.pack) : DEFAULT_CASE_POLICY;
  };
}

/** The SLA targets of a case: the policy's, with the fast track's overrides when the case is on it. */
export function slaTargetsOf(policy: CasePolicy, fastTrack: boolean): SlaTarget[] {
  const overrides = fastTrack ? (policy.fastTrackSlaOverrides ?? []) : [];
  if (overrides.length === 0) return policy.slaTargets;
  return policy.slaTargets.map((t) => overrides.find((o) => o.kind === t.kind) ?? t);
}
