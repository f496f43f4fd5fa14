import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { PageQuerySchema, decodeCursor, pageSchema, toPage } from '../../http/pagination.js';
import { actorOf } from '../accounts/principal.js';
import { findMerchant } from '../tenants/tenants.repo.js';
import {
  findEvent,
  findOrder,
  listEvents,
  listOrders,
  merchantNames,
  orderCursorKey,
} from './orders.repo.js';
import { EventSchema, OrderSchema, UpsertEventBodySchema, UpsertOrderBodySchema } from './orders.schemas.js';
import { canSeeOrder, orderListScope } from './orders.visibility.js';
import { presentEvent, presentOrder } from './presenters.js';
import { upsertEvent } from './upsert-event.js';
import { upsertOrder } from './upsert-order.js';

const IdParamsSchema = z.object({ id: z.string().min(1).max(64) });
const ListOrdersQuerySchema = PageQuerySchema.extend({
  merchantId: z.string().max(64).optional(),
  buyerExternalId: z.string().max(64).optional(),
  eventId: z.string().max(64).optional(),
}).strict();
const NOT_FOUND_ORDER = { zh: '订单不存在', en: 'Order not found' };

/** Orders and ticketed events, written by the marketplace's integration and read by parties and staff. */
export async function ordersRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = app.deps;
  const db = database.db;

  r.post(
    '/orders',
    {
      schema: {
        tags: ['orders'],
        summary: 'Create or update an order (upsert by externalId)',
        body: UpsertOrderBodySchema,
        response: { 200: OrderSchema, 201: OrderSchema },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'order:upsert');
      const ctx = { tenantId: p.tenantId, actor: actorOf(p), now: clock.now(), requestId: request.id };
      const { order, created } = await upsertOrder(db, ctx, request.body);
      const merchant = await findMerchant(db, p.tenantId, order.merchantId);
      return reply.status(created ? 201 : 200).send(presentOrder(order, merchant?.name ?? null));
    },
  );

  r.get(
    '/orders',
    {
      schema: {
        tags: ['orders'],
        summary: 'List orders visible to the caller',
        querystring: ListOrdersQuerySchema,
        response: { 200: pageSchema(OrderSchema) },
      },
    },
    async (request) => {
      const p = authorize(request, 'order:read');
      const { limit, cursor, ...requested } = request.query;
      const scope = orderListScope(p, requested);
      if (!scope) return { items: [], nextCursor: null };
      const rows = await listOrders(db, p.tenantId, scope, limit, decodeCursor(cursor));
      const names = await merchantNames(
        db,
        p.tenantId,
        rows.map((o) => o.merchantId),
      );
      return toPage(rows, limit, orderCursorKey, (o) => presentOrder(o, names.get(o.merchantId) ?? null));
    },
  );

  r.get(
    '/orders/:id',
    {
      schema: {
        tags: ['orders'],
        summary: 'One order',
        params: IdParamsSchema,
        response: { 200: OrderSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'order:read');
      const order = await findOrder(db, p.tenantId, request.params.id);
      if (!order || !canSeeOrder(p, order)) throw notFound(NOT_FOUND_ORDER);
      const merchant = await findMerchant(db, p.tenantId, order.merchantId);
      return presentOrder(order, merchant?.name ?? null);
    },
  );

  r.post(
    '/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Create or update a ticketed event (upsert by externalId)',
        body: UpsertEventBodySchema,
        response: { 200: EventSchema, 201: EventSchema },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'event:upsert');
      const ctx = { tenantId: p.tenantId, actor: actorOf(p), now: clock.now(), requestId: request.id };
      const { event, created } = await upsertEvent(db, ctx, request.body);
      const organizer = await findMerchant(db, p.tenantId, event.organizerId);
      return reply.status(created ? 201 : 200).send(presentEvent(event, organizer?.name ?? null));
    },
  );

  r.get(
    '/events',
    {
      schema: {
        tags: ['events'],
        summary: 'List events',
        querystring: PageQuerySchema.extend({ organizerId: z.string().max(64).optional() }).strict(),
        response: { 200: pageSchema(EventSchema) },
      },
    },
    async (request) => {
      const p = authorize(request, 'event:read');
      const { limit, cursor, organizerId } = request.query;
      const rows = await listEvents(
        db,
        p.tenantId,
        organizerId ? { organizerId } : {},
        limit,
        decodeCursor(cursor),
      );
      const names = await merchantNames(
        db,
        p.tenantId,
        rows.map((e) => e.organizerId),
      );
      return toPage(
        rows,
        limit,
        (e) => e.id,
        (e) => presentEvent(e, names.get(e.organizerId) ?? null),
      );
    },
  );

  r.get(
    '/events/:id',
    {
      schema: {
        tags: ['events'],
        summary: 'One event',
        params: IdParamsSchema,
        response: { 200: EventSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'event:read');
      const event = await findEvent(db, p.tenantId, request.params.id);
      if (!event) throw notFound({ zh: '活动不存在', en: 'Event not found' });
      const organizer = await findMerchant(db, p.tenantId, event.organizerId);
      return presentEvent(event, organizer?.name ?? null);
    },
  );
}
