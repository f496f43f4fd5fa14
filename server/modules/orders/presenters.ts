import type { z } from 'zod';
import { orderStatus } from './order-rules.js';
import type { EventRow, OrderRow } from './orders.repo.js';
import type { EventSchema, OrderSchema } from './orders.schemas.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An order as the API shows it: fen as strings, derived status and refundable remainder. */
export function presentOrder(o: OrderRow, merchantName: string | null): z.infer<typeof OrderSchema> {
  return {
    id: o.id,
    externalId: o.externalId,
    buyerExternalId: o.buyerExternalId,
    merchantId: o.merchantId,
    merchantName,
    eventId: o.eventId,
    scenario: o.scenario,
    category: o.category,
    title: o.title,
    items: o.items,
    goodsFen: o.goodsFen.toString(),
    discountFen: o.discountFen.toString(),
    taxFen: o.taxFen.toString(),
    serviceFeeFen: o.serviceFeeFen.toString(),
    shippingFen: o.shippingFen.toString(),
    totalFen: o.totalFen.toString(),
    refundedFen: o.refundedFen.toString(),
    refundableFen: (o.totalFen - o.refundedFen).toString(),
    paymentMethod: o.paymentMethod,
    paidAt: o.paidAt.toISOString(),
    shippedAt: iso(o.shippedAt),
    signedAt: iso(o.signedAt),
    redeemedAt: iso(o.redeemedAt),
    status: orderStatus(o),
    version: o.version,
    updatedAt: o.updatedAt.toISOString(),
  };
}

export function presentEvent(e: EventRow, organizerName: string | null): z.infer<typeof EventSchema> {
  return {
    id: e.id,
    externalId: e.externalId,
    organizerId: e.organizerId,
    organizerName,
    title: e.title,
    venue: e.venue,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    refundWindowDays: e.refundWindowDays,
    status: e.status,
    version: e.version,
  };
}
