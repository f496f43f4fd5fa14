import type { DeadlineTarget } from '../deadlines/index.js';
import {
  DEFAULT_SLA_TARGETS,
  type BreachAction,
  type DeadlineOwner,
  type SlaTarget,
} from '../deadlines/index.js';
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

/**
 * What the lifecycle needs from a policy: step windows, the merchant-silence default, fast-track thresholds,
 * routing and SLA targets. Snapshotted onto the case when the platform steps in (seed 002 §32), so a later
 * policy change never moves an open case's rules. Policy packs (issue #5) will produce the same shape.
 */
export type CasePolicy = {
  id: string;
  version: string;
  windows: Partial<Record<Stage, StageWindow>>;
  silenceDefault: 'auto_agree' | 'hand_to_platform';
  fastTrackAmountFen: string;
  /**
   * Shorter targets for the platform's own steps on a fast-track case (urgent, or amount ≥ the threshold).
   * Only platform-owned steps shrink: a party's time to answer, supplement or appeal is never cut.
   * Optional, so a case snapshotted before fast-track targets existed keeps its ordinary windows.
   */
  fastTrackTargets?: Partial<Record<Stage, DeadlineTarget>>;
  slaTargets: SlaTarget[];
};

const wd = (amount: number): DeadlineTarget => ({ unit: 'working_days', amount });

/** The default policy (seed 001 step deadlines; seed 002 §28; PRODUCT.md "Complaint lifecycle"). */
export const DEFAULT_CASE_POLICY: CasePolicy = {
  id: 'default',
  version: '2026.1',
  silenceDefault: 'hand_to_platform',
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
