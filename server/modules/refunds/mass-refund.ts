import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import { bulkInsert, type BulkColumn } from '../../db/bulk-insert.js';
import type { Db } from '../../db/client.js';
import { DomainError } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { appendAudit, transact, type ActorSnapshot } from '../audit/index.js';
import { enqueueJobs } from '../jobs/jobs.js';
import { postEntries, type PostEntryInput } from '../ledger/index.js';
import { events, orders } from '../orders/orders.table.js';
import { collectMissing, orderMoneyAccount } from '../settlement/collect.js';
import { drawOnMerchant } from '../settlement/deposits.js';
import { creditBalance, lockAccountsInOrder, type OrderRow } from './refunds.repo.js';
import {
  MASS_REFUND_CLAIM_PREFIX,
  massRefundClaims,
  massRefunds,
  refundInstructions,
} from './refunds.table.js';

/**
 * Why an event's orders are refunded en masse, with the rule applied (seed 000): cancelled by the organizer
 * (§2.2) and stopped by force majeure (§2.4) refund everything paid; postponed (§2.3) refunds everyone who does
 * not keep the new date — the operation is started for those orders. Documented third-party costs that §2.4
 * allows to deduct need documents per order: they are not deducted en masse (a handler may act per case).
 */
export const MASS_REASONS = ['cancelled', 'postponed', 'force_majeure'] as const;
export type MassReason = (typeof MASS_REASONS)[number];

/** The job that tells a consumer their refund is on its way. */
export const MASS_NOTICE_JOB = 'mass_refund.notify';

export type MassRefundRow = typeof massRefunds.$inferSelect;

/** What the policy gives back on one order: everything paid that has not been refunded or is not in flight. */
export function massRefundFen(order: Pick<OrderRow, 'totalFen' | 'refundedFen'>, heldFen: bigint): bigint {
  const left = order.totalFen - order.refundedFen - heldFen;
  return left > 0n ? left : 0n;
}

/**
 * Starts (or finds) the mass refund of an event for a reason: one operation per event and reason, so starting
 * it again returns the same operation, which resumes where it stopped.
 * @throws NOT_FOUND the event is not the tenant's
 */
export async function startMassRefund(
  db: Db,
  input: { tenantId: string; eventId: string; reason: MassReason; actor: ActorSnapshot; now: Date },
): Promise<MassRefundRow> {
  return transact(db, async (tx) => {
    const [event] = await tx
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.tenantId, input.tenantId), eq(events.id, input.eventId)));
    if (!event)
      throw new DomainError('NOT_FOUND', { userMessage: { zh: '活动不存在', en: 'Event not found' } });
    const [count] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(and(eq(orders.tenantId, input.tenantId), eq(orders.eventId, input.eventId)));
    const id = newId('mrf', input.now.getTime());
    const [created] = await tx
      .insert(massRefunds)
      .values({
        id,
        tenantId: input.tenantId,
        eventId: input.eventId,
        reason: input.reason,
        status: 'running',
        totalOrders: count?.n ?? 0,
        startedBy: input.actor,
        createdAt: input.now,
        updatedAt: input.now,
      })
      .onConflictDoNothing()
      .returning();
    if (created) {
      await appendAudit(
        tx,
        {
          tenantId: input.tenantId,
          actor: input.actor,
          action: 'mass_refund.started',
          target: { type: 'mass_refund', id },
          summary: { eventId: input.eventId, reason: input.reason, orders: created.totalOrders },
        },
        input.now,
      );
      return created;
    }
    const [existing] = await tx
      .select()
      .from(massRefunds)
      .where(
        and(
          eq(massRefunds.tenantId, input.tenantId),
          eq(massRefunds.eventId, input.eventId),
          eq(massRefunds.reason, input.reason),
        ),
      );
    return existing!;
  });
}

export async function findMassRefund(
  db: Db,
  tenantId: string,
  id: string,
): Promise<MassRefundRow | undefined> {
  const [row] = await db
    .select()
    .from(massRefunds)
    .where(and(eq(massRefunds.tenantId, tenantId), eq(massRefunds.id, id)));
  return row;
}

/** Operations still running (the scheduler resumes them). */
export function listRunningMassRefunds(db: Db, limit = 10) {
  return db.select().from(massRefunds).where(eq(massRefunds.status, 'running')).limit(limit);
}

