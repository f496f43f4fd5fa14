/**
 * The simulated provider's memory: payments it knows, operations by reference and by idempotency key, merchant
 * accounts with their freezes, and counters. In memory only: restarting the simulator forgets everything, like
 * moving to a new provider account.
 */

/** A consumer payment the provider took; refunds are checked against it. */
export type SimPayment = {
  paymentRef: string;
  orderRef: string | null;
  amountFen: bigint;
  /** Refunds that succeeded. */
  refundedFen: bigint;
  /** Refunds accepted and not yet settled: held so concurrent refunds cannot overdraw the payment. */
  reservedFen: bigint;
};

/** Kinds of operation, as on the wire. */
export type SimOperationKind = 'refund' | 'transfer' | 'payout' | 'freeze' | 'unfreeze';

/** One operation performed under one idempotency key. */
export type SimOperation = {
  providerRef: string;
  kind: SimOperationKind;
  idempotencyKey: string;
  /** Canonical form of the request that created it; a replay must match it exactly. */
  fingerprint: string;
  status: 'accepted' | 'succeeded' | 'failed';
  failureCode: string | undefined;
  amountFen: bigint | null;
  paymentRef: string | null;
  merchantAccountRef: string | null;
  callbackUrl: string | null;
  /** Decided at acceptance so the outcome does not depend on timer order. */
  plannedFailure: string | undefined;
  /** For a freeze: whether it has been released. */
  released: boolean;
};

/** What the simulator has done, for the admin endpoint and tests. */
export type SimStats = {
  refundsRequested: number;
  refundsAccepted: number;
  refundsExecuted: number;
  refundsFailed: number;
  /** Refused before doing anything: unknown payment, amount beyond what remains refundable. */
  refundsRefused: number;
  /** Transfers to a consumer's balance: requested, accepted, settled, refused (unknown payment). */
  transfersRequested: number;
  transfersAccepted: number;
  transfersExecuted: number;
  transfersFailed: number;
  transfersRefused: number;
  payoutsRequested: number;
  payoutsExecuted: number;
  payoutsFailed: number;
  payoutsRefused: number;
  freezes: number;
  unfreezes: number;
  /** Replays of a used key with the same request: answered with the existing operation, not executed. */
  duplicatesPrevented: number;
  /** A used key with a different request: refused with 422. */
  keyConflicts: number;
  outageRejections: number;
  /** Operations performed whose response was then lost (503 or dropped connection). */
  unknownOutcomes: number;
  callbackAttempts: number;
  callbacksDelivered: number;
  callbacksAbandoned: number;
  callbackDuplicatesSent: number;
};

/** Fresh counters. */
export function emptyStats(): SimStats {
  return {
    refundsRequested: 0,
    refundsAccepted: 0,
    refundsExecuted: 0,
    refundsFailed: 0,
    refundsRefused: 0,
    transfersRequested: 0,
    transfersAccepted: 0,
    transfersExecuted: 0,
    transfersFailed: 0,
    transfersRefused: 0,
    payoutsRequested: 0,
    payoutsExecuted: 0,
    payoutsFailed: 0,
    payoutsRefused: 0,
    freezes: 0,
    unfreezes: 0,
    duplicatesPrevented: 0,
    keyConflicts: 0,
    outageRejections: 0,
    unknownOutcomes: 0,
    callbackAttempts: 0,
    callbacksDelivered: 0,
    callbacksAbandoned: 0,
    callbackDuplicatesSent: 0,
  };
}

/** An error the simulator answers with a problem document; `status` < 500 means nothing was done. */
export class SimError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'SimError';
  }
}

/** The state the simulator keeps. */
export class SimStore {
  readonly payments = new Map<string, SimPayment>();
  readonly operations = new Map<string, SimOperation>();
  readonly byKey = new Map<string, SimOperation>();
  /** Active freeze refs per merchant account. */
  readonly freezes = new Map<string, Set<string>>();
  readonly stats: SimStats = emptyStats();
  private sequence = 0;

  constructor(private readonly runId: string) {}

  /** A new reference like `rf_3fa9c1000012`: kind prefix, this run's id, a sequence number. */
  nextRef(kind: SimOperationKind): string {
    const prefix = { refund: 'rf', transfer: 'tf', payout: 'po', freeze: 'fz', unfreeze: 'uf' }[kind];
    this.sequence += 1;
    return `${prefix}_${this.runId}${String(this.sequence).padStart(6, '0')}`;
  }

  /** Records a new operation under its reference and key. */
  insert(op: SimOperation): void {
    this.operations.set(op.providerRef, op);
    this.byKey.set(op.idempotencyKey, op);
  }

  /** Whether any freeze holds on the account. */
  isFrozen(merchantAccountRef: string): boolean {
    return (this.freezes.get(merchantAccountRef)?.size ?? 0) > 0;
  }

  /** What may still be refunded on a payment: paid minus refunded minus in-flight refunds. */
  refundable(payment: SimPayment): bigint {
    return payment.amountFen - payment.refundedFen - payment.reservedFen;
  }
}

/** The wire form of an operation (amounts as strings). */
export function presentOperation(op: SimOperation, replayed = false): Record<string, unknown> {
  return {
    providerRef: op.providerRef,
    kind: op.kind,
    idempotencyKey: op.idempotencyKey,
    status: op.status,
    ...(op.failureCode ? { failureCode: op.failureCode } : {}),
    amountFen: op.amountFen === null ? null : op.amountFen.toString(),
    ...(op.paymentRef ? { paymentRef: op.paymentRef } : {}),
    ...(op.merchantAccountRef ? { merchantAccountRef: op.merchantAccountRef } : {}),
    replayed,
  };
}

/** A payment as the simulator shows it (fen as strings, as on the wire). */
export type SimPaymentView = {
  paymentRef: string;
  orderRef: string | null;
  amountFen: string;
  refundedFen: string;
  reservedFen: string;
  refundableFen: string;
};

/** The wire form of a payment, with what remains refundable. */
export function presentPayment(payment: SimPayment): SimPaymentView {
  return {
    paymentRef: payment.paymentRef,
    orderRef: payment.orderRef,
    amountFen: payment.amountFen.toString(),
    refundedFen: payment.refundedFen.toString(),
    reservedFen: payment.reservedFen.toString(),
    refundableFen: (payment.amountFen - payment.refundedFen - payment.reservedFen).toString(),
  };
}
