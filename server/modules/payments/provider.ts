/**
 * The payment-provider adapter: what Accord asks of Alipay, WeChat Pay, UnionPay or the simulated provider.
 * Everything here is transport-neutral; `http-provider.ts` is one implementation. Amounts are bigint fen.
 *
 * The contract every implementation keeps (docs/domain/payments.md):
 * - Every money-moving call carries an idempotency key that the caller stored BEFORE the call. The provider
 *   executes a key at most once; the same key with the same request returns the same operation; the same key
 *   with a different request is refused ({@link ProviderRejectedError} `IDEMPOTENCY_KEY_REUSED`).
 * - A call either returns an operation, throws {@link ProviderRejectedError} (the provider definitely did
 *   nothing), or throws {@link ProviderUnknownOutcomeError} (it may or may not have done it). An unknown outcome
 *   is never a failure: retry with the SAME key, never a new one, or ask {@link PaymentProvider.getStatus}.
 */

/** Where an operation stands at the provider. `accepted` is not final: the result comes by callback. */
export type OperationStatus = 'accepted' | 'succeeded' | 'failed';

/** The operations a provider performs for Accord. */
export type OperationKind = 'refund' | 'transfer' | 'payout' | 'freeze' | 'unfreeze';

/** A refund along the original route (原路退还): back to the instrument `paymentRef` was paid with. */
export type RefundRequest = {
  idempotencyKey: string;
  /** The provider's reference of the consumer's original payment. */
  paymentRef: string;
  /** The marketplace order the payment belongs to (shown on the consumer's statement). */
  orderRef: string;
  amountFen: bigint;
  reason: string;
  /** Where the provider POSTs the signed result. Not part of the request's identity (see docs). */
  callbackUrl: string;
};

/**
 * A transfer to a consumer's account balance (打款到账户余额): money owed to the consumer beyond what the
 * payment took — compensation above the price (消法 Art. 55) — which no refund along the original route can
 * carry. The same fields as a refund: the recipient is the payer of `paymentRef` (the provider knows who paid),
 * `orderRef` shows on the consumer's statement; nothing is checked against the payment's amount. Asynchronous
 * like a refund: the result comes by callback.
 */
export type TransferRequest = RefundRequest;

/** A payout of settlement money to a merchant (结算). Refused while the account is frozen. */
export type PayoutRequest = {
  idempotencyKey: string;
  merchantAccountRef: string;
  amountFen: bigint;
  memo: string;
  callbackUrl: string;
};

/** Stop-payment (止付) on a merchant's pending settlement: no payout leaves while any freeze holds. */
export type FreezeRequest = {
  idempotencyKey: string;
  merchantAccountRef: string;
  reason: string;
};

/** Releases one freeze; the account pays out again once no freeze holds. */
export type UnfreezeRequest = {
  idempotencyKey: string;
  /** The `providerRef` returned by {@link PaymentProvider.freeze}. */
  freezeRef: string;
  reason: string;
};

/** The provider's answer to a call: its reference for the operation and where it stands. */
export type OperationResult = {
  providerRef: string;
  status: OperationStatus;
  /** Set when `status` is `failed`: why, in the provider's words (e.g. `ACCOUNT_CLOSED`). */
  failureCode?: string;
  /** True when the provider recognised the idempotency key and returned the existing operation. */
  replayed: boolean;
};

/** An operation as {@link PaymentProvider.getStatus} reports it. */
export type OperationSnapshot = Omit<OperationResult, 'replayed'> & {
  kind: OperationKind;
  idempotencyKey: string;
  amountFen: bigint | null;
};

/** How {@link PaymentProvider.getStatus} finds an operation: by the provider's ref or by Accord's key. */
export type OperationLookup = { providerRef: string } | { idempotencyKey: string };

/** A verified callback: an operation reached a final status. */
export type ProviderEvent = {
  /** Unique per event; the same event delivered twice carries the same id (deduplicate on it). */
  eventId: string;
  kind: OperationKind;
  providerRef: string;
  idempotencyKey: string;
  status: 'succeeded' | 'failed';
  failureCode?: string;
  amountFen: bigint | null;
  occurredAt: Date;
};

/** Request headers as Node and Fastify present them. */
export type CallbackHeaders = Record<string, string | string[] | undefined>;