type Claim = {
  id: string;
  order: OrderRow;
  amountFen: bigint;
  instructionId: string | null;
  fundedFrom: string;
  /** Paid by a draw on the organizer (its deposit, then the fund's advance), not from the event's money. */
  drawn: boolean;
};

/**
 * Processes the next batch of an operation in one transaction: the event's orders without a claim (locked,
 * in id order), each order's refund by the rule, the ledger (collection where missing, payable), the refund
 * instructions (key and request stored before any call), the claims, the consumers' notices, the progress
 * and one audit event. A crash loses at most the uncommitted batch, which the next run redoes: none missed
 * (orders are taken in id order after the cursor the batch's own transaction moves), none doubled (claims are
 * unique per operation and order).
 */
export async function runMassRefundBatch(
  db: Db,
  id: string,
  opts: { now: Date; batchSize?: number },
): Promise<MassRefundRow> {
  const size = opts.batchSize ?? 1000;
  return transact(db, async (tx) => {
    const [op] = await tx.select().from(massRefunds).where(eq(massRefunds.id, id)).for('update');
    if (!op) throw new DomainError('NOT_FOUND');
    if (op.status !== 'running') return op;
    const batch = await tx
      .select()
      .from(orders)
      .where(
        and(
          eq(orders.tenantId, op.tenantId),
          eq(orders.eventId, op.eventId),
          // Keyset cursor: every order up to it has its claim (written in the same transaction).
          gt(orders.id, op.cursor ?? ''),
        ),
      )
      .orderBy(asc(orders.id))
      .limit(size)
      .for('update');
    const claims = batch.length > 0 ? await writeClaims(tx, op, batch, opts.now) : [];
    const instructed = claims.reduce((s, c) => s + c.amountFen, 0n);
    const done = batch.length < size;
    const [updated] = await tx
      .update(massRefunds)
      .set({
        processed: sql`${massRefunds.processed} + ${batch.length}`,
        instructedFen: sql`${massRefunds.instructedFen} + ${instructed.toString()}::bigint`,
        cursor: batch.at(-1)?.id ?? op.cursor,
        status: done ? 'done' : 'running',
        updatedAt: opts.now,
        finishedAt: done ? opts.now : null,
      })
      .where(eq(massRefunds.id, op.id))
      .returning();
    if (batch.length > 0 || done)
      await appendAudit(
        tx,
        {
          tenantId: op.tenantId,
          actor: op.startedBy as ActorSnapshot,
          action: done ? 'mass_refund.finished' : 'mass_refund.batch',
          target: { type: 'mass_refund', id: op.id },
          summary: {
            orders: batch.length,
            instructedFen: instructed.toString(),
            processed: updated!.processed,
          },
        },
        opts.now,
      );
    return updated!;
  });
}

