import { randomBytes } from 'node:crypto';
import { CallbackDispatcher } from './callbacks.js';
import { applyModePatch, DEFAULT_MODE, type SimMode, type SimModePatch } from './mode.js';
import {
  fingerprint,
  type FreezeBody,
  type PayoutBody,
  type RefundBody,
  type TransferBody,
  type ReleaseBody,
} from './requests.js';
import { between, KeyedMutex, seededRandom, TimerRegistry } from './runtime.js';
import { SimError, SimStore, type SimOperation, type SimOperationKind } from './store.js';

/** Construction options of the simulator's core. */
export type SimCoreOptions = {
  secret: string;
  seed: number;
  mode?: SimModePatch;
  callbackTimeoutMs?: number;
  warn?: (message: string) => void;
};

const REFUND_FAILURES = ['ACCOUNT_CLOSED', 'CARD_CANCELLED'] as const;
const PAYOUT_FAILURES = ['ACCOUNT_CLOSED', 'NAME_MISMATCH'] as const;
const TRANSFER_FAILURES = ['ACCOUNT_CLOSED', 'RECIPIENT_UNVERIFIED'] as const;

/**
 * The simulated provider without HTTP: payments, idempotent operations, settlement and callbacks. Every
 * operation runs under two locks, its idempotency key then its resource (payment or merchant account), always
 * in that order so two requests can never wait on each other.
 */
export class SimCore {
  readonly store: SimStore;
  private current: SimMode;
  private readonly random: () => number;
  private readonly timers: TimerRegistry;
  private readonly locks = new KeyedMutex();
  private readonly callbacks: CallbackDispatcher;

  constructor(options: SimCoreOptions) {
    const warn = options.warn ?? (() => {});
    this.random = seededRandom(options.seed);
    this.current = applyModePatch(DEFAULT_MODE, options.mode ?? {});
    // Not from the seed: references must differ between runs, or a restarted simulator would reuse the refs
    // of a previous run that Accord still holds.
    this.store = new SimStore(randomBytes(3).toString('hex'));
    this.timers = new TimerRegistry((error) => warn(`background task failed: ${String(error)}`));
    this.callbacks = new CallbackDispatcher({
      secret: options.secret,
      timers: this.timers,
      random: this.random,
      mode: () => this.current,
      stats: this.store.stats,
      now: () => Date.now(),
      warn,
      timeoutMs: options.callbackTimeoutMs ?? 5_000,
    });
  }

  /** The current mode. */
  get mode(): SimMode {
    return this.current;
  }

  /** Changes the mode; settlements and callbacks held by an outage resume on their next tick. */
  setMode(patch: SimModePatch): SimMode {
    try {
      this.current = applyModePatch(this.current, patch);
    } catch (error) {
      throw new SimError('VALIDATION_FAILED', 400, `invalid mode: ${String(error)}`);
    }
    return this.current;
  }

  /**
   * Records a consumer payment so refunds can be checked against it. Registering the same payment again is a
   * no-op. @throws SimError PAYMENT_CONFLICT when the ref exists with another amount or order
   */
  registerPayment(input: { paymentRef: string; orderRef?: string; amountFen: bigint }): 'created' | 'exists' {
    const existing = this.store.payments.get(input.paymentRef);
    const orderRef = input.orderRef ?? null;
    if (existing) {
      if (existing.amountFen === input.amountFen && existing.orderRef === orderRef) return 'exists';
      throw new SimError('PAYMENT_CONFLICT', 409, `payment ${input.paymentRef} exists with other details`);
    }
    const payment = { paymentRef: input.paymentRef, orderRef, amountFen: input.amountFen };
    this.store.payments.set(input.paymentRef, { ...payment, refundedFen: 0n, reservedFen: 0n });
    return 'created';
  }

  /** Accepts a refund along the original route; the result follows by callback. @throws SimError */
  async refund(input: RefundBody): Promise<{ op: SimOperation; replayed: boolean }> {
    const stats = this.store.stats;
    stats.refundsRequested += 1;
    return this.once('refund', input, `payment:${input.paymentRef}`, async () => {
      const payment = this.store.payments.get(input.paymentRef);
      const refuse = (code: string, status: number, detail: string, extra?: Record<string, unknown>) => {
        stats.refundsRefused += 1;
        return new SimError(code, status, detail, extra);
      };
      if (!payment) throw refuse('PAYMENT_NOT_FOUND', 404, `no payment ${input.paymentRef}`);
      if (payment.orderRef !== null && payment.orderRef !== input.orderRef) {
        throw refuse('ORDER_MISMATCH', 422, `payment ${input.paymentRef} belongs to another order`);
      }
      const refundable = this.store.refundable(payment);
      if (input.amountFen > refundable) {
        throw refuse('EXCEEDS_REFUNDABLE', 422, `only ${refundable} fen remain refundable`, {
          refundableFen: refundable.toString(),
        });
      }
      // Processing time between the check and the write: exactly where an unguarded handler would let a
      // concurrent refund pass the same check. The payment lock held around this section prevents it.
      await this.timers.sleep(this.latency());
      payment.reservedFen += input.amountFen;
      stats.refundsAccepted += 1;
      return this.accept('refund', input, { amountFen: input.amountFen, paymentRef: input.paymentRef });
    });
  }

