import { z } from 'zod';
import { FenInputSchema, FenSchema } from '../../../common/money.js';

export const SCENARIOS = ['ecommerce', 'tickets', 'live_streaming', 'local_services'] as const;
export const EVENT_STATUSES = ['scheduled', 'on_sale', 'postponed', 'cancelled', 'stopped', 'ended'] as const;

const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const ExternalId = z.string().trim().min(1).max(64);

export const OrderItemSchema = z
  .object({
    sku: z.string().trim().min(1).max(64),
    title: z.string().trim().min(1).max(200),
    quantity: z.number().int().min(1).max(100_000),
    unitPriceFen: z.number().int().nonnegative().max(10_000_000_000),
  })
  .strict();

/** What a marketplace sends to create or update an order (upsert by `externalId`). */
export const UpsertOrderBodySchema = z
  .object({
    externalId: ExternalId,
    buyerExternalId: ExternalId,
    merchantExternalId: ExternalId,
    eventExternalId: ExternalId.optional(),
    scenario: z.enum(SCENARIOS),
    category: z.string().trim().min(1).max(64),
    title: z.string().trim().min(1).max(200),
    items: z.array(OrderItemSchema).min(1).max(500),
    goodsFen: FenInputSchema,
    discountFen: FenInputSchema.default(0n),
    taxFen: FenInputSchema.default(0n),
    serviceFeeFen: FenInputSchema.default(0n),
    shippingFen: FenInputSchema.default(0n),
    refundedFen: FenInputSchema.default(0n),
    paymentMethod: z.string().trim().max(32).optional(),
    paidAt: Instant,
    shippedAt: Instant.optional(),
    signedAt: Instant.optional(),
    redeemedAt: Instant.optional(),
  })
  .strict();
export type UpsertOrderBody = z.infer<typeof UpsertOrderBodySchema>;

export const OrderSchema = z.object({
  id: z.string(),
  externalId: z.string(),
  buyerExternalId: z.string(),
  merchantId: z.string(),
  merchantName: z.string().nullable(),
  eventId: z.string().nullable(),
  scenario: z.string(),
  category: z.string(),
  title: z.string(),
  items: z.array(
    z.object({ sku: z.string(), title: z.string(), quantity: z.number(), unitPriceFen: z.number() }),
  ),
  goodsFen: FenSchema,
  discountFen: FenSchema,
  taxFen: FenSchema,
  serviceFeeFen: FenSchema,
  shippingFen: FenSchema,
  totalFen: FenSchema,
  refundedFen: FenSchema,
  refundableFen: FenSchema,
  paymentMethod: z.string().nullable(),
  paidAt: z.string(),
  shippedAt: z.string().nullable(),
  signedAt: z.string().nullable(),
  redeemedAt: z.string().nullable(),
  status: z.enum(['paid', 'shipped', 'signed', 'redeemed', 'refunded']),
  version: z.number(),
  updatedAt: z.string(),
});

/** A ticketed event, upserted by `externalId`. */
export const UpsertEventBodySchema = z
  .object({
    externalId: ExternalId,
    organizerExternalId: ExternalId,
    title: z.string().trim().min(1).max(200),
    venue: z.string().trim().max(200).optional(),
    startsAt: Instant,
    endsAt: Instant,
    // seed 000 §(三)1: the refund window N days before the start is at least 7.
    refundWindowDays: z.number().int().min(7).max(365),
    status: z.enum(EVENT_STATUSES).default('scheduled'),
  })
  .strict();
export type UpsertEventBody = z.infer<typeof UpsertEventBodySchema>;

export const EventSchema = z.object({
  id: z.string(),
  externalId: z.string(),
  organizerId: z.string(),
  organizerName: z.string().nullable(),
  title: z.string(),
  venue: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  refundWindowDays: z.number(),
  status: z.string(),
  version: z.number(),
});
