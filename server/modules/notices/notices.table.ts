import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Notices sent to people: the in-app inbox always, SMS and email through their senders (status `queued` →
 * `sent` / `failed`, with attempts). Part of the case file
 * (seed 002 §3: notices sent are part of the record): rows are kept, with when they were sent and read.
 */
export const notices = pgTable(
  'notices',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    caseId: text('case_id'),
    recipientUserId: text('recipient_user_id').notNull(),
    channel: text('channel').notNull(),
    template: text('template').notNull(),
    /** The text of record, zh-CN (email and SMS carry both languages in it). */
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** The same in English, for the English UI: inbox notices since migration 0028 (null before, and for email/SMS). */
    titleEn: text('title_en'),
    bodyEn: text('body_en'),
    status: text('status').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, precision: 3 }),
    readAt: timestamp('read_at', { withTimezone: true, precision: 3 }),
    lastError: text('last_error'),
    /** Email and SMS: the address as sent, masked (the clear value stays encrypted on the user). */
    address: text('address'),
    /** Delivery attempts so far (retried with backoff by the job runner). */
    attempts: integer('attempts').notNull().default(0),
    /** The sender's id for the message (SMTP message id, SMS provider id). */
    providerRef: text('provider_ref'),
  },
  (t) => [
    index('notices_inbox_idx').on(t.tenantId, t.recipientUserId, t.createdAt),
    index('notices_case_idx').on(t.caseId),
  ],
);