/** The adapter a provider integration implements. */
export interface PaymentProvider {
  /**
   * Refunds along the original route.
   * @throws ProviderRejectedError e.g. `PAYMENT_NOT_FOUND`, `EXCEEDS_REFUNDABLE`, `IDEMPOTENCY_KEY_REUSED`
   * @throws ProviderUnknownOutcomeError timeout, 5xx, connection reset: retry with the same key
   */
  refund(request: RefundRequest): Promise<OperationResult>;
  /**
   * Transfers money to the payer of a payment, into its account balance (not along the original route).
   * @throws ProviderRejectedError e.g. `PAYMENT_NOT_FOUND`, `IDEMPOTENCY_KEY_REUSED`
   * @throws ProviderUnknownOutcomeError timeout, 5xx, connection reset: retry with the same key
   */
  transfer(request: TransferRequest): Promise<OperationResult>;
  /**
   * Pays settlement money out to a merchant.
   * @throws ProviderRejectedError e.g. `ACCOUNT_FROZEN`, `IDEMPOTENCY_KEY_REUSED`
   * @throws ProviderUnknownOutcomeError retry with the same key
   */
  payout(request: PayoutRequest): Promise<OperationResult>;
  /** Places a stop-payment on a merchant account; final when it returns. Throws as {@link refund}. */
  freeze(request: FreezeRequest): Promise<OperationResult>;
  /** Releases a freeze; final when it returns. @throws ProviderRejectedError `FREEZE_NOT_FOUND` */
  unfreeze(request: UnfreezeRequest): Promise<OperationResult>;
  /**
   * The operation's current status, for reconciling an unknown outcome or a missing callback.
   * @throws ProviderRejectedError `OPERATION_NOT_FOUND` when the provider never recorded it: re-send the
   *   original request under the same key
   * @throws ProviderUnknownOutcomeError when the provider cannot answer now
   */
  getStatus(lookup: OperationLookup): Promise<OperationSnapshot>;
  /**
   * Checks a callback's signature and age and parses it. Pass the body exactly as received (before any
   * JSON parsing): the signature covers the bytes.
   * @throws CallbackVerificationError bad or missing signature, stale or future timestamp, malformed body
   */
  verifyCallback(headers: CallbackHeaders, rawBody: string | Buffer): ProviderEvent;
}

/** Base of the errors a provider call throws; `outcome` says whether the operation may have happened. */
export abstract class ProviderError extends Error {
  abstract readonly outcome: 'not_done' | 'unknown';
}

/**
 * The provider definitely did NOT perform the request (validation, business refusal, key conflict). Nothing
 * changed at the provider. `retryable` marks refusals that may pass later unchanged (rate limiting): retry with
 * the same key. Otherwise the request needs a person or a different request (a NEW key for a new amount).
 */
export class ProviderRejectedError extends ProviderError {
  readonly outcome = 'not_done' as const;
  constructor(
    readonly code: string,
    readonly httpStatus: number,
    readonly retryable: boolean,
    message?: string,
  ) {
    super(message ?? `provider rejected the request: ${code}`);
    this.name = 'ProviderRejectedError';
  }
}

/** Why an outcome is unknown, for logs and metrics; the handling is the same for all. */
export type UnknownOutcomeReason = 'timeout' | 'network' | 'server_error' | 'in_progress' | 'bad_response';

/**
 * The request may or may not have been performed: it timed out, the connection dropped, the provider answered
 * 5xx (including an outage) or answered something unreadable. Never treat this as a failure and never retry with
 * a new key: that is how a refund gets paid twice (Medusa #16681). Retry with the same key, or ask getStatus.
 */
export class ProviderUnknownOutcomeError extends ProviderError {
  readonly outcome = 'unknown' as const;
  constructor(
    readonly reason: UnknownOutcomeReason,
    message: string,
    readonly httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderUnknownOutcomeError';
  }
}

/** A callback that must not be trusted: answer it 400/401 and do nothing else. */
export class CallbackVerificationError extends Error {
  constructor(
    readonly code:
      | 'SIGNATURE_MISSING'
      | 'SIGNATURE_MALFORMED'
      | 'SIGNATURE_MISMATCH'
      | 'TIMESTAMP_OUT_OF_TOLERANCE'
      | 'BODY_MALFORMED',
    message: string,
  ) {
    super(message);
    this.name = 'CallbackVerificationError';
  }
}

/** True when `error` leaves the operation's outcome unknown, so the caller must retry under the same key. */
export function isUnknownOutcome(error: unknown): error is ProviderUnknownOutcomeError {
  return error instanceof ProviderUnknownOutcomeError;
}
