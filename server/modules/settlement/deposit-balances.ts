import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { ledgerAccounts } from '../ledger/index.js';

const depositAccount = (merchantId: string) => `merchant_deposit:${merchantId}`;

/**
 * Merchants' deposits (保证金) as the ledger holds them — the `merchant_deposit:<m>` balances, a liability, so
 * credit-negative — in one query for a page of merchants; a merchant whose deposit never moved holds 0.
 */
export async function depositBalances(
  db: Db,
  tenantId: string,
  merchantIds: string[],
): Promise<Map<string, bigint>> {
  const deposits = new Map(merchantIds.map((id) => [id, 0n]));
  if (merchantIds.length === 0) return deposits;
  const rows = await db
    .select({ code: ledgerAccounts.code, fen: ledgerAccounts.balanceFen })
    .from(ledgerAccounts)
    .where(
      and(
        eq(ledgerAccounts.tenantId, tenantId),
        inArray(ledgerAccounts.code, merchantIds.map(depositAccount)),
      ),
    );
  for (const r of rows) deposits.set(r.code.slice(depositAccount('').length), -r.fen);
  return deposits;
}
