import { asc, eq, inArray } from 'drizzle-orm';
import { bulkInsert, bulkUpdate, type BulkColumn } from '../../db/bulk-insert.js';
import type { Db } from '../../db/client.js';
import { transact } from '../audit/index.js';
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
  const plan = planObservation(row, observation, meta);
  await tx.update(refundInstructions).set(plan.set).where(eq(refundInstructions.id, row.id));
  await tx.insert(refundEvents).values(plan.event);
  return plan.decision;
}

/** What recording an observation writes: the decision, the row's new values and its history event. */
function planObservation(row: RefundInstructionRow, observation: RefundObservation, meta: ObservationMeta) {
  const state = { status: row.status as RefundInstructionStatus, attempts: row.attempts };
  const decision = decideRefund(state, observation, meta.now, meta.jitter ?? 0);
  const set = {
    status: decision.status,
    attempts: decision.attempts,
    nextAttemptAt: nextAttempt(row, decision, meta.now, meta.source),
    providerRef: row.providerRef ?? meta.providerRef ?? null,
    failureCode: decision.failureCode ?? row.failureCode,
    anomaly: decision.anomaly ?? row.anomaly,
    updatedAt: meta.now,
    settledAt: decision.changed && isFinal(decision.status) ? meta.now : row.settledAt,
    // A callback leaves the dispatcher's lease alone; the dispatcher releases its own.
    lockedUntil: meta.source === 'callback' ? row.lockedUntil : null,
  };
  const event = {
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
  };
  return { decision, set, event };
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

const INSTRUCTION_UPDATE_COLUMNS: BulkColumn[] = [
  ['id', 'text'],
  ['status', 'text'],
  ['attempts', 'integer'],
  ['next_attempt_at', 'timestamptz'],
  ['provider_ref', 'text'],
  ['failure_code', 'text'],
  ['anomaly', 'text'],
  ['updated_at', 'timestamptz'],
  ['settled_at', 'timestamptz'],
  ['locked_until', 'timestamptz'],
];

const EVENT_COLUMNS: BulkColumn[] = [
  ['tenant_id', 'text'],
  ['instruction_id', 'text'],
  ['type', 'text'],
  ['source', 'text'],
  ['from_status', 'text'],
  ['to_status', 'text'],
  ['detail', 'jsonb'],
  ['provider_event_id', 'text'],
  ['occurred_at', 'timestamptz'],
];

/** One observation to record: the instruction by its idempotency key, what was learnt, and its context. */
export type ObservationItem = {
  idempotencyKey: string;
  observation: RefundObservation;
  meta: ObservationMeta;
};

export type RecordOutcome =
  | { outcome: 'recorded'; decision: RefundDecision; row: RefundInstructionRow }
  | { outcome: 'duplicate' }
  | { outcome: 'missing' };

/**
 * Records observations of DISTINCT instructions in one transaction (group commit: one commit for many
 * callbacks or dispatcher answers instead of one each). The instructions are locked in id order, as every
 * batch locks them, so batches in any number of processes cannot deadlock; a provider event id already stored
 * (checked under the lock) is a duplicate delivery and changes nothing. Each observation is applied exactly as
 * {@link recordObservation} applies it alone. Results are in the order of `items`.
 */
export async function recordObservationBatch(db: Db, items: ObservationItem[]): Promise<RecordOutcome[]> {
  if (items.length === 0) return [];
  const keys = items.map((i) => i.idempotencyKey);
  if (new Set(keys).size !== keys.length) throw new Error('recordObservationBatch: one item per instruction');
  return transact(db, async (tx) => {
    const rows = await tx
      .select()
      .from(refundInstructions)
      .where(inArray(refundInstructions.idempotencyKey, keys))
      .orderBy(asc(refundInstructions.id))
      .for('update');
    const byKey = new Map(rows.map((r) => [r.idempotencyKey, r]));
    const eventIds = items.flatMap((i) => (i.meta.providerEventId ? [i.meta.providerEventId] : []));
    const seen = new Set(
      eventIds.length === 0
        ? []
        : (
            await tx
              .select({ eventId: refundEvents.providerEventId })
              .from(refundEvents)
              .where(inArray(refundEvents.providerEventId, eventIds))
          ).map((e) => e.eventId),
    );
    const results: RecordOutcome[] = [];
    const plans: ReturnType<typeof planObservation>[] = [];
    for (const item of items) {
      const row = byKey.get(item.idempotencyKey);
      if (!row) results.push({ outcome: 'missing' });
      else if (item.meta.providerEventId && seen.has(item.meta.providerEventId))
        results.push({ outcome: 'duplicate' });
      else {
        if (item.meta.providerEventId) seen.add(item.meta.providerEventId);
        const plan = planObservation(row, item.observation, item.meta);
        plans.push(plan);
        results.push({ outcome: 'recorded', decision: plan.decision, row });
      }
    }
    // Two statements for the whole batch, whatever its size.
    await bulkUpdate(
      tx,
      'refund_instructions',
      INSTRUCTION_UPDATE_COLUMNS,
      plans.map(({ event: e, set: v }) => [
        e.instructionId,
        v.status,
        v.attempts,
        v.nextAttemptAt,
        v.providerRef,
        v.failureCode,
        v.anomaly,
        v.updatedAt,
        v.settledAt,
        v.lockedUntil,
      ]),
    );
    await bulkInsert(
      tx,
      'refund_events',
      EVENT_COLUMNS,
      plans.map(({ event: e }) => [
        e.tenantId,
        e.instructionId,
        e.type,
        e.source,
        e.fromStatus,
        e.toStatus,
        e.detail,
        e.providerEventId,
        e.occurredAt,
      ]),
    );
    return results;
  });
}
