import type { IsoDate } from '../calendar/index.js';
import type { LocalizedText } from '../../http/errors.js';
import type { Finding } from './facts.js';
import type { PackKind } from './policy.schema.js';
import type {
  ConsequenceAction,
  Penalty,
  ReferralTarget,
  RemedyOutcome,
  WindowOwner,
  WindowTarget,
} from './policy-parts.schema.js';

/** Why a case is not admissible, or why a remedy does not apply: the clause and a message in both languages. */
export type Reason = { clause: string; code: string; message: LocalizedText };

/** Where to go instead (不予受理 → 转其他途径), or an extra channel for part of a claim. */
export type Referral = { to: ReferralTarget; clause: string; message: LocalizedText };

/**
 * A dated obligation that follows from the facts. `startsAt` + `target` are exactly what the deadlines
 * module needs to open a row; `date`/`dueAt` are what they come to on the pack's calendar today.
 */
export type PolicyDeadline = {
  kind: string;
  owner: WindowOwner;
  clause: string;
  startsAt: Date;
  target: WindowTarget;
  /** Last day (Asia/Shanghai). */
  date: IsoDate;
  /** The instant the period ends (23:59:59.999 Asia/Shanghai on `date`, or exact for hours). */
  dueAt: Date;
  provisional: boolean;
  /** `now` is past `dueAt`. */
  overdue: boolean;
  consequence: ConsequenceAction | null;
};

/** Who pays part of a remedy. */
export type FundingSource =
  'respondent' | 'escrow' | 'merchant_deposit' | 'guarantee_fund' | 'cancellation_insurance';

/** One line of a remedy's arithmetic, so the handler can see how the amount was reached. */
export type RemedyLine = {
  kind: 'refund' | 'deduction' | 'compensation' | 'loss' | 'price_difference' | 'cap';
  fen: bigint;
  clause: string;
  label: LocalizedText;
};

/**
 * A recommended remedy. `refundFen` is money back from the order's payment and never exceeds what was paid
 * and not yet refunded; `payoutFen` is paid beyond the order (statutory or plan compensation, an on-site price
 * difference) by the sources in `funding`.
 */
export type RecommendedRemedy = {
  outcome: RemedyOutcome;
  /**
   * `primary`: the recommendation; `additional`: on top of it (compensation); `alternative`: the claimant may
   * choose it instead of the primary (exchange or repair instead of a return).
   */
  role: 'primary' | 'additional' | 'alternative';
  refundFen: bigint;
  payoutFen: bigint;
  lines: RemedyLine[];
  returnGoods: boolean;
  /** Who pays to send the goods back; null when nothing goes back. */
  returnFreightPayer: 'claimant' | 'respondent' | null;
  funding: { source: FundingSource; fen: bigint }[];
  penalties: Penalty[];
  clauses: string[];
  explanation: LocalizedText;
  /** The recommendation holds once these findings are established (they are still open). */
  pendingFindings: Finding[];
  /** For a pro-rata refund: each part's share of the price (largest remainder) and whether it was performed. */
  split?: { fen: bigint; performed: boolean }[];
};

/** Who must prove what (seed 002 §21–§25), and who bears the testing fee (§24). */
export type EvidencePlan = {
  decidedOn: 'photos' | 'documents_then_test';
  steps: { party: 'claimant' | 'respondent'; provides: LocalizedText; clause: string }[];
  testingFee: {
    ifDefective: 'respondent';
    ifConforming: 'claimant';
    selfInitiated: 'claimant';
    /** Known once a test result is in. */
    payer: 'claimant' | 'respondent' | null;
    clause: string;
  } | null;
};

type EvaluationBase = {
  policy: { id: string; version: number; kind: PackKind };
  /** Every clause the evaluation relied on, in first-use order. */
  clauses: string[];
  /** Paid and not yet refunded: the ceiling of every `refundFen`. */
  refundableFen: bigint;
};

/** The case may be handled; remedies are ordered, the first one is the recommendation. */
export type Admissible = EvaluationBase & {
  admissible: true;
  track: 'standard' | 'fast';
  remedies: RecommendedRemedy[];
  deadlines: PolicyDeadline[];
  evidence: EvidencePlan | null;
  referrals: Referral[];
  notes: Reason[];
};

/** The case is not admissible: every reason found, and where to go instead. */
export type NotAdmissible = EvaluationBase & {
  admissible: false;
  reasons: Reason[];
  referral?: Referral;
};

/** The result of `evaluate`. */
export type EvaluationResult = Admissible | NotAdmissible;
