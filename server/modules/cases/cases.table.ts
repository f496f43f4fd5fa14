import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { ActorSnapshot } from '../audit/audit.table.js';

/**
 * The policies cases were filed under, one row per content: a case's snapshot of the policy in force when it
 * was filed (windows, consequences of silence, thresholds, the pack version) is immutable, and thousands of
 * cases share each one — stored once (4 KB of JSON that every filing used to copy) and referenced by
 * `cases.policy_key`. The key is derived from the content: `sha256:` and the SHA-256 of its canonical JSON
 * (rows written before migration 0026: of PostgreSQL's jsonb text), so a row is never changed, only added.
 */
export const casePolicies = pgTable('case_policies', {
  key: text('key').primaryKey(),
  policy: jsonb('policy').$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/**
 * A case: a refund request or a complaint. `stage` moves only through the lifecycle table; `version` makes
 * every action conditional on what its author saw (two handlers deciding at once: one wins, one gets 409);
 * `revision` is the page's change counter (see the column).
 * `is_open` backs the rule that a claimant has one open case per order and issue.
 */
export const cases = pgTable(
  'cases',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    number: text('number').notNull(),
    kind: text('kind').notNull(),
    stage: text('stage').notNull(),
    isOpen: boolean('is_open').notNull(),
    channel: text('channel').notNull(),
    category: text('category').notNull(),
    scenario: text('scenario').notNull(),
    claimantId: text('claimant_id').notNull(),
    respondentMerchantId: text('respondent_merchant_id').notNull(),
    orderId: text('order_id'),
    orderSnapshot: jsonb('order_snapshot').$type<Record<string, unknown>>(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    requestedRemedy: text('requested_remedy').notNull(),
    requestedAmountFen: bigint('requested_amount_fen', { mode: 'bigint' }).notNull(),
    urgent: boolean('urgent').notNull().default(false),
    fastTrack: boolean('fast_track').notNull().default(false),
    team: text('team').notNull(),
    assigneeId: text('assignee_id'),
    filedBy: jsonb('filed_by').$type<ActorSnapshot>().notNull(),
    /** The policy the case runs under, snapshotted at filing: the key of its {@link casePolicies} row. */
    policyKey: text('policy_key')
      .notNull()
      .references(() => casePolicies.key),
    /** When the platform stepped in: filing, for a complaint; the escalation, for a refund request. */
    intervenedAt: timestamp('intervened_at', { withTimezone: true, precision: 3 }),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    decidedBy: text('decided_by'),
    suspendedFrom: text('suspended_from'),
    appealed: boolean('appealed').notNull().default(false),
    rating: smallint('rating'),
    version: integer('version').notNull().default(1),
    /**
     * Raised by database triggers when a part of the case changes without the case row itself changing in the
     * same transaction (a message, evidence, an offer, a deadline, a notice delivery): so that the row's
     * `xmin` changes whenever anything on the case page does (case-read-cache.ts).
     */
    revision: bigint('revision', { mode: 'number' }).notNull().default(0),
    stageEnteredAt: timestamp('stage_entered_at', { withTimezone: true, precision: 3 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    uniqueIndex('cases_tenant_number_uq').on(t.tenantId, t.number),
    uniqueIndex('cases_one_open_per_order_issue_uq')
      .on(t.tenantId, t.claimantId, t.orderId, t.category)
      .where(sql`${t.isOpen} and ${t.orderId} is not null`),
    index('cases_queue_idx').on(t.tenantId, t.stage, t.createdAt),
    index('cases_claimant_idx').on(t.tenantId, t.claimantId, t.createdAt),
    index('cases_respondent_idx').on(t.tenantId, t.respondentMerchantId, t.createdAt),
    index('cases_assignee_idx').on(t.tenantId, t.assigneeId, t.stage),
  ],
);

/** Human case numbers per tenant and year: AC-2026-000123. */
export const caseCounters = pgTable(
  'case_counters',
  {
    tenantId: text('tenant_id').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.year] })],
);

/**
 * The case timeline: every action, in order, with who may see it (`all`, `claimant`, `respondent`, `staff`).
 * Append-only (trigger), so the record a court reads is the record that was written.
 */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    caseId: text('case_id').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actor: jsonb('actor').$type<ActorSnapshot & { party?: string }>().notNull(),
    action: text('action').notNull(),
    fromStage: text('from_stage'),
    toStage: text('to_stage'),
    visibility: text('visibility').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.id)],
);

/** Messages on a case. Visibility: everyone, claimant + staff, respondent + staff, or staff only (internal note). */
export const caseMessages = pgTable(
  'case_messages',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    caseId: text('case_id').notNull(),
    author: jsonb('author').$type<ActorSnapshot & { party?: string }>().notNull(),
    visibility: text('visibility').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index('case_messages_case_idx').on(t.caseId, t.createdAt)],
);

/**
 * Offers exchanged in negotiation and mediation (PayPal-style typed offers with a history): full refund,
 * partial refund, return and refund, exchange, repair, compensation. An accepted offer becomes the agreement;
 * a counter-offer supersedes the offer it answers.
 */
export const caseOffers = pgTable(
  'case_offers',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    caseId: text('case_id').notNull(),
    madeBy: text('made_by').notNull(),
    madeByUser: text('made_by_user'),
    remedy: text('remedy').notNull(),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
    note: text('note'),
    status: text('status').notNull(),
    answers: text('answers'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [index('case_offers_case_idx').on(t.caseId, t.createdAt)],
);

/**
 * Evidence on a case: the stored file (content-addressed, see the evidence module) with its type, who gave
 * it, which request it answers and who may see it. Never deleted while the case lives (trigger).
 */
export const caseEvidence = pgTable(
  'case_evidence',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    caseId: text('case_id').notNull(),
    uploadedBy: jsonb('uploaded_by').$type<ActorSnapshot & { party?: string }>().notNull(),
    evidenceType: text('evidence_type').notNull(),
    description: text('description'),
    requestId: text('request_id'),
    visibility: text('visibility').notNull(),
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    mime: text('mime').notNull(),
    kind: text('kind').notNull(),
    originalName: text('original_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index('case_evidence_case_idx').on(t.caseId, t.createdAt)],
);

/**
 * A request for evidence from one party (seed 002 §21: the platform may require either side to prove its
 * claim; seed 001: the respondent generally has 3 working days). It is a row the party fulfils by uploading
 * evidence that names it; its due date is a deadline, and silence is recorded as such.
 */
export const caseEvidenceRequests = pgTable(
  'case_evidence_requests',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    caseId: text('case_id').notNull(),
    requestedFrom: text('requested_from').notNull(),
    evidenceTypes: text('evidence_types').array().notNull(),
    note: text('note'),
    clause: text('clause').notNull(),
    status: text('status').notNull(),
    deadlineId: text('deadline_id'),
    createdBy: jsonb('created_by').$type<ActorSnapshot>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    settledAt: timestamp('settled_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [index('case_evidence_requests_case_idx').on(t.caseId, t.createdAt)],
);