async function writeClaims(tx: Db, op: MassRefundRow, batch: OrderRow[], now: Date): Promise<Claim[]> {
  const ids = batch.map((o) => o.id);
  const held = new Map(
    (
      await tx
        .select({
          orderId: refundInstructions.orderId,
          fen: sql<string>`sum(${refundInstructions.amountFen})::text`,
        })
        .from(refundInstructions)
        .where(
          and(
            eq(refundInstructions.tenantId, op.tenantId),
            inArray(refundInstructions.orderId, ids),
            // Transfers (compensation beyond the price) are not refunds of the payment.
            eq(refundInstructions.kind, 'refund'),
            ne(refundInstructions.status, 'failed'),
          ),
        )
        .groupBy(refundInstructions.orderId)
    ).map((r) => [r.orderId, BigInt(r.fen)]),
  );
  const actor = op.startedBy as ActorSnapshot;
  // Orders written without the order upsert are brought into the ledger first, exactly as collection does.
  await collectMissing(tx, op.tenantId, batch, { actor, now });
  const entries: Omit<PostEntryInput, 'tenantId'>[] = [];
  // The event's money: its escrow, or the organizer's pending settlement once the event has settled.
  const source = await orderMoneyAccount(tx, batch[0]!);
  let available = await creditBalance(tx, op.tenantId, source);
  const claims: Claim[] = batch.map((o) => {
    const amountFen = massRefundFen(o, held.get(o.id) ?? 0n);
    // The event's money pays while it holds enough; beyond that the organizer is drawn on.
    const drawn = amountFen > available;
    if (!drawn) available -= amountFen;
    return {
      id: newId(MASS_REFUND_CLAIM_PREFIX, now.getTime()),
      order: o,
      amountFen,
      fundedFrom: drawn ? `merchant_deposit:${o.merchantId}` : source,
      drawn: drawn && amountFen > 0n,
      instructionId: amountFen > 0n ? newId('rfi', now.getTime()) : null,
    };
  });
  const paying = claims.filter((c) => c.instructionId);
  await drawShortfall(tx, op, paying, source, now);
  for (const c of paying.filter((p) => !p.drawn))
    entries.push({
      idempotencyKey: `refund:${c.instructionId}:payable`,
      kind: 'refund.payable',
      orderId: c.order.id,
      memo: `批量退款 ${op.reason} / mass refund: payable to the consumer`,
      lines: [
        { account: c.fundedFrom, amountFen: c.amountFen },
        { account: 'consumer_refunds_payable', amountFen: -c.amountFen },
      ],
      actor,
    });
  await postEntries(tx, op.tenantId, entries, now);
  await bulkInsert(
    tx,
    'refund_instructions',
    INSTRUCTION_COLUMNS,
    paying.map((c) => instructionValues(op, c, now)),
  );
  await bulkInsert(
    tx,
    'refund_events',
    EVENT_COLUMNS,
    paying.map((c) => [
      op.tenantId,
      c.instructionId,
      'created',
      'accord',
      null,
      'pending',
      { massRefundId: op.id, amountFen: c.amountFen.toString(), fundedFrom: c.fundedFrom },
      now,
    ]),
  );
  await bulkInsert(
    tx,
    'mass_refund_claims',
    CLAIM_COLUMNS,
    claims.map((c) => [c.id, op.tenantId, op.id, c.order.id, c.amountFen, c.instructionId, now]),
  );
  await enqueueJobs(
    tx,
    paying.map((c) => ({
      tenantId: op.tenantId,
      kind: MASS_NOTICE_JOB,
      dedupeKey: `mass:${op.id}:${c.order.id}`,
      payload: {
        buyerExternalId: c.order.buyerExternalId,
        orderExternalId: c.order.externalId,
        title: c.order.title,
        amountFen: c.amountFen.toString(),
        reason: op.reason,
      },
      runAt: now,
    })),
    now,
  );
  return paying;
}

/**
 * The refunds of a batch the event's money cannot pay (the organizer was paid out already) are drawn on the
 * organizer as any refund a decision or the marketplace makes after a payout ({@link drawOnMerchant}): its
 * deposit, then the guarantee fund's advance with a recovery claim against it — one draw per organizer and
 * batch, keyed by the batch's first order so a re-run batch draws nothing twice. A refund that later fails
 * gives its money back to the deposit, where it stands against the claim. When even the fund cannot advance
 * the batch's shortfall, the platform advances it (先行赔付, `platform_advances`): consumers of a cancelled
 * event are refunded regardless, and the operation never stalls on the fund.
 */
async function drawShortfall(
  tx: Db,
  op: MassRefundRow,
  paying: Claim[],
  source: string,
  now: Date,
): Promise<void> {
  const drawn = paying.filter((c) => c.drawn);
  if (drawn.length === 0) return;
  const actor = op.startedBy as ActorSnapshot;
  const merchants = [...new Set(drawn.map((c) => c.order.merchantId))];
  await lockAccountsInOrder(tx, op.tenantId, [
    'consumer_refunds_payable',
    'guarantee_fund',
    'platform_advances',
    source, // posted after the draw: locked now, in code order with the rest
    ...merchants.flatMap((m) => [`merchant_deposit:${m}`, `merchant_recovery:${m}`]),
  ]);
  for (const merchantId of merchants) {
    const mine = drawn.filter((c) => c.order.merchantId === merchantId);
    const amountFen = mine.reduce((sum, c) => sum + c.amountFen, 0n);
    try {
      await drawOnMerchant(
        tx,
        { tenantId: op.tenantId, actor, now },
        {
          merchantId,
          amountFen,
          reason: `批量退款 ${op.reason}：活动款项不足，由主办方承担 / mass refund: the event's money is short, the organizer pays`,
          reference: `mass-refund:${op.id}:${mine[0]!.order.id}`,
          payTo: 'consumer_refunds_payable',
        },
      );
    } catch (err) {
      if (!(err instanceof DomainError && err.extra?.reason === 'FUND_SHORT')) throw err;
      for (const c of mine) {
        c.drawn = false;
        c.fundedFrom = 'platform_advances';
      }
    }
  }
}

