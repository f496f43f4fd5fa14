/**
 * Policy module — versioned, explainable rules for e-commerce, the consumer guarantee plan, local-services
 * vouchers, event tickets and live-streaming. The engine (packs, `evaluate`, diff, checks) is pure: no
 * database, no HTTP, no clock, no process time zone. Beside it: `policy_versions` (policy.table.ts, append-
 * only), the per-process cache `policyStoreOf` (policy-store.ts), publishing (publish-policy.ts) and the admin
 * API (policy.routes.ts). Settings, defaults, worked examples and the API: docs/domain/policies.md.
 *
 * Invariants:
 * - A pack version is data validated by `PolicyPackSchema`; every rule, window, amount, exclusion, setting
 *   and consequence names a clause listed in the pack, and each clause quotes its source.
 * - `evaluate` is deterministic in its inputs. Every `refundFen` it recommends is ≤ what was paid and not
 *   yet refunded; compensation beyond the order is `payoutFen`, never hidden in a refund. Pro-rata splits
 *   are exact to the fen (largest remainder) and sum to the total they split.
 * - Every reason, remedy, deadline and note of a result cites a clause of the pack it was evaluated under.
 * - A case is judged under the version in force when the platform stepped in (seed 002 §32) that governs
 *   the order (`selectPolicyVersion`); the case pins it. `evaluate` refuses a version scoped to new orders
 *   for an order placed before it.
 * - A version that narrows consumers' rights is publishable only for orders placed from its effective time,
 *   effective no earlier than its publication (`checkPublishable`, seed 000 §五.1).
 * - An event-ticket refund window N below 7 days is refused, never rounded (seed 000 §2.1 a).
 */
export { basisPointsOf, clampFen, splitProRata } from './allocation.js';
// The recommendation/deviation rule is shared with the web decision composer.
export {
  checkDeviation,
  chosenRemedyOf,
  MIN_DEVIATION_REASON_CHARS,
  recommendedPackages,
} from '../../../common/recommendation.js';
export type {
  ChosenRemedy,
  DecidedRemedy,
  DeviationCheck,
  RemedyPackage,
} from '../../../common/recommendation.js';
export { evaluate, lifecycleDeadline, windowDeadline } from './evaluate.js';
export {
  COMPLAINT_CATEGORIES,
  FINDINGS,
  NO_REASON_EXEMPT_CATEGORIES,
  type CaseFacts,
  type ComplaintCategory,
  type EventChange,
  type Finding,
  type GoodsFacts,
  type LiveFacts,
  type NoReasonExemptCategory,
  type PerformancePart,
  type PolicyEvent,
  type PolicyOrder,
  type TicketFacts,
  type VoucherFacts,
} from './facts.js';
export { CaseFactsSchema } from './facts.schema.js';
export { parsePolicyPack, serializePolicyPack } from './pack-io.js';
export {
  BUILT_IN_PACKS,
  ecommerceLawPack,
  eventTicketsPack,
  guaranteePlanPack,
  koubeiVouchersPack,
  liveStreamingPack,
} from './packs/index.js';
export {
  AGREEMENT_EXECUTIONS,
  ORDER_SCOPES,
  PACK_SCENARIOS,
  PolicyPackSchema,
  RECOVERY_DISTRIBUTIONS,
  type AgreementExecution,
  type EcommercePack,
  type EventTicketPack,
  type GuaranteePlanPack,
  type LiveStreamingPack,
  type OrderScope,
  type PackKind,
  type PackOf,
  type PolicyPack,
  type PolicyPackInput,
  type RecoveryDistribution,
  type VoucherPack,
} from './policy.schema.js';
export {
  CONSEQUENCE_ACTIONS,
  PENALTIES,
  REFERRAL_TARGETS,
  REMEDY_OUTCOMES,
  WINDOW_OWNERS,
  type AmountRule,
  type Clause,
  type ConsequenceAction,
  type LifecycleKey,
  type Penalty,
  type ReferralTarget,
  type RemedyOutcome,
  type RemedyRule,
  type WindowOwner,
  type WindowRule,
  type WindowTarget,
} from './policy-parts.schema.js';
export {
  assertPublishable,
  checkPublishable,
  type PublishCheck,
  type PublishOptions,
  type PublishProblem,
} from './publish-check.js';
export { distributeRecovery, type RecoveryClaims, type RecoveryPayout } from './recovery-distribution.js';
export type {
  Admissible,
  EvaluationResult,
  EvidencePlan,
  FundingSource,
  NotAdmissible,
  PolicyDeadline,
  Reason,
  RecommendedRemedy,
  Referral,
  RemedyLine,
} from './result.js';
export { diffConsumerRights, type RightsChange } from './rights-diff.js';
export { selectPolicyVersion, type VersionHead } from './select-version.js';
export { EvaluationSchema, presentEvaluation, type EvaluationView } from './policy-presenter.js';
export {
  findPackVersion,
  loadTenantPolicies,
  packForCase,
  policyStoreOf,
  type PackVersion,
  type PolicyStore,
  type TenantPolicies,
} from './policy-store.js';
export { suspensionStatus, type Proceeding, type SuspensionStatus } from './suspension.js';
export { assertRefundWindowDays } from './ticket-refunds.js';
export { testingFeePayer } from './voucher-evidence.js';
export { windowEnd, type WindowEnd } from './windows.js';