  /**
   * Accepts a transfer to the payer of a known payment, into its account balance; the result follows by
   * callback. Not limited by the payment's amount (it is not a refund). @throws SimError PAYMENT_NOT_FOUND
   */
  async transfer(input: TransferBody): Promise<{ op: SimOperation; replayed: boolean }> {
    const stats = this.store.stats;
    stats.transfersRequested += 1;
    return this.once('transfer', input, `payment:${input.paymentRef}`, async () => {
      const payment = this.store.payments.get(input.paymentRef);
      if (!payment || (payment.orderRef !== null && payment.orderRef !== input.orderRef)) {
        stats.transfersRefused += 1;
        throw payment
          ? new SimError('ORDER_MISMATCH', 422, `payment ${input.paymentRef} belongs to another order`)
          : new SimError('PAYMENT_NOT_FOUND', 404, `no payment ${input.paymentRef}`);
      }
      await this.timers.sleep(this.latency());
      stats.transfersAccepted += 1;
      return this.accept('transfer', input, { amountFen: input.amountFen, paymentRef: input.paymentRef });
    });
  }

  /** Accepts a payout to a merchant; refused while the account is frozen. @throws SimError */
  async payout(input: PayoutBody): Promise<{ op: SimOperation; replayed: boolean }> {
    const stats = this.store.stats;
    stats.payoutsRequested += 1;
    return this.once('payout', input, `account:${input.merchantAccountRef}`, async () => {
      if (this.store.isFrozen(input.merchantAccountRef)) {
        stats.payoutsRefused += 1;
        throw new SimError('ACCOUNT_FROZEN', 422, `account ${input.merchantAccountRef} is frozen (止付)`);
      }
      await this.timers.sleep(this.latency());
      const ref = { amountFen: input.amountFen, merchantAccountRef: input.merchantAccountRef };
      return this.accept('payout', input, ref);
    });
  }

  /** Places a stop-payment on a merchant account; final at once. */
  async freeze(input: FreezeBody): Promise<{ op: SimOperation; replayed: boolean }> {
    return this.once('freeze', input, `account:${input.merchantAccountRef}`, async () => {
      await this.timers.sleep(this.latency());
      const op = this.newOperation('freeze', input, { merchantAccountRef: input.merchantAccountRef });
      op.status = 'succeeded';
      const active = this.store.freezes.get(input.merchantAccountRef) ?? new Set<string>();
      active.add(op.providerRef);
      this.store.freezes.set(input.merchantAccountRef, active);
      this.store.stats.freezes += 1;
      return op;
    });
  }

  /** Releases a freeze; releasing one already released succeeds and changes nothing. @throws SimError */
  async release(input: ReleaseBody): Promise<{ op: SimOperation; replayed: boolean }> {
    const frozen = this.store.operations.get(input.freezeRef);
    if (frozen?.kind !== 'freeze' || !frozen.merchantAccountRef) {
      throw new SimError('FREEZE_NOT_FOUND', 404, `no freeze ${input.freezeRef}`);
    }
    const account = frozen.merchantAccountRef;
    return this.once('unfreeze', input, `account:${account}`, async () => {
      await this.timers.sleep(this.latency());
      frozen.released = true;
      this.store.freezes.get(account)?.delete(frozen.providerRef);
      const op = this.newOperation('unfreeze', input, { merchantAccountRef: account });
      op.status = 'succeeded';
      this.store.stats.unfreezes += 1;
      return op;
    });
  }

  /** Finds an operation by reference or key. @throws SimError OPERATION_NOT_FOUND */
  getOperation(lookup: { providerRef: string } | { idempotencyKey: string }): SimOperation {
    const op =
      'providerRef' in lookup
        ? this.store.operations.get(lookup.providerRef)
        : this.store.byKey.get(lookup.idempotencyKey);
    if (!op) throw new SimError('OPERATION_NOT_FOUND', 404, 'the provider has no such operation');
    return op;
  }

