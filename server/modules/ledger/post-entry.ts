import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { DomainError } from '../../http/errors.js';
import { canonicalJson } from '../../lib/canonical-json.js';
import { newId } from '../../lib/ids.js';
import { appendAudit, type ActorSnapshot } from '../audit/index.js';
import { accountSpec, balanceAllowed } from './accounts.js';
import { journalEntries, ledgerAccounts, postings } from './ledger.table.js';

export type EntryLine = { account: string; amountFen: bigint };
export type PostEntryInput = {
  tenantId: string;
  idempotencyKey: string;
  kind: string;
  lines: EntryLine[];
  memo: string;
  caseId?: string | null;
  orderId?: string | null;
  reverses?: string | null;
  actor: ActorSnapshot;
};
export type JournalEntryRow = typeof journalEntries.$inferSelect;

export function fingerprint(input: PostEntryInput): string {
  const lines = [...input.lines].sort(
    (a, b) => a.account.localeCompare(b.account) || Number(a.amountFen - b.amountFen),
  );
  return createHash('sha256')
    .update(
      canonicalJson({
        kind: input.kind,
        lines,
        caseId: input.caseId ?? null,
        orderId: input.orderId ?? null,
        reverses: input.reverses ?? null,
      }),
    )
    .digest('hex');
}

/** A new, empty account row for a code of the chart (created on first use). */
export function newAccountRow(tenantId: string, code: string, now: Date) {
  const spec = accountSpec(code)!;
  return {
    id: newId('acc', now.getTime()),
    tenantId,
    code,
    kind: spec.kind,
    normalSide: ['asset', 'expense'].includes(spec.kind) ? 'debit' : 'credit',
    allowNegative: spec.allowNegative,
    balanceFen: 0n,
    createdAt: now,
  };
}

/** Pure checks of an entry's shape: at least two non-zero lines, known accounts, summing to zero. */
export function checkLines(lines: EntryLine[]): string | null {
  if (lines.length < 2) return 'an entry needs at least two postings';
  if (lines.some((l) => l.amountFen === 0n)) return 'a posting of zero fen means nothing';
  const unknown = lines.find((l) => !accountSpec(l.account));
  if (unknown) return `unknown account ${unknown.account}`;
  const sum = lines.reduce((s, l) => s + l.amountFen, 0n);
  return sum === 0n ? null : `postings sum to ${sum}, not zero`;
}

/**
 * Posts a journal entry in the caller's transaction: postings sum to zero, balances updated under row locks
 * (taken in account-code order, so concurrent entries cannot deadlock), no balance allowed where it must not
 * go, an audit event written. The same idempotency key with the same lines returns the first entry; with
 * different lines it is refused.
 * @throws UNPROCESSABLE (bad lines, or a balance would go where it must not), IDEMPOTENCY_KEY_REUSED
 */
export async function postEntry(
  tx: Db,
  input: PostEntryInput,
  now: Date,
): Promise<{ entry: JournalEntryRow; replayed: boolean }> {
  const problem = checkLines(input.lines);
  if (problem) throw new DomainError('UNPROCESSABLE', { message: problem });
  const requestHash = fingerprint(input);
  const [inserted] = await tx
    .insert(journalEntries)
    .values({
      id: newId('je', now.getTime()),
      tenantId: input.tenantId,
      idempotencyKey: input.idempotencyKey,
      requestHash,
      kind: input.kind,
      caseId: input.caseId ?? null,
      orderId: input.orderId ?? null,
      memo: input.memo,
      reverses: input.reverses ?? null,
      actor: input.actor,
      occurredAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!inserted) {
    const [existing] = await tx
      .select()
      .from(journalEntries)
      .where(
        and(
          eq(journalEntries.tenantId, input.tenantId),
          eq(journalEntries.idempotencyKey, input.idempotencyKey),
        ),
      );
    if (!existing || existing.requestHash !== requestHash)
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', {
        message: `ledger key ${input.idempotencyKey} was used for another entry`,
      });
    return { entry: existing, replayed: true };
  }
  const byAccount = new Map<string, bigint>();
  for (const l of input.lines) byAccount.set(l.account, (byAccount.get(l.account) ?? 0n) + l.amountFen);
  const codes = [...byAccount.keys()].sort();
  await tx
    .insert(ledgerAccounts)
    .values(codes.map((code) => newAccountRow(input.tenantId, code, now)))
    .onConflictDoNothing();
  const accounts = await tx
    .select()
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.tenantId, input.tenantId), inArray(ledgerAccounts.code, codes)))
    .orderBy(ledgerAccounts.code)
    .for('update');
  for (const a of accounts) {
    const next = a.balanceFen + byAccount.get(a.code)!;
    if (!balanceAllowed(a.code, next)) {
      throw new DomainError('UNPROCESSABLE', {
        message: `${a.code} would go to ${next} fen`,
        userMessage: {
          zh: '余额不足或超出可退金额，操作未执行',
          en: `Not enough in ${a.code}; nothing was posted`,
        },
        extra: {
          account: a.code,
          balanceFen: a.balanceFen.toString(),
          changeFen: byAccount.get(a.code)!.toString(),
        },
      });
    }
    await tx
      .update(ledgerAccounts)
      .set({ balanceFen: next, version: sql`${ledgerAccounts.version} + 1` })
      .where(eq(ledgerAccounts.id, a.id));
  }
  const idOf = new Map(accounts.map((a) => [a.code, a.id]));
  await tx.insert(postings).values(
    input.lines.map((l) => ({
      tenantId: input.tenantId,
      entryId: inserted.id,
      accountId: idOf.get(l.account)!,
      amountFen: l.amountFen,
    })),
  );
  await appendAudit(
    tx,
    {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'ledger.posted',
      target: { type: 'journal_entry', id: inserted.id },
      caseId: input.caseId ?? null,
      summary: { kind: input.kind, lines: input.lines, memo: input.memo },
      partyVisible: Boolean(input.caseId),
    },
    now,
  );
  return { entry: inserted, replayed: false };
}
