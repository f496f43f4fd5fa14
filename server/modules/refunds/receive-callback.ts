import type { Db } from '../../db/client.js';
import { DomainError } from '../../http/errors.js';
import {
  CallbackVerificationError,
  type CallbackHeaders,
  type PaymentProvider,
  type ProviderEvent,
} from '../payments/index.js';
import { receivePayoutEvent } from '../settlement/payouts.js';
import { recordObservationBatch, type ObservationItem, type RecordOutcome } from './record-observation.js';

export type CallbackOutcome = 'applied' | 'duplicate' | 'not_ours';

/** Callbacks recorded per transaction at most. */
const CALLBACK_BATCH = 200;
/** Batches in flight at once per process and database (each holds one pooled connection). */
const CALLBACK_FLUSHERS = 2;

type Waiting = { item: ObservationItem; settle: (r: Promise<RecordOutcome>) => void };

/**
 * Group commit for callbacks: those that arrive while a batch is being written wait for the next one, which
 * records them all in one transaction. Nothing waits for a timer (a lone callback is written at once), and
 * each callback is answered only after the transaction holding its record committed: a crash before that
 * loses nothing the provider was told is received, and it delivers again.
 */
class CallbackBatcher {
  private readonly queue: Waiting[] = [];
  private flushers = 0;

  constructor(private readonly db: Db) {}

  record(item: ObservationItem): Promise<RecordOutcome> {
    return new Promise<RecordOutcome>((resolve, reject) => {
      this.queue.push({
        item,
        settle: (r) => {
          r.then(resolve, reject);
        },
      });
      if (this.flushers < CALLBACK_FLUSHERS) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushers += 1;
    try {
      for (let batch = this.take(); batch.length > 0; batch = this.take()) {
        const written = recordObservationBatch(
          this.db,
          batch.map((w) => w.item),
        );
        try {
          const results = await written;
          batch.forEach((w, i) => w.settle(Promise.resolve(results[i]!)));
        } catch {
          // One callback must not fail its neighbours: each is tried alone and answers for itself.
          for (const w of batch) w.settle(recordObservationBatch(this.db, [w.item]).then((r) => r[0]!));
        }
      }
    } finally {
      this.flushers -= 1;
    }
  }

  /** The next batch: queued callbacks of distinct instructions (a second one for the same waits its turn). */
  private take(): Waiting[] {
    const keys = new Set<string>();
    const batch: Waiting[] = [];
    for (let i = 0; i < this.queue.length && batch.length < CALLBACK_BATCH;) {
      const w = this.queue[i]!;
      if (keys.has(w.item.idempotencyKey)) {
        i += 1;
        continue;
      }
      keys.add(w.item.idempotencyKey);
      batch.push(w);
      this.queue.splice(i, 1);
    }
    return batch;
  }
}

const batchers = new WeakMap<Db, CallbackBatcher>();

function batcherFor(db: Db): CallbackBatcher {
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new CallbackBatcher(db)));
  return batcher;
}

/**
 * Verifies a provider callback over its raw bytes (HMAC and timestamp) and records it: finds the instruction
 * by its idempotency key (stored before the call, so a callback that overtakes the call's answer still finds
 * it), ignores an event id already applied, and records the final status through `decideRefund` under the
 * instruction's lock, together with the callbacks arriving at the same moment (one transaction for them all).
 * Transfers to a consumer's balance are instructions too and are recorded the same way.
 * The ledger entry, audit event and case notification follow in batches (`postSettledRefunds`). Payout events
 * go to settlement (`receivePayoutEvent`, deduplicated by provider event id the same way); other kinds
 * (freezes are final when their call returns) are acknowledged and ignored.
 * @throws UNAUTHENTICATED (signature missing, wrong or stale), BAD_REQUEST (body unreadable)
 */
export async function receiveProviderCallback(
  db: Db,
  provider: PaymentProvider,
  input: { headers: CallbackHeaders; rawBody: Buffer; now: Date },
): Promise<CallbackOutcome> {
  let event: ProviderEvent;
  try {
    event = provider.verifyCallback(input.headers, input.rawBody);
  } catch (error) {
    if (!(error instanceof CallbackVerificationError)) throw error;
    throw new DomainError(error.code === 'BODY_MALFORMED' ? 'BAD_REQUEST' : 'UNAUTHENTICATED', {
      message: error.message,
      userMessage: { zh: '回调验证失败', en: 'Callback verification failed' },
      extra: { reason: error.code },
    });
  }
  if (event.kind === 'payout') return receivePayoutEvent(db, event, input.now);
  // Refunds and transfers to the consumer are both refund instructions, found by their key.
  if (event.kind !== 'refund' && event.kind !== 'transfer') return 'not_ours';
  const result = await batcherFor(db).record({
    idempotencyKey: event.idempotencyKey,
    observation:
      event.status === 'succeeded'
        ? { type: 'succeeded' }
        : { type: 'failed', failureCode: event.failureCode ?? 'FAILED' },
    meta: {
      source: 'callback',
      now: input.now,
      providerRef: event.providerRef,
      providerEventId: event.eventId,
      detail: { occurredAt: event.occurredAt.toISOString() },
    },
  });
  return result.outcome === 'recorded'
    ? 'applied'
    : result.outcome === 'duplicate'
      ? 'duplicate'
      : 'not_ours';
}
