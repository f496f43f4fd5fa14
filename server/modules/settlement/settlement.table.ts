import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ActorSnapshot } from '../audit/audit.table.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });
const fen = (name: string) => bigint(name, { mode: 'bigint' });

/**
 * An event's ticket-escrow settlement (seed 000 §(三)1: paid out to the organizer 3 working days after the
 * event ends). Created with the event's first collection; the sweep settles it once (FOR UPDATE SKIP LOCKED on
 * this row, and the ledger entry's idempotency key), moving escrow minus holds into the organizer's pending
 * settlement and instructing the payout.
 */
export const eventSettlements = pgTable(
  'event_settlements',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    eventId: text('event_id').notNull(),
    merchantId: text('merchant_id').notNull(),
    // scheduled → settled | skipped (event cancelled: the escrow belongs to the refunds)
    status: text('status').notNull(),
    dueAt: ts('due_at'),
    escrowFen: fen('escrow_fen'),
    heldFen: fen('held_fen'),
    settledFen: fen('settled_fen'),
    entryId: text('entry_id'),
    payoutId: text('payout_id'),
    settledAt: ts('settled_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('event_settlements_event_uq').on(t.tenantId, t.eventId),
    index('event_settlements_scheduled_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'scheduled'`),
  ],
);

/**
 * A payout of settlement money to a merchant through the payment provider (结算). The row, with its
 * idempotency key and the exact request, commits before the provider is called, together with the ledger
 * entry taking the amount out of the merchant's pending settlement; a definite failure posts the reversal.
 * States as refund instructions: pending → sent → succeeded | failed, retrying on unknown outcomes.
 */
export const payouts = pgTable(
  'payouts',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    merchantId: text('merchant_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    reason: text('reason').notNull(),
    sourceId: text('source_id').notNull(),
    amountFen: fen('amount_fen').notNull(),
    merchantAccountRef: text('merchant_account_ref').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    providerRef: text('provider_ref'),
    failureCode: text('failure_code'),
    entryId: text('entry_id'),
    reversalEntryId: text('reversal_entry_id'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('payouts_key_uq').on(t.tenantId, t.idempotencyKey),
    // Provider callbacks name the payout by its key alone.
    index('payouts_callback_key_idx').on(t.idempotencyKey),
    index('payouts_merchant_idx').on(t.tenantId, t.merchantId, t.createdAt),
    index('payouts_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'retrying')`),
  ],
);

/**
 * The provider callbacks applied to a payout, one row per provider event id: deliveries repeat (at least once)
 * and race each other, the unique index lets each event through once. Append-only.
 */
export const payoutEvents = pgTable(
  'payout_events',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    payoutId: text('payout_id').notNull(),
    providerEventId: text('provider_event_id').notNull(),
    status: text('status').notNull(),
    failureCode: text('failure_code'),
    occurredAt: ts('occurred_at').notNull(),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [uniqueIndex('payout_events_event_uq').on(t.payoutId, t.providerEventId)],
);

/**
 * A hold on a merchant's money (冻结, seed 000 §3.2 a): while active, payouts respect it — an amount hold keeps
 * that much back (an event's hold keeps it in the event's escrow at settlement), a hold without an amount
 * freezes the merchant's pending settlement and deposit entirely. Released, never deleted.
 */
export const settlementHolds = pgTable(
  'settlement_holds',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    merchantId: text('merchant_id').notNull(),
    eventId: text('event_id'),
    recoveryId: text('recovery_id'),
    caseId: text('case_id'),
    amountFen: fen('amount_fen'),
    reason: text('reason').notNull(),
    status: text('status').notNull(),
    actor: jsonb('actor').$type<ActorSnapshot>().notNull(),
    createdAt: ts('created_at').notNull(),
    releasedAt: ts('released_at'),
  },
  (t) => [
    index('settlement_holds_active_idx')
      .on(t.tenantId, t.merchantId)
      .where(sql`${t.status} = 'active'`),
  ],
);

/**
 * Compensation owed by a merchant (a decided case's award): deducted from its deposit; a shortfall is
 * advanced by the guarantee fund and opens a recovery claim against the merchant.
 */
export const compensations = pgTable(
  'compensations',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    merchantId: text('merchant_id').notNull(),
    caseId: text('case_id'),
    idempotencyKey: text('idempotency_key').notNull(),
    amountFen: fen('amount_fen').notNull(),
    fromDepositFen: fen('from_deposit_fen').notNull(),
    fromFundFen: fen('from_fund_fen').notNull(),
    reason: text('reason').notNull(),
    actor: jsonb('actor').$type<ActorSnapshot>().notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('compensations_key_uq').on(t.tenantId, t.idempotencyKey),
    index('compensations_merchant_idx').on(t.tenantId, t.merchantId, t.createdAt),
  ],
);

/** What a merchant owes the guarantee fund for an advance (追偿债权); recovered in part or whole. */
export const recoveryClaims = pgTable(
  'recovery_claims',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    merchantId: text('merchant_id').notNull(),
    compensationId: text('compensation_id').notNull(),
    caseId: text('case_id'),
    amountFen: fen('amount_fen').notNull(),
    recoveredFen: fen('recovered_fen').notNull(),
    // What supervisors wrote off so far (the fund's loss); open while amount − recovered − written off > 0.
    writtenOffFen: fen('written_off_fen')
      .notNull()
      .default(sql`0`),
    // open → recovered | written_off (closed once nothing is owed: written_off when any of it was written off)
    status: text('status').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('recovery_claims_merchant_idx').on(t.tenantId, t.merchantId, t.createdAt),
    index('recovery_claims_tenant_idx').on(t.tenantId, t.id),
  ],
);

