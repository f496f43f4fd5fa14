import { and, asc, inArray, isNull, lt, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  ProviderRejectedError,
  type OperationStatus,
  type PaymentProvider,
  type RefundObservation,
} from '../payments/index.js';
import {
  recordObservationBatch,
  type ObservationItem,
  type ObservationSource,
} from './record-observation.js';
import { OPEN_STATUSES, type RefundInstructionRow } from './refunds.repo.js';
import { refundInstructions } from './refunds.table.js';

/** How Accord reaches the provider: the adapter and where the provider posts its callbacks. */
export type PaymentsRuntime = { provider: PaymentProvider; callbackUrl: string };

export type DispatchOptions = PaymentsRuntime & {
  now: () => Date;
  /** Instructions claimed per run. Default 1,000 (a mass refund's 50,000 go out in minutes, not an hour). */
  limit?: number;
  /** How long a claim keeps other dispatchers away; longer than one provider call. Default 60 s. */
  leaseMs?: number;
  /** Provider calls in flight at once. Default 32. */
  concurrency?: number;
  /** In [0, 1) per retry; spreads a mass re-issue. Default Math.random. */
  random?: () => number;
  /**
   * Runs after the provider answered and before the answer is recorded. Tests throw here to crash the
   * dispatcher exactly between the call and its record.
   */
  afterCall?: (instruction: RefundInstructionRow) => void | Promise<void>;
};

export type DispatchResult = { claimed: number; recorded: number; crashed: number };

/**
 * Claims due instructions (pending or retrying whose time has come, and sent ones due for reconciliation)
 * with FOR UPDATE SKIP LOCKED and a lease committed before any call, so concurrent dispatchers in any number
 * of processes never send the same instruction at once. A dispatcher that dies leaves its lease to expire;
 * the next one sends the same stored request under the same key and the provider answers with the operation
 * it already holds (or performs it now): never twice.
 */
export async function claimDueInstructions(
  db: Db,
  opts: { now: Date; limit: number; leaseMs: number },
): Promise<RefundInstructionRow[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: refundInstructions.id })
      .from(refundInstructions)
      .where(
        and(
          inArray(refundInstructions.status, [...OPEN_STATUSES]),
          lte(refundInstructions.nextAttemptAt, opts.now),
          or(isNull(refundInstructions.lockedUntil), lt(refundInstructions.lockedUntil, opts.now)),
        ),
      )
      .orderBy(asc(refundInstructions.nextAttemptAt))
      .limit(opts.limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(refundInstructions)
      .set({ lockedUntil: new Date(opts.now.getTime() + opts.leaseMs) })
      .where(
        inArray(
          refundInstructions.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
}

function observationOfStatus(status: OperationStatus, failureCode?: string): RefundObservation {
  if (status === 'accepted') return { type: 'accepted' };
  if (status === 'succeeded') return { type: 'succeeded' };
  return { type: 'failed', failureCode: failureCode ?? 'FAILED' };
}

function observationOfError(error: unknown): RefundObservation {
  if (error instanceof ProviderRejectedError) {
    return error.code === 'OPERATION_NOT_FOUND'
      ? { type: 'not_found' }
      : { type: 'rejected', code: error.code, retryable: error.retryable };
  }
  // ProviderUnknownOutcomeError, and anything unexpected: the provider may have acted. Same key next time.
  return { type: 'unknown' };
}

/**
 * One call to the provider for one claimed instruction: send it (a refund, or a transfer to the consumer's
 * balance), or ask where a sent one stands.
 */
async function callProvider(
  row: RefundInstructionRow,
  opts: DispatchOptions,
): Promise<{ observation: RefundObservation; providerRef?: string; source: ObservationSource }> {
  const source: ObservationSource = row.status === 'sent' ? 'reconcile' : 'dispatch';
  try {
    if (source === 'reconcile') {
      const snap = await opts.provider.getStatus({ idempotencyKey: row.idempotencyKey });
      return {
        observation: observationOfStatus(snap.status, snap.failureCode),
        providerRef: snap.providerRef,
        source,
      };
    }
    const request = {
      idempotencyKey: row.idempotencyKey,
      paymentRef: row.request.paymentRef,
      orderRef: row.request.orderRef,
      amountFen: BigInt(row.request.amountFen),
      reason: row.request.reason,
      callbackUrl: opts.callbackUrl,
    };
    // A transfer (compensation beyond the price) is the provider's other operation, same contract.
    const result =
      row.kind === 'transfer' ? await opts.provider.transfer(request) : await opts.provider.refund(request);
    return {
      observation: observationOfStatus(result.status, result.failureCode),
      providerRef: result.providerRef,
      source,
    };
  } catch (error) {
    return { observation: observationOfError(error), source };
  }
}

/** Answers recorded per transaction: the calls of the next slice run while one slice is recorded. */
const RECORD_SLICE = 100;

/**
 * Sends every due instruction once: claim, call the provider (outside any transaction, `concurrency` calls in
 * flight), then record the answers through `decideRefund`, a slice of up to 100 per transaction while the
 * next slice's calls are under way. Final answers are only recorded here; `postSettledRefunds` posts them.
 */
export async function dispatchDueRefunds(db: Db, opts: DispatchOptions): Promise<DispatchResult> {
  const claimed = await claimDueInstructions(db, {
    now: opts.now(),
    limit: opts.limit ?? 1000,
    leaseMs: opts.leaseMs ?? 60_000,
  });
  const random = opts.random ?? Math.random;
  let recorded = 0;
  let crashed = 0;
  let failure: { error: unknown } | null = null;
  let recording: Promise<void> = Promise.resolve();
  for (let i = 0; i < claimed.length && !failure; i += RECORD_SLICE) {
    const slice = claimed.slice(i, i + RECORD_SLICE);
    const answers = await callAll(slice, opts);
    const items: ObservationItem[] = [];
    for (const [k, row] of slice.entries()) {
      try {
        await opts.afterCall?.(row);
      } catch {
        // A crash between the call and its record: nothing is written; the lease expires and the next run
        // sends the same key.
        crashed += 1;
        continue;
      }
      const answer = answers[k]!;
      items.push({
        idempotencyKey: row.idempotencyKey,
        observation: answer.observation,
        meta: {
          source: answer.source,
          now: opts.now(),
          jitter: random(),
          ...(answer.providerRef ? { providerRef: answer.providerRef } : {}),
          detail: { attempt: row.attempts + 1 },
        },
      });
    }
    await recording;
    recording = recordObservationBatch(db, items).then(
      (results) => {
        recorded += results.filter((r) => r.outcome === 'recorded').length;
      },
      (error: unknown) => {
        failure = { error };
      },
    );
  }
  await recording;
  if (failure) throw (failure as { error: unknown }).error;
  return { claimed: claimed.length, recorded, crashed };
}

/** Calls the provider for each row, `concurrency` at a time; the answers in the rows' order. */
async function callAll(rows: RefundInstructionRow[], opts: DispatchOptions) {
  const answers: Awaited<ReturnType<typeof callProvider>>[] = [];
  let next = 0;
  const worker = async () => {
    for (let k = next++; k < rows.length; k = next++) answers[k] = await callProvider(rows[k]!, opts);
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 32, rows.length) }, worker));
  return answers;
}
