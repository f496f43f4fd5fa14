import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** The provider request an instruction sends, stored before the first call and never changed. */
export type StoredRefundRequest = {
  paymentRef: string;
  orderRef: string;
  amountFen: string;
  reason: string;
};

/** What an instruction asks of the provider: a refund along the original route, or a transfer to the consumer. */
export type InstructionKind = 'refund' | 'transfer';

/**
 * A refund instruction (退款指令): one refund along the original route of one order, for one remedy of one
 * case — or, `kind` = `transfer`, the part of a compensation beyond what the order can still refund, paid to
 * the consumer's account balance (打款到账户余额) instead (the same states, key, dispatch and callbacks). The idempotency key and the exact request are committed BEFORE the first provider call; every retry,
 * re-issue and resume sends the same two. `status` moves only through `decideRefund`. `next_attempt_at` is when
 * the dispatcher next sends it (pending/retrying) or reconciles it (sent); null when nothing is due.
 */
export const refundInstructions = pgTable(
  'refund_instructions',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    caseId: text('case_id').notNull(),
    /** Which remedy of the case's outcome this pays (the case executes once: unique with case_id and kind). */
    remedyIndex: smallint('remedy_index').notNull(),
    remedy: text('remedy').notNull(),
    /** `refund` (original route) or `transfer` (to the payer's balance; compensation beyond the price). */
    kind: text('kind').$type<InstructionKind>().notNull().default('refund'),
    /** Who bears it: respondent, platform, guarantee_fund. */
    payer: text('payer').notNull(),
    /** The ledger account the money was taken from (and goes back to if the refund fails). */
    fundedFrom: text('funded_from').notNull(),
    orderId: text('order_id').notNull(),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    idempotencyKey: text('idempotency_key').notNull(),
    request: jsonb('request').$type<StoredRefundRequest>().notNull(),
    providerRef: text('provider_ref'),
    failureCode: text('failure_code'),
    anomaly: text('anomaly'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, precision: 3 }),
    /** A dispatcher's lease: while it lies in the future no other dispatcher sends this instruction. */
    lockedUntil: timestamp('locked_until', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
    /** When the provider's final answer was recorded (succeeded or failed). */
    settledAt: timestamp('settled_at', { withTimezone: true, precision: 3 }),
    /**
     * When the final state's consequences were applied in a batch: the ledger entry (paid, or released back to
     * where it was funded from), the audit event and the case's notification. Null while that is still due.
     */
    postedAt: timestamp('posted_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    uniqueIndex('refund_instructions_key_uq').on(t.idempotencyKey),
    // One refund and at most one transfer per remedy (a compensation beyond the price is split in two).
    uniqueIndex('refund_instructions_case_remedy_kind_uq').on(t.tenantId, t.caseId, t.remedyIndex, t.kind),
    index('refund_instructions_order_idx').on(t.tenantId, t.orderId),
    // The dispatcher reads only due, open rows.
    index('refund_instructions_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'retrying', 'sent')`),
    // The settlement poster reads only final rows whose ledger entry is still due.
    index('refund_instructions_unposted_idx')
      .on(t.settledAt)
      .where(sql`${t.postedAt} is null and ${t.status} in ('succeeded', 'failed')`),
  ],
);

/**
 * The history of an instruction, append-only (a trigger refuses updates and deletes): created, each attempt's
 * observation, callbacks (deduplicated by the provider's event id), anomalies.
 */
export const refundEvents = pgTable(
  'refund_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    instructionId: text('instruction_id').notNull(),
    type: text('type').notNull(),
    source: text('source').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    providerEventId: text('provider_event_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    index('refund_events_instruction_idx').on(t.instructionId, t.id),
    uniqueIndex('refund_events_provider_event_uq').on(t.providerEventId),
  ],
);

/**
 * A mass refund (批量退款): one operation for an event cancelled, postponed or stopped by force majeure. It
 * opens a claim per order of the event, batch by batch; `processed` counts the orders done. Re-running an
 * operation that died midway resumes it: orders with a claim are skipped (unique per operation and order).
 */
export const massRefunds = pgTable(
  'mass_refunds',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    eventId: text('event_id').notNull(),
    reason: text('reason').notNull(),
    status: text('status').notNull(),
    totalOrders: integer('total_orders').notNull(),
    processed: integer('processed').notNull().default(0),
    /** The last order id processed (orders are taken in id order): where the next batch starts. */
    cursor: text('cursor'),
    instructedFen: bigint('instructed_fen', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    startedBy: jsonb('started_by').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [uniqueIndex('mass_refunds_event_reason_uq').on(t.tenantId, t.eventId, t.reason)],
);

/**
 * The id prefix of a mass refund's claims. A claim's instruction carries the claim's id where a case's carries
 * the case id (there is no case to notify), so the poster knows not to queue `refunds_settled` for it.
 */
export const MASS_REFUND_CLAIM_PREFIX = 'mrc';

/** One order's claim in a mass refund: what the policy gives back and the instruction that pays it. */
export const massRefundClaims = pgTable(
  'mass_refund_claims',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    massRefundId: text('mass_refund_id').notNull(),
    orderId: text('order_id').notNull(),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
    /** Null when nothing was left to refund on the order. */
    instructionId: text('instruction_id'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [uniqueIndex('mass_refund_claims_order_uq').on(t.massRefundId, t.orderId)],
);
