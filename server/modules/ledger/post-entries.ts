import { and, eq, inArray, sql } from 'drizzle-orm';
import { bulkInsert, type BulkColumn } from '../../db/bulk-insert.js';
import type { Db } from '../../db/client.js';
import { DomainError } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { balanceAllowed } from './accounts.js';
import { journalEntries, ledgerAccounts } from './ledger.table.js';
import { checkLines, fingerprint, newAccountRow, type PostEntryInput } from './post-entry.js';

const CHUNK = 5000;

const ENTRY_COLUMNS: BulkColumn[] = [
  ['id', 'text'],
  ['tenant_id', 'text'],
  ['idempotency_key', 'text'],
  ['request_hash', 'text'],
  ['kind', 'text'],
  ['case_id', 'text'],
  ['order_id', 'text'],
  ['memo', 'text'],
  ['reverses', 'text'],
  ['actor', 'jsonb'],
  ['occurred_at', 'timestamptz'],
];

/**
 * Posts many entries of one tenant in the caller's transaction with a fixed number of statements per 5,000
 * entries (mass refunds): the same rules as {@link postEntry} — lines sum to zero, idempotent per key (a key
 * already posted with the same lines is skipped, with other lines refused), balances updated under row locks
 * taken in code order and never where they must not go. The caller writes one audit event for the batch.
 * @throws UNPROCESSABLE, IDEMPOTENCY_KEY_REUSED
 * @returns how many entries were new
 */
export async function postEntries(
  tx: Db,
  tenantId: string,
  inputs: Omit<PostEntryInput, 'tenantId'>[],
  now: Date,
): Promise<number> {
  if (inputs.length === 0) return 0;
  const prepared = inputs.map((input) => {
    const problem = checkLines(input.lines);
    if (problem) throw new DomainError('UNPROCESSABLE', { message: `${input.idempotencyKey}: ${problem}` });
    return {
      input,
      id: newId('je', now.getTime()),
      requestHash: fingerprint({ ...input, tenantId }),
    };
  });
  const fresh = new Set<string>();
  for (let i = 0; i < prepared.length; i += CHUNK) {
    const chunk = prepared.slice(i, i + CHUNK);
    const inserted = await bulkInsert(
      tx,
      'journal_entries',
      ENTRY_COLUMNS,
      chunk.map((p) => [
        p.id,
        tenantId,
        p.input.idempotencyKey,
        p.requestHash,
        p.input.kind,
        p.input.caseId ?? null,
        p.input.orderId ?? null,
        p.input.memo,
        p.input.reverses ?? null,
        p.input.actor,
        now,
      ]),
      { onConflictDoNothing: true, returning: 'id' },
    );
    for (const id of inserted) fresh.add(id as string);
    const replays = chunk.filter((p) => !fresh.has(p.id));
    if (replays.length > 0) await checkReplays(tx, tenantId, replays);
  }
  const posted = prepared.filter((p) => fresh.has(p.id));
  if (posted.length === 0) return 0;
  const delta = new Map<string, bigint>();
  for (const p of posted)
    for (const l of p.input.lines) delta.set(l.account, (delta.get(l.account) ?? 0n) + l.amountFen);
  const ids = await applyBalances(tx, tenantId, delta, now);
  await bulkInsert(
    tx,
    'postings',
    [
      ['tenant_id', 'text'],
      ['entry_id', 'text'],
      ['account_id', 'text'],
      ['amount_fen', 'bigint'],
    ],
    posted.flatMap((p) => p.input.lines.map((l) => [tenantId, p.id, ids.get(l.account)!, l.amountFen])),
  );
  return posted.length;
}

async function checkReplays(
  tx: Db,
  tenantId: string,
  replays: { input: { idempotencyKey: string }; requestHash: string }[],
): Promise<void> {
  const hashOf = await postedKeys(
    tx,
    tenantId,
    replays.map((r) => r.input.idempotencyKey),
  );
  const clash = replays.find((r) => hashOf.get(r.input.idempotencyKey) !== r.requestHash);
  if (clash)
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', {
      message: `ledger key ${clash.input.idempotencyKey} was used for another entry`,
    });
}

/** Creates missing accounts, locks them in code order and applies the net change of each, checked. */
async function applyBalances(
  tx: Db,
  tenantId: string,
  delta: Map<string, bigint>,
  now: Date,
): Promise<Map<string, string>> {
  const codes = [...delta.keys()].sort();
  await tx
    .insert(ledgerAccounts)
    .values(codes.map((code) => newAccountRow(tenantId, code, now)))
    .onConflictDoNothing();
  const accounts = await tx
    .select()
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.tenantId, tenantId), inArray(ledgerAccounts.code, codes)))
    .orderBy(ledgerAccounts.code)
    .for('update');
  for (const a of accounts) {
    const next = a.balanceFen + delta.get(a.code)!;
    if (!balanceAllowed(a.code, next))
      throw new DomainError('UNPROCESSABLE', { message: `${a.code} would go to ${next} fen` });
    await tx
      .update(ledgerAccounts)
      .set({ balanceFen: next, version: sql`${ledgerAccounts.version} + 1` })
      .where(eq(ledgerAccounts.id, a.id));
  }
  return new Map(accounts.map((a) => [a.code, a.id]));
}

/** Which of `keys` the tenant's journal already holds, each with its entry's request hash. */
export async function postedKeys(tx: Db, tenantId: string, keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const existing = await tx
    .select({ key: journalEntries.idempotencyKey, hash: journalEntries.requestHash })
    .from(journalEntries)
    .where(and(eq(journalEntries.tenantId, tenantId), inArray(journalEntries.idempotencyKey, keys)));
  return new Map(existing.map((e) => [e.key, e.hash]));
}
