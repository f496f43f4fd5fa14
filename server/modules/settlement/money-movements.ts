import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { journalEntries, ledgerAccounts, postings } from '../ledger/index.js';
import type { PayoutRow } from './payouts.js';
import { payouts } from './settlement.table.js';

// The lists are for reading on a page, newest first; older movements stay in the ledger and the audit trail.
const MOVEMENTS_LIMIT = 100;

/** A payment into a merchant's deposit, as the ledger holds it. */
export type DepositTopUp = { entryId: string; reference: string; amountFen: bigint; occurredAt: Date };

/**
 * A merchant's money movements to show it: its payouts (settlement paid to its account, with their provider
 * status) and the payments into its deposit, newest first, at most 100 of each. The merchant must exist
 * (callers check visibility first).
 */
export async function merchantMovements(
  db: Db,
  tenantId: string,
  merchantId: string,
): Promise<{ payouts: PayoutRow[]; topUps: DepositTopUp[] }> {
  const keyPrefix = `deposit-top-up:${merchantId}:`;
  const [payoutRows, topUpRows] = await Promise.all([
    db
      .select()
      .from(payouts)
      .where(and(eq(payouts.tenantId, tenantId), eq(payouts.merchantId, merchantId)))
      .orderBy(desc(payouts.createdAt), desc(payouts.id))
      .limit(MOVEMENTS_LIMIT),
    db
      .select({
        entryId: journalEntries.id,
        key: journalEntries.idempotencyKey,
        amountFen: postings.amountFen,
        occurredAt: journalEntries.occurredAt,
      })
      .from(journalEntries)
      .innerJoin(postings, eq(postings.entryId, journalEntries.id))
      .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, postings.accountId))
      .where(
        and(
          eq(journalEntries.tenantId, tenantId),
          eq(journalEntries.kind, 'deposit_top_up'),
          eq(ledgerAccounts.code, `merchant_deposit:${merchantId}`),
        ),
      )
      .orderBy(desc(journalEntries.occurredAt), desc(journalEntries.id))
      .limit(MOVEMENTS_LIMIT),
  ]);
  return {
    payouts: payoutRows,
    // The deposit is a liability: a payment into it is a credit (negative posting).
    topUps: topUpRows.map((r) => ({
      entryId: r.entryId,
      reference: r.key.startsWith(keyPrefix) ? r.key.slice(keyPrefix.length) : r.key,
      amountFen: -r.amountFen,
      occurredAt: r.occurredAt,
    })),
  };
}
