import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
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

/** The tenant's orders among `ids` (missing ones are simply absent). */
export async function findOrders(db: Db, tenantId: string, ids: string[]): Promise<OrderRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), inArray(orders.id, ids)));
}

export async function findOrderByExternalId(
  db: Db,
  tenantId: string,
  externalId: string,
  options: { lock?: boolean } = {},
): Promise<OrderRow | undefined> {
  const query = db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.externalId, externalId)));
  const [o] = await (options.lock ? query.for('update') : query);
  return o;
}

export type OrderFilter = { merchantId?: string; buyerExternalId?: string; eventId?: string };

/** The keyset cursor of an order in lists: newest payment first, id breaking ties. */
export function orderCursorKey(o: Pick<OrderRow, 'paidAt' | 'id'>): string {
  return `${o.paidAt.toISOString()}|${o.id}`;
}

function afterCursor(key: string | undefined): SQL | undefined {
  if (!key) return undefined;
  const [paidAt, id] = key.split('|');
  const at = new Date(paidAt ?? '');
  if (!id || Number.isNaN(at.getTime())) return sql`false`;
  return sql`(${orders.paidAt}, ${orders.id}) < (${at.toISOString()}::timestamptz, ${id})`;
}

/** Newest payment first, keyset-paginated; fetches `limit + 1` rows so the caller knows if more exist. */
export async function listOrders(
  db: Db,
  tenantId: string,
  filter: OrderFilter,
  limit: number,
  cursor?: string,
) {
  const conditions: (SQL | undefined)[] = [
    eq(orders.tenantId, tenantId),
    filter.merchantId ? eq(orders.merchantId, filter.merchantId) : undefined,
    filter.buyerExternalId ? eq(orders.buyerExternalId, filter.buyerExternalId) : undefined,
    filter.eventId ? eq(orders.eventId, filter.eventId) : undefined,
    afterCursor(cursor),
  ];
  return db
    .select()
    .from(orders)
    .where(and(...conditions))
    .orderBy(desc(orders.paidAt), desc(orders.id))
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
  options: { lock?: boolean } = {},
): Promise<EventRow | undefined> {
  const query = db
    .select()
    .from(events)
    .where(and(eq(events.tenantId, tenantId), eq(events.externalId, externalId)));
  const [e] = await (options.lock ? query.for('update') : query);
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