const INSTRUCTION_COLUMNS: BulkColumn[] = [
  ['id', 'text'],
  ['tenant_id', 'text'],
  ['case_id', 'text'],
  ['remedy_index', 'smallint'],
  ['remedy', 'text'],
  ['payer', 'text'],
  ['funded_from', 'text'],
  ['order_id', 'text'],
  ['amount_fen', 'bigint'],
  ['status', 'text'],
  ['idempotency_key', 'text'],
  ['request', 'jsonb'],
  ['next_attempt_at', 'timestamptz'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];
const EVENT_COLUMNS: BulkColumn[] = [
  ['tenant_id', 'text'],
  ['instruction_id', 'text'],
  ['type', 'text'],
  ['source', 'text'],
  ['from_status', 'text'],
  ['to_status', 'text'],
  ['detail', 'jsonb'],
  ['occurred_at', 'timestamptz'],
];
const CLAIM_COLUMNS: BulkColumn[] = [
  ['id', 'text'],
  ['tenant_id', 'text'],
  ['mass_refund_id', 'text'],
  ['order_id', 'text'],
  ['amount_fen', 'bigint'],
  ['instruction_id', 'text'],
  ['created_at', 'timestamptz'],
];

/** An instruction of a claim, in {@link INSTRUCTION_COLUMNS} order: pending, key and request stored now. */
function instructionValues(op: MassRefundRow, c: Claim, now: Date): unknown[] {
  return [
    c.instructionId,
    op.tenantId,
    // The claim stands where a case would: the mass refund's claims are the record the consumer sees.
    c.id,
    0,
    'full_refund',
    'respondent',
    c.fundedFrom,
    c.order.id,
    c.amountFen,
    'pending',
    `accord-refund-${c.instructionId}`,
    {
      paymentRef: c.order.externalId,
      orderRef: c.order.externalId,
      amountFen: c.amountFen.toString(),
      reason: `mass refund (${op.reason}) ${op.id}`,
    },
    now,
    now,
    now,
  ];
}

/**
 * Runs an operation to the end, batch after batch, reporting progress; `afterBatch` lets tests crash it
 * between batches. Safe to run in several processes at once: the operation row serializes batches.
 */
export async function runMassRefund(
  db: Db,
  id: string,
  opts: {
    now: () => Date;
    batchSize?: number;
    onProgress?: (op: MassRefundRow) => void;
    afterBatch?: (op: MassRefundRow) => void;
  },
): Promise<MassRefundRow> {
  for (;;) {
    const op = await runMassRefundBatch(db, id, {
      now: opts.now(),
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
    });
    opts.onProgress?.(op);
    if (op.status !== 'running') return op;
    opts.afterBatch?.(op);
  }
}

/** Where an operation stands, for the API and the CLI: orders done, and its refunds by status. */
export async function massRefundProgress(db: Db, op: MassRefundRow) {
  const rows = await db
    .select({
      status: refundInstructions.status,
      n: sql<number>`count(*)::int`,
      fen: sql<string>`sum(${refundInstructions.amountFen})::text`,
    })
    .from(massRefundClaims)
    .innerJoin(refundInstructions, eq(refundInstructions.id, massRefundClaims.instructionId))
    .where(eq(massRefundClaims.massRefundId, op.id))
    .groupBy(refundInstructions.status);
  const count = (statuses: string[]) =>
    rows.filter((r) => statuses.includes(r.status)).reduce((s, r) => s + r.n, 0);
  return {
    id: op.id,
    eventId: op.eventId,
    reason: op.reason,
    status: op.status,
    totalOrders: op.totalOrders,
    processedOrders: op.processed,
    instructedFen: op.instructedFen.toString(),
    refunds: {
      inFlight: count(['pending', 'sent', 'retrying']),
      succeeded: count(['succeeded']),
      failed: count(['failed']),
    },
    createdAt: op.createdAt.toISOString(),
    finishedAt: op.finishedAt?.toISOString() ?? null,
  };
}
