import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { balanceAllowed } from './accounts.js';

export type LedgerProblem = { tenantId: string; problem: string };

/**
 * Proves the ledger's invariants from the rows themselves: every entry's postings sum to zero and it has at
 * least two; every account's stored balance equals the sum of its postings; no balance sits where it must not.
 */
export async function verifyLedger(
  db: Db,
): Promise<{ ok: boolean; entries: number; accounts: number; problems: LedgerProblem[] }> {
  const problems: LedgerProblem[] = [];
  const unbalanced = await queryRows<{ tenant_id: string; entry_id: string; total: string; n: number }>(
    db,
    sql`select e.tenant_id, e.id as entry_id, coalesce(sum(p.amount_fen), 0)::text as total, count(p.id)::int as n
          from journal_entries e left join postings p on p.entry_id = e.id
         group by e.tenant_id, e.id
        having coalesce(sum(p.amount_fen), 0) <> 0 or count(p.id) < 2`,
  );
  for (const u of unbalanced)
    problems.push({
      tenantId: u.tenant_id,
      problem: `entry ${u.entry_id}: ${u.n} postings summing to ${u.total}`,
    });
  const accounts = await queryRows<{ tenant_id: string; code: string; balance: string; posted: string }>(
    db,
    sql`select a.tenant_id, a.code, a.balance_fen::text as balance, coalesce(sum(p.amount_fen), 0)::text as posted
          from ledger_accounts a left join postings p on p.account_id = a.id
         group by a.id`,
  );
  for (const a of accounts) {
    if (a.balance !== a.posted)
      problems.push({
        tenantId: a.tenant_id,
        problem: `account ${a.code}: balance ${a.balance} but postings sum to ${a.posted}`,
      });
    if (!balanceAllowed(a.code, BigInt(a.posted)))
      problems.push({
        tenantId: a.tenant_id,
        problem: `account ${a.code}: balance ${a.posted} is not allowed`,
      });
  }
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from journal_entries`);
  return { ok: problems.length === 0, entries: count?.n ?? 0, accounts: accounts.length, problems };
}
