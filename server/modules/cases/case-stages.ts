/**
 * Stages of a case (PRODUCT.md "Case kinds", "Complaint lifecycle"). A refund request is between consumer and
 * merchant until the platform steps in (申请平台介入); then it is a complaint and runs the full lifecycle.
 */
export const STAGES = [
  // refund / after-sales request (售后/退款申请)
  'awaiting_merchant', // WAIT_SELLER_AGREE: the merchant agrees, refuses or counter-offers
  'counter_offered', // the consumer accepts or rejects the merchant's counter-offer
  'merchant_refused', // the consumer may ask the platform to step in
  'refund_agreed', // agreed between the parties; money executes
  // complaint (投诉/纠纷)
  'acceptance_review', // 受理审查, 1 working day
  'awaiting_supplement', // 补充材料, the claimant has 3 working days
  'investigation', // 调查
  'mediation', // 调解, at most 7 working days
  'awaiting_decision', // mediation failed: the platform decides
  'decided', // 处理决定 made; the notice goes out within 1 working day
  'appeal_window', // 复议 may be asked within 3 working days of the notice
  'appeal_review', // reviewed within 5 working days by someone who did not decide
  'execution', // 执行: refunds, deductions, penalties
  'suspended', // 中止: court or police
  // terminal
  'closed',
  'closed_incomplete',
  'not_accepted',
  'withdrawn',
  'referred_out',
] as const;
export type Stage = (typeof STAGES)[number];

export const TERMINAL_STAGES: readonly Stage[] = [
  'closed',
  'closed_incomplete',
  'not_accepted',
  'withdrawn',
  'referred_out',
];

export function isTerminal(stage: Stage): boolean {
  return TERMINAL_STAGES.includes(stage);
}

/** Who acts in a case: its two parties, the platform's staff, and the scheduler when a deadline passes. */
export type CaseActor =
  'claimant' | 'respondent' | 'agent' | 'handler' | 'reviewer' | 'supervisor' | 'system';

/** Whose move it is, as each viewer sees it (PayPal's dispute_state, made per party). */
export type Turn = 'claimant' | 'respondent' | 'both_parties' | 'platform' | 'nobody';

/** Whose move a stage waits for. */
export const TURN_OF: Record<Stage, Turn> = {
  awaiting_merchant: 'respondent',
  counter_offered: 'claimant',
  merchant_refused: 'claimant',
  refund_agreed: 'platform',
  acceptance_review: 'platform',
  awaiting_supplement: 'claimant',
  investigation: 'platform',
  mediation: 'both_parties',
  awaiting_decision: 'platform',
  decided: 'platform',
  appeal_window: 'both_parties',
  appeal_review: 'platform',
  execution: 'platform',
  suspended: 'nobody',
  closed: 'nobody',
  closed_incomplete: 'nobody',
  not_accepted: 'nobody',
  withdrawn: 'nobody',
  referred_out: 'nobody',
};

/** Stages in which the case waits on a party: the platform's SLA clocks stand still (see sla-targets.ts). */
export const PAUSING_STAGES: readonly Stage[] = [
  'awaiting_supplement',
  'counter_offered',
  'merchant_refused',
  'suspended',
];
