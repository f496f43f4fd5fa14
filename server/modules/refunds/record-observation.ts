import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  decideRefund,
  type RefundDecision,
  type RefundInstructionStatus,
  type RefundObservation,
} from '../payments/index.js';
import type { RefundInstructionRow } from './refunds.repo.js';
import { refundEvents, refundInstructions } from './refunds.table.js';

/** How long a `sent` instruction waits for its callback before the dispatcher asks the provider (getStatus). */
export const RECONCILE_AFTER_MS = 10 * 60_000;

/** Where an observation came from, for the history. */
export type ObservationSource = 'dispatch' | 'reconcile' | 'callback';

export type ObservationMeta = {
  source: ObservationSource;
  now: Date;
  providerRef?: string;
  providerEventId?: string;
  /** In [0, 1): spreads retries of a mass re-issue. */
  jitter?: number;
  detail?: Record<string, unknown>;
};

/**
 * Applies what Accord learnt about an instruction, in the caller's transaction, with the instruction row
 * locked by the caller: `decideRefund` says the new state; the row and its history event change together.
 * Final states never change. A final state is only recorded here (`settled_at` set, `posted_at` still null):
 * its ledger entry, audit event and the case's notification follow in a batch (`postSettledRefunds`), so a
 * callback never waits for the tenant's hot ledger accounts. Releases the dispatcher's lease when the
 * dispatcher records. Returns the decision.
 */
export async function recordObservation(
  tx: Db,
  row: RefundInstructionRow,
  observation: RefundObservation,
  meta: ObservationMeta,
): Promise<RefundDecision> {
  const state = { status: row.status as RefundInstructionStatus, attempts: row.attempts };
  const decision = decideRefund(state, observation, meta.now, meta.jitter ?? 0);
  const nextAttemptAt = nextAttempt(row, decision, meta.now, meta.source);
  await tx
    .update(refundInstructions)
    .set({
      status: decision.status,
      attempts: decision.attempts,
      nextAttemptAt,
      providerRef: row.providerRef ?? meta.providerRef ?? null,
      failureCode: decision.failureCode ?? row.failureCode,
      anomaly: decision.anomaly ?? row.anomaly,
      updatedAt: meta.now,
      settledAt: decision.changed && isFinal(decision.status) ? meta.now : row.settledAt,
      ...(meta.source === 'callback' ? {} : { lockedUntil: null }),
    })
    .where(eq(refundInstructions.id, row.id));
  await tx.insert(refundEvents).values({
    tenantId: row.tenantId,
    instructionId: row.id,
    type: decision.anomaly ? 'anomaly' : decision.changed ? 'transition' : 'observed',
    source: meta.source,
    fromStatus: row.status,
    toStatus: decision.status,
    detail: {
      observation,
      ...(decision.anomaly ? { anomaly: decision.anomaly } : {}),
      ...(meta.providerRef ? { providerRef: meta.providerRef } : {}),
      ...meta.detail,
    },
    providerEventId: meta.providerEventId ?? null,
    occurredAt: meta.now,
  });
  return decision;
}

function isFinal(status: string): boolean {
  return status === 'succeeded' || status === 'failed';
}

function nextAttempt(
  row: RefundInstructionRow,
  d: RefundDecision,
  now: Date,
  source: ObservationSource,
): Date | null {
  // A contradiction stops automatic sending: a person reconciles.
  if (d.anomaly) return null;
  if (isFinal(d.status)) return null;
  // Sent: wait for the callback; ask the provider if none came (again after each inconclusive answer).
  if (d.status === 'sent')
    return d.changed || source === 'reconcile'
      ? new Date(now.getTime() + RECONCILE_AFTER_MS)
      : row.nextAttemptAt;
  return d.nextAttemptAt ?? row.nextAttemptAt;
}

/** Whether a provider event id was applied already (callbacks arrive more than once). */
export async function seenProviderEvent(tx: Db, instructionId: string, eventId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: refundEvents.id })
    .from(refundEvents)
    .where(and(eq(refundEvents.instructionId, instructionId), eq(refundEvents.providerEventId, eventId)));
  return Boolean(row);
}
