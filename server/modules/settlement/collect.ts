import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { newId } from '../../lib/ids.js';
import type { ActorSnapshot } from '../audit/index.js';
import { postedKeys, postEntries, postEntry, type EntryLine, type PostEntryInput } from '../ledger/index.js';
import { drawOnMerchant } from './deposits.js';
import { balance } from './settle.js';
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
 * `refundedFen` goes back out. A refund reported after the merchant was paid out (its escrow or pending
 * settlement no longer holds it) takes what is left there, then draws on the merchant like a compensation:
 * its deposit, then the guarantee fund's advance with a recovery claim for the shortfall. Each step's key carries the amount it brings the order to
 * (`collect:<order>`, `collect:<order>:<total>`, `order-refund:<order>:<refunded>`), so re-sending an order
 * posts nothing twice. A ticket order's first collection schedules its event's settlement.
 * @throws UNPROCESSABLE FUND_SHORT when neither the merchant's money nor the fund can cover such a refund
 */
export async function recordCollection(
  tx: Db,
  order: CollectedOrder,
  before: Pick<CollectedOrder, 'totalFen' | 'refundedFen'> | null,
  ctx: Ctx,
): Promise<void> {
  const post = (entry: Omit<PostEntryInput, 'tenantId'> | null) =>
    entry ? postEntry(tx, { tenantId: order.tenantId, ...entry }, ctx.now) : null;
  await post(paymentEntry(order, before, ctx.actor));
  if (order.eventId && !before) await scheduleSettlements(tx, order.tenantId, [order], ctx.now);
  const refundDelta = order.refundedFen - (before?.refundedFen ?? 0n);
  if (refundDelta <= 0n) return;
  const from = await orderMoneyAccount(tx, order);
  // The merchant may already have been paid out: what its money here cannot cover, it owes.
  const has = -(await balance(tx, order.tenantId, from));
  const covered = has <= 0n ? 0n : has < refundDelta ? has : refundDelta;
  if (covered > 0n) await post(refundEntry(order, from, covered, ctx.actor));
  if (covered < refundDelta)
    await drawOnMerchant(
      tx,
      { tenantId: order.tenantId, actor: ctx.actor, now: ctx.now },
      {
        merchantId: order.merchantId,
        amountFen: refundDelta - covered,
        reason: `refund reported by the marketplace after the merchant was paid out (order ${order.id})`,
        reference: `order-refund:${order.id}:${order.refundedFen}`,
        payTo: 'provider_clearing',
        orderId: order.id,
      },
    );
}

/**
 * Brings orders that are not in the ledger yet (written without the order upsert: imports, tests, benches)
 * in exactly as {@link recordCollection} would have when they were reported paid, in one bulk posting: the
 * same `collect:<order>` and `order-refund:<order>:<refunded>` keys, the same settlement scheduled. Orders
 * already collected are left alone. Callers lock the orders.
 * @returns the entries posted, for callers that must know what now sits in the holding accounts
 */
export async function collectMissing(tx: Db, tenantId: string, batch: CollectedOrder[], ctx: Ctx) {
  if (batch.length === 0) return [];
  const have = await postedKeys(
    tx,
    tenantId,
    batch.map((o) => collectKey(o.id)),
  );
  const missing = batch.filter((o) => !have.has(collectKey(o.id)));
  const sources = new Map<string, string>();
  const entries: Omit<PostEntryInput, 'tenantId'>[] = [];
  for (const o of missing) {
    const sourceKey = o.eventId ?? o.merchantId;
    if (o.refundedFen > 0n && !sources.has(sourceKey)) sources.set(sourceKey, await orderMoneyAccount(tx, o));
    entries.push(...collectionEntries(o, null, sources.get(sourceKey) ?? holdingAccount(o), ctx.actor));
  }
  await postEntries(tx, tenantId, entries, ctx.now);
  await scheduleSettlements(
    tx,
    tenantId,
    missing.filter((o) => o.eventId),
    ctx.now,
  );
  return entries;
}

/** The key of an order's first collection: "is this order in the ledger?" */
const collectKey = (orderId: string) => `collect:${orderId}`;

/**
 * The entries that bring an order from `before` (null: not yet in the ledger) to its current total and
 * refunds. Each key carries the amount it brings the order to, so the same state posts nothing twice.
 */
function collectionEntries(
  order: CollectedOrder,
  before: Pick<CollectedOrder, 'totalFen' | 'refundedFen'> | null,
  refundFrom: string,
  actor: ActorSnapshot,
): Omit<PostEntryInput, 'tenantId'>[] {
  const refundDelta = order.refundedFen - (before?.refundedFen ?? 0n);
  return [
    paymentEntry(order, before, actor),
    refundDelta > 0n ? refundEntry(order, refundFrom, refundDelta, actor) : null,
  ].filter((e) => e !== null);
}

function paymentEntry(
  order: CollectedOrder,
  before: Pick<CollectedOrder, 'totalFen'> | null,
  actor: ActorSnapshot,
): Omit<PostEntryInput, 'tenantId'> | null {
  const totalDelta = order.totalFen - (before?.totalFen ?? 0n);
  if (totalDelta === 0n) return null;
  return {
    idempotencyKey: before ? `${collectKey(order.id)}:${order.totalFen}` : collectKey(order.id),
    kind: 'collection',
    lines: transfer('provider_clearing', holdingAccount(order), totalDelta),
    memo: 'order payment',
    orderId: order.id,
    actor,
  };
}

function refundEntry(
  order: CollectedOrder,
  from: string,
  fen: bigint,
  actor: ActorSnapshot,
): Omit<PostEntryInput, 'tenantId'> {
  return {
    idempotencyKey: `order-refund:${order.id}:${order.refundedFen}`,
    kind: 'order_refund',
    lines: transfer(from, 'provider_clearing', fen),
    memo: 'refund reported by the marketplace',
    orderId: order.id,
    actor,
  };
}

// A ticket order's first collection schedules its event's settlement (once per event).
async function scheduleSettlements(tx: Db, tenantId: string, ticketOrders: CollectedOrder[], now: Date) {
  const byEvent = new Map(ticketOrders.map((o) => [o.eventId!, o.merchantId]));
  if (byEvent.size === 0) return;
  await tx
    .insert(eventSettlements)
    .values(
      [...byEvent].map(([eventId, merchantId]) => ({
        id: newId('stl', now.getTime()),
        tenantId,
        eventId,
        merchantId,
        status: 'scheduled',
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoNothing();
}

/**
 * Where an order's money is now: its ticket escrow until the event settled, then (as for any other order) the
 * merchant's pending settlement. A refund comes out of it first.
 */
export async function orderMoneyAccount(tx: Db, order: CollectedOrder): Promise<string> {
  if (!order.eventId) return holdingAccount(order);
  const [s] = await tx
    .select({ status: eventSettlements.status })
    .from(eventSettlements)
    .where(and(eq(eventSettlements.tenantId, order.tenantId), eq(eventSettlements.eventId, order.eventId)));
  return s?.status === 'settled' ? `merchant_pending:${order.merchantId}` : holdingAccount(order);
}
