import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { appendAudit } from '../audit/index.js';
import { enqueueJobs } from '../jobs/jobs.js';
import { postEntry } from '../ledger/index.js';
import {
  decideRefund,
  type RefundDecision,
  type RefundInstructionStatus,
  type RefundObservation,
} from '../payments/index.js';
import { listCaseInstructions, type RefundInstructionRow } from './refunds.repo.js';
import { refundEvents, refundInstructions } from './refunds.table.js';

/** How long a `sent` instruction waits for its callback before the dispatcher asks the provider (getStatus). */
export const RECONCILE_AFTER_MS = 10 * 60_000;

/** The job the cases module runs when every refund of a case succeeded (it marks the case executed). */
export const REFUNDS_SETTLED_JOB = 'case.refunds_settled';

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
 * locked by the caller: `decideRefund` says the new state; the row, its history event, the ledger (paid, or
 * released back to where it was funded from) and the audit trail change together. Final states never change.
 * Releases the dispatcher's lease when the dispatcher records. Returns the decision.
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
  if (decision.changed && isFinal(decision.status)) await settle(tx, row, decision, meta.now);
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

/** A final status: move the money in the ledger, audit it, and tell the case when all its refunds are paid. */
async function settle(tx: Db, row: RefundInstructionRow, d: RefundDecision, now: Date): Promise<void> {
  const paid = d.status === 'succeeded';
  await appendAudit(
    tx,
    {
      tenantId: row.tenantId,
      actor: SYSTEM_ACTOR,
      action: paid ? 'refund.succeeded' : 'refund.failed',
      target: { type: 'refund_instruction', id: row.id },
      caseId: row.caseId,
      summary: { amountFen: row.amountFen.toString(), failureCode: d.failureCode ?? null },
      partyVisible: true,
    },
    now,
  );
  const all = paid ? await listCaseInstructions(tx, row.tenantId, row.caseId) : [];
  if (paid && all.every((i) => i.id === row.id || i.status === 'succeeded'))
    await enqueueJobs(
      tx,
      [
        {
          tenantId: row.tenantId,
          kind: REFUNDS_SETTLED_JOB,
          dedupeKey: `case:${row.caseId}:refunds_settled`,
          payload: { caseId: row.caseId },
          runAt: now,
        },
      ],
      now,
    );
  // Last: the ledger's tenant-wide accounts stay locked from here to the commit, so keep that short.
  if (row.fundedFrom !== 'none') {
    await postEntry(
      tx,
      {
        tenantId: row.tenantId,
        idempotencyKey: `refund:${row.id}:${paid ? 'paid' : 'released'}`,
        kind: paid ? 'refund.paid' : 'refund.released',
        caseId: row.caseId,
        orderId: row.orderId,
        memo: paid
          ? `退款已原路退回 / refunded along the original route (${row.remedy})`
          : `退款失败，款项退回 ${row.fundedFrom} / refund failed, money returned`,
        lines: paid
          ? [
              { account: 'consumer_refunds_payable', amountFen: row.amountFen },
              { account: 'provider_clearing', amountFen: -row.amountFen },
            ]
          : [
              { account: 'consumer_refunds_payable', amountFen: row.amountFen },
              { account: row.fundedFrom, amountFen: -row.amountFen },
            ],
        actor: SYSTEM_ACTOR,
      },
      now,
    );
  }
}

/** Whether a provider event id was applied already (callbacks arrive more than once). */
export async function seenProviderEvent(tx: Db, instructionId: string, eventId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: refundEvents.id })
    .from(refundEvents)
    .where(and(eq(refundEvents.instructionId, instructionId), eq(refundEvents.providerEventId, eventId)));
  return Boolean(row);
}
