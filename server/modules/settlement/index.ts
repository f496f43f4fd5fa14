/**
 * Settlement: collections into ticket escrow and merchant pending settlement, event settlement 3 working days
 * after the event, merchant payouts through the payment provider, holds (freezes), deposits and the guarantee
 * fund, and assisted recovery with its distribution. Rules: docs/domain/settlement.md.
 *
 * Invariants:
 * - Every money movement is a ledger entry with an idempotency key derived from the business event (an order
 *   payment, an event's settlement, a payout instruction), posted in the transaction of the state change and
 *   its audit events; re-runs and concurrent processes post nothing twice.
 * - A payout's amount leaves the merchant's pending settlement when the instruction is recorded (before the
 *   provider is called, with its key); a definite failure posts the reversal; unknown outcomes are retried
 *   under the same key.
 * - Nothing is paid out past an active hold: a freeze stops every payout of the merchant; an amount hold keeps
 *   that much back.
 */
export {
  collectMissing,
  holdingAccount,
  recordCollection,
  transfer,
  type CollectedOrder,
} from './collect.js';
export {
  activeHolds,
  merchantHolds,
  placeHold,
  releaseHold,
  type HoldRow,
  type MoneyContext,
} from './holds.js';
export {
  applyPayoutObservation,
  instructPayout,
  merchantAccountRef,
  reconcilePayouts,
  receivePayoutEvent,
  sendDuePayouts,
  type PayoutRow,
} from './payouts.js';
export { balance, merchantPayable, payMerchantsDue, settleDueEvents } from './settle.js';
export * from './settlement-rules.js';
export * from './settlement.table.js';
export {
  compensate,
  drawOnMerchant,
  fundPosition,
  merchantMoney,
  topUpDeposit,
  topUpFund,
  withdrawableFen,
  withdrawDeposit,
} from './deposits.js';
export { owedOn, writeOffClaim } from './write-off-claim.js';
export { depositBalances } from './deposit-balances.js';
export { findRecoveryClaim, listRecoveryClaims } from './recovery-claims.js';
export { distributeRecovered, explain, openRecovery, recoveryChoice, type RecoveryRow } from './recovery.js';
export { PROVIDER_FREEZE_JOB, PROVIDER_UNFREEZE_JOB, recoveryJobHandlers } from './recovery-jobs.js';
