import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { newId } from '../../lib/ids.js';
import type { ActorSnapshot } from '../audit/index.js';
import { postEntry, type EntryLine } from '../ledger/index.js';
import { eventSettlements } from './settlement.table.js';

/** What collection needs of an order (the orders module passes its row). */
export type CollectedOrder = {
  id: string;
  tenantId: string;
  merchantId: string;
  eventId: string | null;
  totalFen: bigint;
  refundedFen: bigint;
};

type Ctx = { actor: ActorSnapshot; now: Date };

/** Where an order's money waits: the event's ticket escrow, or the merchant's pending settlement. */
export function holdingAccount(order: Pick<CollectedOrder, 'merchantId' | 'eventId'>): string {
  return order.eventId ? `ticket_escrow:${order.eventId}` : `merchant_pending:${order.merchantId}`;
}

/** Two lines: `fen` debited to one account and credited to the other (a negative `fen` reverses them). */
export const transfer = (debit: string, credit: string, fen: bigint): EntryLine[] => [
  { account: debit, amountFen: fen },
  { account: credit, amountFen: -fen },
];

/**
 * Posts an order's payment and the refunds the marketplace reports, inside the order upsert's transaction:
 * the payment goes provider_clearing → ticket escrow (ticket orders) or merchant pending settlement; a grown
 * `refundedFen` goes back out. Each step's key carries the amount it brings the order to
 * (`collect:<order>`, `collect:<order>:<total>`, `order-refund:<order>:<refunded>`), so re-sending an order
 * posts nothing twice. A ticket order's first collection schedules its event's settlement.
 * @throws UNPROCESSABLE when a refund would take more than the holding account has (the ledger refuses)
 */
export async function recordCollection(
  tx: Db,
  order: CollectedOrder,
  before: Pick<CollectedOrder, 'totalFen' | 'refundedFen'> | null,
  ctx: Ctx,
): Promise<void> {
  const holding = holdingAccount(order);
  const post = (key: string, kind: string, lines: EntryLine[], memo: string) =>
    postEntry(
      tx,
      {
        tenantId: order.tenantId,
        idempotencyKey: key,
        kind,
        lines,
        memo,
        orderId: order.id,
        actor: ctx.actor,
      },
      ctx.now,
    );
  const totalDelta = order.totalFen - (before?.totalFen ?? 0n);
  if (totalDelta !== 0n) {
    const key = before ? `collect:${order.id}:${order.totalFen}` : `collect:${order.id}`;
    await post(key, 'collection', transfer('provider_clearing', holding, totalDelta), 'order payment');
  }
  const refundDelta = order.refundedFen - (before?.refundedFen ?? 0n);
  if (refundDelta > 0n) {
    const from = await refundSource(tx, order);
    await post(
      `order-refund:${order.id}:${order.refundedFen}`,
      'order_refund',
      transfer(from, 'provider_clearing', refundDelta),
      'refund reported by the marketplace',
    );
  }
  if (order.eventId && !before) {
    await tx
      .insert(eventSettlements)
      .values({
        id: newId('stl', ctx.now.getTime()),
        tenantId: order.tenantId,
        eventId: order.eventId,
        merchantId: order.merchantId,
        status: 'scheduled',
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .onConflictDoNothing();
  }
}

// A ticket refund after its event settled comes out of the organizer's pending settlement.
async function refundSource(tx: Db, order: CollectedOrder): Promise<string> {
  if (!order.eventId) return holdingAccount(order);
  const [s] = await tx
    .select({ status: eventSettlements.status })
    .from(eventSettlements)
    .where(and(eq(eventSettlements.tenantId, order.tenantId), eq(eventSettlements.eventId, order.eventId)));
  return s?.status === 'settled' ? `merchant_pending:${order.merchantId}` : holdingAccount(order);
}
