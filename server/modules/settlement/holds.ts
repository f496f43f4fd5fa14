import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { DomainError, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { appendAudit, type ActorSnapshot } from '../audit/index.js';
import { summarizeHolds, type HoldSummary } from './settlement-rules.js';
import { settlementHolds } from './settlement.table.js';

export type HoldRow = typeof settlementHolds.$inferSelect;
export type MoneyContext = { tenantId: string; actor: ActorSnapshot; now: Date; requestId?: string };

/** A merchant's active holds, newest first. */
export function activeHolds(db: Db, tenantId: string, merchantId: string): Promise<HoldRow[]> {
  return db
    .select()
    .from(settlementHolds)
    .where(
      and(
        eq(settlementHolds.tenantId, tenantId),
        eq(settlementHolds.merchantId, merchantId),
        eq(settlementHolds.status, 'active'),
      ),
    )
    .orderBy(desc(settlementHolds.createdAt));
}

/** The merchant-wide holds (not tied to one event's escrow), summed. */
export async function merchantHolds(db: Db, tenantId: string, merchantId: string): Promise<HoldSummary> {
  const rows = await db
    .select({ amountFen: settlementHolds.amountFen })
    .from(settlementHolds)
    .where(
      and(
        eq(settlementHolds.tenantId, tenantId),
        eq(settlementHolds.merchantId, merchantId),
        eq(settlementHolds.status, 'active'),
        isNull(settlementHolds.eventId),
      ),
    );
  return summarizeHolds(rows);
}

/** Places a hold (audited in the caller's transaction). `amountFen` null freezes everything. */
export async function placeHold(
  tx: Db,
  input: {
    merchantId: string;
    eventId?: string | null;
    recoveryId?: string | null;
    caseId?: string | null;
    amountFen: bigint | null;
    reason: string;
  },
  ctx: MoneyContext,
): Promise<HoldRow> {
  if (input.amountFen !== null && input.amountFen <= 0n)
    throw new DomainError('VALIDATION_FAILED', {
      fields: [
        { path: 'amountFen', code: 'too_small', message: { zh: '金额须大于 0', en: 'must be positive' } },
      ],
    });
  const [hold] = (await tx
    .insert(settlementHolds)
    .values({
      id: newId('hold', ctx.now.getTime()),
      tenantId: ctx.tenantId,
      merchantId: input.merchantId,
      eventId: input.eventId ?? null,
      recoveryId: input.recoveryId ?? null,
      caseId: input.caseId ?? null,
      amountFen: input.amountFen,
      reason: input.reason,
      status: 'active',
      actor: ctx.actor,
      createdAt: ctx.now,
    })
    .returning()) as [HoldRow];
  await audit(tx, hold, 'settlement.hold_placed', ctx);
  return hold;
}

/**
 * Releases an active hold.
 * @throws NOT_FOUND (no such hold in the tenant), CONFLICT (already released)
 */
export async function releaseHold(tx: Db, holdId: string, ctx: MoneyContext): Promise<HoldRow> {
  const [hold] = await tx
    .select()
    .from(settlementHolds)
    .where(and(eq(settlementHolds.tenantId, ctx.tenantId), eq(settlementHolds.id, holdId)))
    .for('update');
  if (!hold) throw notFound({ zh: '冻结记录不存在', en: 'Hold not found' });
  if (hold.status !== 'active')
    throw new DomainError('CONFLICT', {
      userMessage: { zh: '该冻结已解除', en: 'The hold was already released' },
    });
  const [released] = (await tx
    .update(settlementHolds)
    .set({ status: 'released', releasedAt: ctx.now })
    .where(eq(settlementHolds.id, hold.id))
    .returning()) as [HoldRow];
  await audit(tx, released, 'settlement.hold_released', ctx);
  return released;
}

function audit(tx: Db, hold: HoldRow, action: string, ctx: MoneyContext) {
  return appendAudit(
    tx,
    {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action,
      target: { type: 'settlement_hold', id: hold.id },
      caseId: hold.caseId,
      summary: {
        merchantId: hold.merchantId,
        eventId: hold.eventId,
        recoveryId: hold.recoveryId,
        amountFen: hold.amountFen,
        reason: hold.reason,
      },
      requestId: ctx.requestId ?? null,
    },
    ctx.now,
  );
}
