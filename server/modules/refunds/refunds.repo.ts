import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { ledgerAccounts } from '../ledger/index.js';
import { orders } from '../orders/orders.table.js';
import { refundEvents, refundInstructions } from './refunds.table.js';

export type RefundInstructionRow = typeof refundInstructions.$inferSelect;
export type RefundEventRow = typeof refundEvents.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;

/** States in which an instruction may still move money. */
export const OPEN_STATUSES = ['pending', 'sent', 'retrying'] as const;

/** The order, locked until the transaction ends: refunds on one order are checked one after another. */
export async function lockOrder(tx: Db, tenantId: string, orderId: string): Promise<OrderRow | undefined> {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, orderId)))
    .for('update');
  return row;
}

/** The instruction, locked until the transaction ends (callbacks and the dispatcher record one at a time). */
export async function lockInstruction(tx: Db, id: string): Promise<RefundInstructionRow | undefined> {
  const [row] = await tx.select().from(refundInstructions).where(eq(refundInstructions.id, id)).for('update');
  return row;
}

export async function findInstructionByKey(
  db: Db,
  idempotencyKey: string,
): Promise<RefundInstructionRow | undefined> {
  const [row] = await db
    .select()
    .from(refundInstructions)
    .where(eq(refundInstructions.idempotencyKey, idempotencyKey));
  return row;
}

/** A case's instructions in remedy order. */
export function listCaseInstructions(db: Db, tenantId: string, caseId: string) {
  return db
    .select()
    .from(refundInstructions)
    .where(and(eq(refundInstructions.tenantId, tenantId), eq(refundInstructions.caseId, caseId)))
    .orderBy(asc(refundInstructions.remedyIndex));
}

/** The history of the given instructions, oldest first. */
export async function listEvents(db: Db, instructionIds: string[]): Promise<RefundEventRow[]> {
  if (instructionIds.length === 0) return [];
  return db
    .select()
    .from(refundEvents)
    .where(inArray(refundEvents.instructionId, instructionIds))
    .orderBy(asc(refundEvents.id));
}

/**
 * What the order's refunds that have not failed hold (in flight or paid), in fen. Transfers (compensation
 * beyond the price, paid to the consumer's balance) do not come out of the payment and do not count.
 */
export async function heldOnOrder(tx: Db, tenantId: string, orderId: string): Promise<bigint> {
  const [row] = await tx
    .select({ total: sql<string>`coalesce(sum(${refundInstructions.amountFen}), 0)::text` })
    .from(refundInstructions)
    .where(
      and(
        eq(refundInstructions.tenantId, tenantId),
        eq(refundInstructions.orderId, orderId),
        eq(refundInstructions.kind, 'refund'),
        ne(refundInstructions.status, 'failed'),
      ),
    );
  return BigInt(row?.total ?? '0');
}

/**
 * How much a credit-normal account holds (0 when it has never been posted to). Callers lock the account first
 * ({@link lockAccountsInOrder}) so the answer holds until they post.
 */
export async function creditBalance(tx: Db, tenantId: string, code: string): Promise<bigint> {
  const [row] = await tx
    .select({ balanceFen: ledgerAccounts.balanceFen })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.tenantId, tenantId), eq(ledgerAccounts.code, code)));
  return row ? -row.balanceFen : 0n;
}

/**
 * Locks the tenant's existing ledger accounts among `codes`, in code order — the order postEntry locks in. A
 * transaction that posts several entries takes all their accounts up front this way, so it never holds one
 * account while waiting for another that sorts before it (the deadlock two single entries cannot have).
 */
export async function lockAccountsInOrder(tx: Db, tenantId: string, codes: string[]): Promise<void> {
  await tx
    .select({ id: ledgerAccounts.id })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.tenantId, tenantId), inArray(ledgerAccounts.code, [...new Set(codes)])))
    .orderBy(asc(ledgerAccounts.code))
    .for('update');
}
