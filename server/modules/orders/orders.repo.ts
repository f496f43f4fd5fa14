import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { merchants } from '../tenants/tenants.table.js';
import { events, orders } from './orders.table.js';

export type OrderRow = typeof orders.$inferSelect;
export type EventRow = typeof events.$inferSelect;

export async function findOrder(db: Db, tenantId: string, id: string): Promise<OrderRow | undefined> {
  const [o] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)));
  return o;
}

export async function findOrderByExternalId(
  db: Db,
  tenantId: string,
  externalId: string,
): Promise<OrderRow | undefined> {
  const [o] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.externalId, externalId)));
  return o;
}

export type OrderFilter = { merchantId?: string; buyerExternalId?: string; eventId?: string };

/** Newest first, keyset-paginated by id; fetches `limit + 1` rows so the caller knows if more exist. */
export async function listOrders(
  db: Db,
  tenantId: string,
  filter: OrderFilter,
  limit: number,
  before?: string,
) {
  const conditions: (SQL | undefined)[] = [
    eq(orders.tenantId, tenantId),
    filter.merchantId ? eq(orders.merchantId, filter.merchantId) : undefined,
    filter.buyerExternalId ? eq(orders.buyerExternalId, filter.buyerExternalId) : undefined,
    filter.eventId ? eq(orders.eventId, filter.eventId) : undefined,
    before ? lt(orders.id, before) : undefined,
  ];
  return db
    .select()
    .from(orders)
    .where(and(...conditions))
    .orderBy(desc(orders.id))
    .limit(limit + 1);
}

export async function findEvent(db: Db, tenantId: string, id: string): Promise<EventRow | undefined> {
  const [e] = await db
    .select()
    .from(events)
    .where(and(eq(events.tenantId, tenantId), eq(events.id, id)));
  return e;
}

export async function findEventByExternalId(
  db: Db,
  tenantId: string,
  externalId: string,
): Promise<EventRow | undefined> {
  const [e] = await db
    .select()
    .from(events)
    .where(and(eq(events.tenantId, tenantId), eq(events.externalId, externalId)));
  return e;
}

export async function listEvents(
  db: Db,
  tenantId: string,
  filter: { organizerId?: string },
  limit: number,
  before?: string,
) {
  return db
    .select()
    .from(events)
    .where(
      and(
        eq(events.tenantId, tenantId),
        filter.organizerId ? eq(events.organizerId, filter.organizerId) : undefined,
        before ? lt(events.id, before) : undefined,
      ),
    )
    .orderBy(desc(events.id))
    .limit(limit + 1);
}

/** Merchant names for a page of rows, in one query. */
export async function merchantNames(db: Db, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: merchants.id, name: merchants.name })
    .from(merchants)
    .where(and(eq(merchants.tenantId, tenantId), inArray(merchants.id, unique)));
  return new Map(rows.map((r) => [r.id, r.name]));
}
