/**
 * Refunds: executing a case's outcome as refund instructions along the original route, sending them through
 * the payment provider, and showing the money on the case. Rules: docs/domain/payments.md.
 *
 * Invariants:
 * - An instruction's idempotency key and exact request are committed (with the ledger entry that makes the
 *   money payable to the consumer) in the case's own transaction, BEFORE any provider call; every send of it
 *   carries the same key and request, so a retry, a re-issue after an outage or a resume after a crash is
 *   executed by the provider at most once.
 * - Nothing is refunded beyond what the order paid: instructions that have not failed never exceed the order's
 *   total minus the marketplace's own refunds (checked under the order's row lock).
 * - Status moves only through `decideRefund`; final statuses never change. A final status is recorded cheaply
 *   under the instruction's lock; `postSettledRefunds` then posts it in batches (FOR UPDATE SKIP LOCKED):
 *   `succeeded` moves the payout from consumer_refunds_payable to provider_clearing, `failed` returns the money
 *   to the account it came from, each under its own idempotency key, with its audit event and the case's
 *   `refunds_settled` job, in the batch's one transaction.
 * - History is append-only (`refund_events`); callbacks are verified and applied once per provider event id.
 */
export { loadCaseMoney, CaseMoneySchema, type CaseMoney } from './case-money.js';
export {
  claimDueInstructions,
  dispatchDueRefunds,
  type DispatchOptions,
  type DispatchResult,
  type PaymentsRuntime,
} from './dispatch-refunds.js';
export {
  executeOutcome,
  MONEY_REMEDIES,
  type ExecutionContext,
  type OutcomeCase,
  type OutcomeRemedy,
} from './execute-outcome.js';
export { receiveProviderCallback, type CallbackOutcome } from './receive-callback.js';
export { RECONCILE_AFTER_MS, recordObservation } from './record-observation.js';
export {
  drainSettledRefunds,
  POST_BATCH_SIZE,
  postSettledRefunds,
  REFUNDS_SETTLED_JOB,
} from './post-settled-refunds.js';
export { listCaseInstructions, OPEN_STATUSES, type RefundInstructionRow } from './refunds.repo.js';
export { refundEvents, refundInstructions } from './refunds.table.js';
export {
  findMassRefund,
  listRunningMassRefunds,
  MASS_NOTICE_JOB,
  MASS_REASONS,
  massRefundFen,
  massRefundProgress,
  runMassRefund,
  runMassRefundBatch,
  startMassRefund,
  type MassReason,
  type MassRefundRow,
} from './mass-refund.js';
export { massRefundJobHandlers } from './mass-refund-jobs.js';
export { massRefundClaims, massRefunds } from './refunds.table.js';