  /** Whether to lose the response of a new operation just performed (the unknown-outcome simulation). */
  loseResponse(): boolean {
    const rate = this.current.unknownOutcomeRate;
    // Draw only when enabled so switching it off does not shift the rest of the seeded sequence.
    const lost = rate > 0 && this.random() < rate;
    if (lost) this.store.stats.unknownOutcomes += 1;
    return lost;
  }

  /** Stops settlements and callbacks; pending simulated delays end at once. */
  close(): void {
    this.timers.close();
  }

  /** Runs `create` at most once per idempotency key; a replay must carry the identical request. */
  private async once(
    kind: SimOperationKind,
    input: Record<string, unknown> & { idempotencyKey: string },
    resource: string,
    create: () => Promise<SimOperation>,
  ): Promise<{ op: SimOperation; replayed: boolean }> {
    const print = fingerprint(kind, input);
    return this.locks.run(`key:${input.idempotencyKey}`, () =>
      this.locks.run(resource, async () => {
        const existing = this.store.byKey.get(input.idempotencyKey);
        if (existing) {
          if (existing.fingerprint !== print) {
            this.store.stats.keyConflicts += 1;
            throw new SimError('IDEMPOTENCY_KEY_REUSED', 422, 'this key was used for a different request');
          }
          this.store.stats.duplicatesPrevented += 1;
          return { op: existing, replayed: true };
        }
        const op = await create();
        op.fingerprint = print;
        this.store.insert(op);
        return { op, replayed: false };
      }),
    );
  }

  private newOperation(
    kind: SimOperationKind,
    input: { idempotencyKey: string; callbackUrl?: string },
    refs: { amountFen?: bigint; paymentRef?: string; merchantAccountRef?: string },
  ): SimOperation {
    return {
      providerRef: this.store.nextRef(kind),
      kind,
      idempotencyKey: input.idempotencyKey,
      fingerprint: '',
      status: 'accepted',
      failureCode: undefined,
      amountFen: refs.amountFen ?? null,
      paymentRef: refs.paymentRef ?? null,
      merchantAccountRef: refs.merchantAccountRef ?? null,
      callbackUrl: input.callbackUrl ?? null,
      plannedFailure: undefined,
      released: false,
    };
  }

  /** Creates an accepted refund, transfer or payout, decides its fate now and schedules its settlement. */
  private accept(
    kind: 'refund' | 'transfer' | 'payout',
    input: { idempotencyKey: string; callbackUrl: string },
    refs: { amountFen: bigint; paymentRef?: string; merchantAccountRef?: string },
  ): SimOperation {
    const op = this.newOperation(kind, input, refs);
    const rate = this.current.failureRate;
    if (rate > 0 && this.random() < rate) {
      const codes =
        kind === 'refund' ? REFUND_FAILURES : kind === 'transfer' ? TRANSFER_FAILURES : PAYOUT_FAILURES;
      op.plannedFailure = codes[between(this.random, 0, codes.length - 1)];
    }
    this.timers.later(this.current.settleDelayMs, () => this.settle(op));
    return op;
  }

  /** Moves an accepted operation to its final status and announces it. Synchronous, so no lock is needed. */
  private settle(op: SimOperation): void {
    if (this.current.outage) {
      this.timers.later(Math.max(this.current.settleDelayMs, 50), () => this.settle(op));
      return;
    }
    const stats = this.store.stats;
    // 止付: a payout still pending when its account was frozen must not leave.
    const stopped =
      op.kind === 'payout' && op.merchantAccountRef && this.store.isFrozen(op.merchantAccountRef);
    const failure = op.plannedFailure ?? (stopped ? 'STOP_PAYMENT' : undefined);
    op.status = failure ? 'failed' : 'succeeded';
    op.failureCode = failure;
    if (op.kind === 'refund' && op.paymentRef && op.amountFen !== null) {
      const payment = this.store.payments.get(op.paymentRef);
      if (payment) {
        payment.reservedFen -= op.amountFen;
        if (!failure) payment.refundedFen += op.amountFen;
      }
      if (failure) stats.refundsFailed += 1;
      else stats.refundsExecuted += 1;
    } else if (op.kind === 'transfer') {
      if (failure) stats.transfersFailed += 1;
      else stats.transfersExecuted += 1;
    } else if (failure) stats.payoutsFailed += 1;
    else stats.payoutsExecuted += 1;
    this.callbacks.dispatch(op);
  }

  private latency(): number {
    const { min, max } = this.current.latencyMs;
    return max === 0 ? 0 : between(this.random, min, max);
  }
}
