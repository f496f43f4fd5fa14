import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { ActorSnapshot } from '../audit/audit.table.js';

/**
 * A ledger account per tenant, named by a code: `consumer_refunds_payable`, `provider_clearing`,
 * `guarantee_fund`, `platform_advances`, `penalty_income`, `fee_income`, `testing_fees`, and per party
 * `merchant_pending:<merchantId>`, `merchant_deposit:<merchantId>`, `ticket_escrow:<eventId>`. The balance is
 * kept beside the postings for speed and proved equal to their sum by `accord ledger verify`.
 */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    code: text('code').notNull(),
    kind: text('kind').notNull(),
    // Debit-normal accounts (assets) may not go below zero credit; liabilities are credit-normal.
    normalSide: text('normal_side').notNull(),
    allowNegative: boolean('allow_negative').notNull(),
    balanceFen: bigint('balance_fen', { mode: 'bigint' }).notNull(),
    version: integer('version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [uniqueIndex('ledger_accounts_tenant_code_uq').on(t.tenantId, t.code)],
);

/**
 * A journal entry: one business event's money movement, its postings summing to zero. Append-only; a
 * correction is a reversing entry. The idempotency key makes re-posting the same event a no-op.
 */
export const journalEntries = pgTable(
  'journal_entries',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    kind: text('kind').notNull(),
    caseId: text('case_id'),
    orderId: text('order_id'),
    memo: text('memo').notNull(),
    reverses: text('reverses'),
    actor: jsonb('actor').$type<ActorSnapshot>().notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex('journal_entries_tenant_key_uq').on(t.tenantId, t.idempotencyKey),
    index('journal_entries_case_idx').on(t.tenantId, t.caseId),
  ],
);

/** One line of an entry: a signed amount in fen on one account (debit positive, credit negative). */
export const postings = pgTable(
  'postings',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    entryId: text('entry_id').notNull(),
    accountId: text('account_id').notNull(),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
  },
  (t) => [index('postings_entry_idx').on(t.entryId), index('postings_account_idx').on(t.accountId)],
);
