import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { merchants, tenants } from '../tenants/tenants.table.js';

/** One line of an order as the marketplace sent it. Amounts in integer fen. */
export type OrderItem = { sku: string; title: string; quantity: number; unitPriceFen: number };

/**
 * A ticketed event (show, conference, match). Ticket orders reference it; its refund window N (days before
 * the start) comes from the organizer and is at least 7 (seed 000 §(三)).
 */
export const events = pgTable(
  'events',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    externalId: text('external_id').notNull(),
    organizerId: text('organizer_id')
      .notNull()
      .references(() => merchants.id),
    title: text('title').notNull(),
    venue: text('venue'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    refundWindowDays: integer('refund_window_days').notNull(),
    status: text('status').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('events_tenant_external_uq').on(t.tenantId, t.externalId)],
);

/**
 * An order in the marketplace's system, upserted by its integration. Cases reference orders; a case keeps
 * its own snapshot, so later upserts never rewrite history.
 */
export const orders = pgTable(
  'orders',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    externalId: text('external_id').notNull(),
    buyerExternalId: text('buyer_external_id').notNull(),
    merchantId: text('merchant_id')
      .notNull()
      .references(() => merchants.id),
    eventId: text('event_id').references(() => events.id),
    category: text('category').notNull(),
    scenario: text('scenario').notNull(),
    title: text('title').notNull(),
    items: jsonb('items').$type<OrderItem[]>().notNull(),
    goodsFen: bigint('goods_fen', { mode: 'bigint' }).notNull(),
    discountFen: bigint('discount_fen', { mode: 'bigint' }).notNull(),
    taxFen: bigint('tax_fen', { mode: 'bigint' }).notNull(),
    serviceFeeFen: bigint('service_fee_fen', { mode: 'bigint' }).notNull(),
    shippingFen: bigint('shipping_fen', { mode: 'bigint' }).notNull(),
    totalFen: bigint('total_fen', { mode: 'bigint' }).notNull(),
    refundedFen: bigint('refunded_fen', { mode: 'bigint' }).notNull(),
    paymentMethod: text('payment_method'),
    paidAt: timestamp('paid_at', { withTimezone: true }).notNull(),
    shippedAt: timestamp('shipped_at', { withTimezone: true }),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    redeemedAt: timestamp('redeemed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_tenant_external_uq').on(t.tenantId, t.externalId),
    // Lists are newest-paid first with a (paid_at, id) keyset cursor.
    index('orders_tenant_paid_idx').on(t.tenantId, t.paidAt, t.id),
    index('orders_tenant_buyer_idx').on(t.tenantId, t.buyerExternalId, t.paidAt, t.id),
    index('orders_tenant_merchant_idx').on(t.tenantId, t.merchantId, t.paidAt, t.id),
    // An event's orders in id order: mass refunds walk them batch by batch with a keyset cursor.
    index('orders_tenant_event_idx').on(t.tenantId, t.eventId, t.id),
  ],
);
