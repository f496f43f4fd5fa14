/**
 * Payments: the payment-provider adapter (refund along the original route, payout, freeze/stop-payment), its
 * HTTP implementation, callback verification and the refund-instruction lifecycle. Rules: docs/domain/payments.md.
 *
 * Invariants:
 * - Every money-moving provider call carries an idempotency key that was stored (with the exact request) in
 *   Accord's database BEFORE the call. A retry, a re-issue after an outage and a resume after a crash all send
 *   the SAME key and the SAME request; a new key is only ever minted for a new instruction.
 * - An unknown outcome (timeout, 5xx, outage, dropped connection, unreadable answer) is never recorded as a
 *   failure; the instruction stays open and is retried under its key until a definite answer arrives.
 * - Only a definite answer closes an instruction: the provider's final status (response, callback or
 *   getStatus) or a rejection that says nothing was done. Final statuses never change; a contradiction is an
 *   anomaly for a person.
 * - Callbacks are trusted only after their HMAC signature and timestamp are verified; they may arrive twice, out
 *   of order and before the call that caused them returns, so applying one is idempotent (dedupe on `eventId`,
 *   then {@link decideRefund}).
 * - Amounts are positive bigint fen; nothing is refunded beyond what the payment took minus earlier refunds,
 *   which the provider enforces and Accord's ledger checks independently.
 */
export {
  CallbackVerificationError,
  isUnknownOutcome,
  ProviderError,
  ProviderRejectedError,
  ProviderUnknownOutcomeError,
  type CallbackHeaders,
  type FreezeRequest,
  type OperationKind,
  type OperationLookup,
  type OperationResult,
  type OperationSnapshot,
  type OperationStatus,
  type PaymentProvider,
  type PayoutRequest,
  type ProviderEvent,
  type RefundRequest,
  type TransferRequest,
  type UnfreezeRequest,
  type UnknownOutcomeReason,
} from './provider.js';
export { HttpPaymentProvider, type HttpProviderOptions } from './http-provider.js';
export {
  callbackSignature,
  DEFAULT_TOLERANCE_SECONDS,
  SIGNATURE_HEADER,
  verifyCallbackSignature,
} from './callback-signature.js';
export {
  decideRefund,
  reissueDeadline,
  retryDelayMs,
  REISSUE_WITHIN_MS,
  RETRY_BASE_MS,
  RETRY_CAP_MS,
  type RefundDecision,
  type RefundInstructionState,
  type RefundInstructionStatus,
  type RefundObservation,
} from './refund-instruction-lifecycle.js';
