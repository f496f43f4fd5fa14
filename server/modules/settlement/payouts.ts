import { and, eq, inArray, lt, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { newId } from '../../lib/ids.js';
import { appendAudit, transact } from '../audit/index.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { postEntry } from '../ledger/index.js';
import {
  decideRefund,
  ProviderRejectedError,
  ProviderUnknownOutcomeError,
  type OperationResult,
  type PaymentProvider,
  type ProviderEvent,
  type RefundObservation,
} from '../payments/index.js';
import { transfer } from './collect.js';
import type { MoneyContext } from './holds.js';
import { payoutEvents, payouts } from './settlement.table.js';

export type PayoutRow = typeof payouts.$inferSelect;

/** The reason of a payout that returns deposit money (the rest pay out pending settlement). */
export const DEPOSIT_WITHDRAWAL = 'deposit_withdrawal';

/** The ledger account a payout's money leaves (and a failed payout's reversal returns to). */
export const payoutSource = (p: { reason: string; merchantId: string }) =>
  p.reason === DEPOSIT_WITHDRAWAL ? `merchant_deposit:${p.merchantId}` : `merchant_pending:${p.merchantId}`;

/** The provider's name for a merchant's settlement account. */
export const merchantAccountRef = (merchantId: string) => `merchant:${merchantId}`;

/**
 * Records a payout instruction in the caller's transaction: the row with its idempotency key, and the ledger
 * entry taking the amount out of the merchant's pending settlement — or its deposit for a
 * {@link DEPOSIT_WITHDRAWAL} — to provider clearing, both before any
 * provider call. The same `key` again returns the first instruction (concurrent schedulers: the unique key
 * lets one through). Nothing for an amount of zero.
 */
export async function instructPayout(
  tx: Db,
  input: { merchantId: string; reason: string; sourceId: string; amountFen: bigint; key: string },
  ctx: MoneyContext,
): Promise<PayoutRow | null> {
  if (input.amountFen <= 0n) return null;
  const idempotencyKey = `payout:${input.key}`;
  const [row] = await tx
    .insert(payouts)
    .values({
      id: newId('po', ctx.now.getTime()),
      tenantId: ctx.tenantId,
      merchantId: input.merchantId,
      idempotencyKey,
      reason: input.reason,
      sourceId: input.sourceId,
      amountFen: input.amountFen,
      merchantAccountRef: merchantAccountRef(input.merchantId),
      status: 'pending',
      nextAttemptAt: ctx.now,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    const [existing] = await tx
      .select()
      .from(payouts)
      .where(and(eq(payouts.tenantId, ctx.tenantId), eq(payouts.idempotencyKey, idempotencyKey)));
    return existing ?? null;
  }
  const { entry } = await postEntry(
    tx,
    {
      tenantId: ctx.tenantId,
      idempotencyKey,
      kind: 'payout',
      lines: transfer(payoutSource(input), 'provider_clearing', input.amountFen),
      memo: `payout ${input.reason} ${input.sourceId}`,
      actor: ctx.actor,
    },
    ctx.now,
  );
  const [done] = (await tx
    .update(payouts)
    .set({ entryId: entry.id })
    .where(eq(payouts.id, row.id))
    .returning()) as [PayoutRow];
  await audit(tx, done, 'payout.instructed', ctx, {});
  return done;
}

// How long a claimed payout is left alone before another sender may try it (its call is in flight).
const SEND_LEASE_MS = 5 * 60_000;

/**
 * Sends due payouts (pending, or retrying whose time has come) through the provider, each under its stored
 * key, and applies the answer. Rows are claimed with FOR UPDATE SKIP LOCKED under a lease, so concurrent
 * senders never send the same payout at once; a crash leaves the row to be re-sent after the lease, under the
 * same key, and the provider's memory answers.
 */
export async function sendDuePayouts(
  db: Db,
  provider: PaymentProvider,
  opts: { now: () => Date; callbackUrl: string; limit?: number },
): Promise<{ sent: number }> {
  const now = opts.now();
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: payouts.id })
      .from(payouts)
      .where(and(inArray(payouts.status, ['pending', 'retrying']), lte(payouts.nextAttemptAt, now)))
      .limit(opts.limit ?? 50)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(payouts)
      .set({ nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS) })
      .where(
        inArray(
          payouts.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
  for (const p of claimed) {
    const observation = await call(() =>
      provider.payout({
        idempotencyKey: p.idempotencyKey,
        merchantAccountRef: p.merchantAccountRef,
        amountFen: p.amountFen,
        memo: `${p.reason} ${p.sourceId}`,
        callbackUrl: opts.callbackUrl,
      }),
    );
    await applyPayoutObservation(db, p.tenantId, p.idempotencyKey, observation, opts.now());
  }
  return { sent: claimed.length };
}

// A payout sent this long ago without a final status is asked about (its callback may have been lost).
const RECONCILE_AFTER_MS = 10 * 60_000;

/** Asks the provider where long-sent payouts stand (a lost callback) and applies the answer. */
export async function reconcilePayouts(
  db: Db,
  provider: PaymentProvider,
  opts: { now: () => Date; limit?: number },
): Promise<number> {
  const open = await db
    .select()
    .from(payouts)
    .where(
      and(
        eq(payouts.status, 'sent'),
        lt(payouts.updatedAt, new Date(opts.now().getTime() - RECONCILE_AFTER_MS)),
      ),
    )
    .limit(opts.limit ?? 100);
  for (const p of open) {
    const observation = await call(async () => {
      const s = await provider.getStatus({ idempotencyKey: p.idempotencyKey });
      return { providerRef: s.providerRef, status: s.status, failureCode: s.failureCode, replayed: true };
    });
    await applyPayoutObservation(db, p.tenantId, p.idempotencyKey, observation, opts.now());
  }
  return open.length;
}

type Observed = { observation: RefundObservation; providerRef?: string };

async function call(fn: () => Promise<OperationResult>): Promise<Observed> {
  try {
    const r = await fn();
    const observation: RefundObservation =
      r.status === 'failed' ? { type: 'failed', failureCode: r.failureCode ?? 'FAILED' } : { type: r.status };
    return { observation, providerRef: r.providerRef };
  } catch (error) {
    if (error instanceof ProviderRejectedError) {
      if (error.code === 'OPERATION_NOT_FOUND') return { observation: { type: 'not_found' } };
      return { observation: { type: 'rejected', code: error.code, retryable: error.retryable } };
    }
    if (error instanceof ProviderUnknownOutcomeError) return { observation: { type: 'unknown' } };
    throw error;
  }
}

/**
 * Applies what was learnt about a payout (its call's answer, a callback, getStatus) by the refund-instruction
 * lifecycle: final states never change; a definite failure posts the reversing entry, so the money is back in
 * the merchant's pending settlement for the next payout.
 */
export async function applyPayoutObservation(
  db: Db,
  tenantId: string,
  idempotencyKey: string,
  observed: Observed,
  now: Date,
): Promise<PayoutRow | undefined> {
  return transact(db, async (tx) => {
    const p = await lockPayout(tx, idempotencyKey, tenantId);
    return p ? applyToLocked(tx, p, observed, now) : undefined;
  });
}

/**
 * Applies a verified provider callback about a payout (the callback route dispatches `payout` events here):
 * finds the payout by its key (stored before the call, so a callback that overtakes the call's answer still
 * finds it), records the event id once — a repeated or racing delivery is a `duplicate` that changes nothing
 * — and applies the final status as {@link applyPayoutObservation} does, all in one transaction.
 */
export async function receivePayoutEvent(
  db: Db,
  event: ProviderEvent,
  now: Date,
): Promise<'applied' | 'duplicate' | 'not_ours'> {
  return transact(db, async (tx) => {
    const p = await lockPayout(tx, event.idempotencyKey);
    if (!p) return 'not_ours';
    const [fresh] = await tx
      .insert(payoutEvents)
      .values({
        id: newId('poe', now.getTime()),
        tenantId: p.tenantId,
        payoutId: p.id,
        providerEventId: event.eventId,
        status: event.status,
        failureCode: event.failureCode ?? null,
        occurredAt: event.occurredAt,
        receivedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: payoutEvents.id });
    if (!fresh) return 'duplicate';
    await applyToLocked(
      tx,
      p,
      {
        observation:
          event.status === 'succeeded'
            ? { type: 'succeeded' }
            : { type: 'failed', failureCode: event.failureCode ?? 'FAILED' },
        providerRef: event.providerRef,
      },
      now,
    );
    return 'applied';
  });
}

/** The payout with this key, locked until the transaction ends (callbacks and senders record one at a time). */
async function lockPayout(tx: Db, idempotencyKey: string, tenantId?: string) {
  const [p] = await tx
    .select()
    .from(payouts)
    .where(
      tenantId
        ? and(eq(payouts.tenantId, tenantId), eq(payouts.idempotencyKey, idempotencyKey))
        : eq(payouts.idempotencyKey, idempotencyKey),
    )
    .limit(1)
    .for('update');
  return p;
}

async function applyToLocked(tx: Db, p: PayoutRow, observed: Observed, now: Date): Promise<PayoutRow> {
  const tenantId = p.tenantId;
  const d = decideRefund({ status: p.status as 'pending', attempts: p.attempts }, observed.observation, now);
  const ctx = { tenantId, actor: SYSTEM_ACTOR, now };
  if (d.anomaly) await audit(tx, p, 'payout.anomaly', ctx, { anomaly: d.anomaly });
  if (!d.changed) return p;
  let reversalEntryId: string | null = null;
  if (d.status === 'failed') {
    const { entry } = await postEntry(
      tx,
      {
        tenantId,
        idempotencyKey: `payout-reversal:${p.id}`,
        kind: 'payout_reversal',
        lines: transfer('provider_clearing', payoutSource(p), p.amountFen),
        memo: `payout failed: ${d.failureCode ?? ''}`,
        reverses: p.entryId,
        actor: SYSTEM_ACTOR,
      },
      now,
    );
    reversalEntryId = entry.id;
  }
  const [next] = (await tx
    .update(payouts)
    .set({
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.nextAttemptAt,
      failureCode: d.failureCode ?? p.failureCode,
      providerRef: observed.providerRef ?? p.providerRef,
      reversalEntryId: reversalEntryId ?? p.reversalEntryId,
      updatedAt: now,
    })
    .where(eq(payouts.id, p.id))
    .returning()) as [PayoutRow];
  await audit(tx, next, `payout.${d.status}`, ctx, { from: p.status });
  return next;
}

function audit(tx: Db, p: PayoutRow, action: string, ctx: MoneyContext, extra: Record<string, unknown>) {
  return appendAudit(
    tx,
    {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action,
      target: { type: 'payout', id: p.id },
      summary: {
        merchantId: p.merchantId,
        amountFen: p.amountFen,
        reason: p.reason,
        sourceId: p.sourceId,
        status: p.status,
        failureCode: p.failureCode,
        ...extra,
      },
      requestId: ctx.requestId ?? null,
    },
    ctx.now,
  );
}
