import { and, asc, inArray, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { appendAudit, transact, type AuditInput } from '../audit/index.js';
import { enqueueJobs } from '../jobs/jobs.js';
import { postEntries, type PostEntryInput } from '../ledger/index.js';
import type { RefundInstructionRow } from './refunds.repo.js';
import { MASS_REFUND_CLAIM_PREFIX, refundInstructions } from './refunds.table.js';

/** The job the cases module runs when every refund of a case succeeded (it marks the case executed). */
export const REFUNDS_SETTLED_JOB = 'case.refunds_settled';

/** Final instructions posted per transaction: large enough that the hot accounts are locked once per many. */
export const POST_BATCH_SIZE = 1000;

/**
 * The ledger entry a final instruction posts: paid out through the provider (a refund along the original
 * route or a transfer to the consumer's balance: both leave through provider clearing), or released back.
 */
export function settlementEntry(row: RefundInstructionRow): Omit<PostEntryInput, 'tenantId'> {
  const paid = row.status === 'succeeded';
  return {
    idempotencyKey: `refund:${row.id}:${paid ? 'paid' : 'released'}`,
    kind: paid ? 'refund.paid' : 'refund.released',
    caseId: row.caseId,
    orderId: row.orderId,
    memo: paid
      ? row.kind === 'transfer'
        ? `已打款到消费者账户余额 / transferred to the consumer's balance (${row.remedy})`
        : `退款已原路退回 / refunded along the original route (${row.remedy})`
      : `${row.kind === 'transfer' ? '打款' : '退款'}失败，款项退回 ${row.fundedFrom} / ${row.kind} failed, money returned`,
    lines: paid
      ? [
          { account: 'consumer_refunds_payable', amountFen: row.amountFen },
          { account: 'provider_clearing', amountFen: -row.amountFen },
        ]
      : [
          { account: 'consumer_refunds_payable', amountFen: row.amountFen },
          { account: row.fundedFrom, amountFen: -row.amountFen },
        ],
    actor: SYSTEM_ACTOR,
  };
}

/**
 * Applies the consequences of up to `limit` final-but-unposted instructions in ONE transaction: their ledger
 * entries through the bulk poster (one per refund, under its idempotency key, so each case still shows its
 * own movement; the tenant's hot accounts are locked and updated once per batch instead of once per refund),
 * one audit event per refund, the `refunds_settled` job of each case whose refunds have now all succeeded,
 * and `posted_at`. Rows are claimed with FOR UPDATE SKIP LOCKED, so posters in any number of processes share
 * the work without waiting for each other's rows; a poster that dies rolls back and its rows are claimed
 * again. A row is final before it is claimed and final states never change, so what is posted is what was
 * recorded; the ledger's idempotency keys would refuse a second posting anyway.
 * @returns how many instructions were posted
 */
export async function postSettledRefunds(db: Db, opts: { now: Date; limit?: number }): Promise<number> {
  return transact(db, async (tx) => {
    const rows = await tx
      .select()
      .from(refundInstructions)
      .where(
        and(isNull(refundInstructions.postedAt), inArray(refundInstructions.status, ['succeeded', 'failed'])),
      )
      .orderBy(asc(refundInstructions.settledAt))
      .limit(opts.limit ?? POST_BATCH_SIZE)
      .for('update', { skipLocked: true });
    if (rows.length === 0) return 0;
    const tenants = [...new Set(rows.map((r) => r.tenantId))].sort();
    for (const tenantId of tenants) {
      const mine = rows.filter((r) => r.tenantId === tenantId);
      await postEntries(
        tx,
        tenantId,
        mine.filter((r) => r.fundedFrom !== 'none').map(settlementEntry),
        opts.now,
      );
      await appendAudit(tx, mine.map(settlementAudit), opts.now);
      await enqueueSettledCases(tx, tenantId, mine, opts.now);
    }
    await tx
      .update(refundInstructions)
      .set({ postedAt: opts.now })
      .where(
        inArray(
          refundInstructions.id,
          rows.map((r) => r.id),
        ),
      );
    return rows.length;
  });
}

/** Posts batches until none is left (or `maxBatches` ran); returns how many instructions were posted. */
export async function drainSettledRefunds(
  db: Db,
  opts: { now: () => Date; limit?: number; maxBatches?: number },
): Promise<number> {
  const limit = opts.limit ?? POST_BATCH_SIZE;
  let total = 0;
  for (let i = 0; i < (opts.maxBatches ?? 100); i++) {
    const n = await postSettledRefunds(db, { now: opts.now(), limit });
    total += n;
    if (n < limit) break;
  }
  return total;
}

/** The refund's final state on the case's trail, with the money movement it caused. */
function settlementAudit(row: RefundInstructionRow): AuditInput {
  const paid = row.status === 'succeeded';
  const entry = row.fundedFrom === 'none' ? null : settlementEntry(row);
  return {
    tenantId: row.tenantId,
    actor: SYSTEM_ACTOR,
    action: `${row.kind}.${paid ? 'succeeded' : 'failed'}`,
    target: { type: 'refund_instruction', id: row.id },
    caseId: row.caseId,
    summary: {
      kind: row.kind,
      amountFen: row.amountFen.toString(),
      failureCode: row.failureCode ?? null,
      settledAt: row.settledAt?.toISOString() ?? null,
      ledger: entry ? { key: entry.idempotencyKey, kind: entry.kind, lines: entry.lines } : null,
    },
    partyVisible: true,
  };
}

/**
 * Queues `refunds_settled` for each case of the batch whose refunds have all succeeded. Read after the
 * batch's rows were recorded final (they were committed before being claimed), so the last refund of a case
 * to be posted always sees the others' final states, whichever poster posts it; the dedupe key makes the
 * case's job unique when two posters both see it complete.
 */
async function enqueueSettledCases(
  tx: Db,
  tenantId: string,
  rows: RefundInstructionRow[],
  now: Date,
): Promise<void> {
  const caseIds = [
    ...new Set(
      rows
        .filter((r) => r.status === 'succeeded' && !r.caseId.startsWith(`${MASS_REFUND_CLAIM_PREFIX}_`))
        .map((r) => r.caseId),
    ),
  ];
  if (caseIds.length === 0) return;
  const complete = await queryRows<{ case_id: string }>(
    tx,
    sql`select case_id from refund_instructions
         where tenant_id = ${tenantId} and case_id = any(${sql.param(caseIds)}::text[])
         group by case_id
        having bool_and(status = 'succeeded')`,
  );
  await enqueueJobs(
    tx,
    complete.map((c) => ({
      tenantId,
      kind: REFUNDS_SETTLED_JOB,
      dedupeKey: `case:${c.case_id}:refunds_settled`,
      payload: { caseId: c.case_id },
      runAt: now,
    })),
    now,
  );
}
