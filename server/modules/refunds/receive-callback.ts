import type { Db } from '../../db/client.js';
import { DomainError } from '../../http/errors.js';
import { transact } from '../audit/index.js';
import {
  CallbackVerificationError,
  type CallbackHeaders,
  type PaymentProvider,
  type ProviderEvent,
} from '../payments/index.js';
import { receivePayoutEvent } from '../settlement/payouts.js';
import { recordObservation, seenProviderEvent } from './record-observation.js';
import { findInstructionByKey, lockInstruction } from './refunds.repo.js';

export type CallbackOutcome = 'applied' | 'duplicate' | 'not_ours';

/**
 * Verifies a provider callback over its raw bytes (HMAC and timestamp) and applies it: finds the instruction
 * by its idempotency key (stored before the call, so a callback that overtakes the call's answer still finds
 * it), ignores an event id already applied, and records the final status through `decideRefund` with its
 * ledger entry — all in one transaction. Payout events go to settlement (`receivePayoutEvent`, deduplicated the
 * same way); other kinds (freezes are final when their call returns) are acknowledged and ignored.
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
  if (event.kind !== 'refund') return 'not_ours';
  const found = await findInstructionByKey(db, event.idempotencyKey);
  if (!found) return 'not_ours';
  return transact(db, async (tx) => {
    const row = await lockInstruction(tx, found.id);
    if (!row) return 'not_ours';
    // Deliveries repeat (at least once) and race each other; the instruction lock orders them.
    if (await seenProviderEvent(tx, row.id, event.eventId)) return 'duplicate';
    await recordObservation(
      tx,
      row,
      event.status === 'succeeded'
        ? { type: 'succeeded' }
        : { type: 'failed', failureCode: event.failureCode ?? 'FAILED' },
      {
        source: 'callback',
        now: input.now,
        providerRef: event.providerRef,
        providerEventId: event.eventId,
        detail: { occurredAt: event.occurredAt.toISOString() },
      },
    );
    return 'applied';
  });
}