/**
 * A recovery claim's history after it opened (its opening is the compensation row): money recovered for it by
 * an assisted recovery's distribution (`recovered`) and each write-off (`written_off`, with the supervisor's
 * reason). Append-only; `entry_id` is the ledger entry that moved the money.
 */
export const recoveryClaimEvents = pgTable(
  'recovery_claim_events',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    claimId: text('claim_id').notNull(),
    kind: text('kind').notNull(),
    amountFen: fen('amount_fen').notNull(),
    reason: text('reason'),
    recoveryId: text('recovery_id'),
    entryId: text('entry_id').notNull(),
    actor: jsonb('actor').$type<ActorSnapshot>().notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('recovery_claim_events_claim_idx').on(t.tenantId, t.claimId, t.createdAt)],
);

/** One consumer's unpaid claim in an assisted recovery and what the distribution gave it. */
export type RecoveryClaimant = { caseId: string; claimFen: string; shareFen: string | null };

/**
 * An assisted recovery against a merchant (协助追偿, seed 000 §3): its trigger, the freeze it placed, and
 * the distribution of what was recovered under the policy's §3.3 reading.
 */
export const recoveries = pgTable(
  'recoveries',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    merchantId: text('merchant_id').notNull(),
    trigger: text('trigger').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    // open → distributed
    status: text('status').notNull(),
    claimants: jsonb('claimants').$type<RecoveryClaimant[]>().notNull(),
    distribution: jsonb('distribution').$type<Record<string, unknown>>(),
    entryId: text('entry_id'),
    // The provider's stop-payment on the merchant's account (set by the freeze job, released after distribution).
    providerFreezeRef: text('provider_freeze_ref'),
    version: integer('version').notNull().default(1),
    actor: jsonb('actor').$type<ActorSnapshot>().notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('recoveries_merchant_idx').on(t.tenantId, t.merchantId, t.createdAt),
    // One open recovery per merchant, also against two staff opening one at the same moment.
    uniqueIndex('recoveries_open_uq')
      .on(t.tenantId, t.merchantId)
      .where(sql`${t.status} = 'open'`),
  ],
);
