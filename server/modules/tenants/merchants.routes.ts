import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FenSchema } from '../../../common/money.js';
import { authorize } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { PageQuerySchema, decodeCursor, pageSchema, toPage } from '../../http/pagination.js';
import { actorOf, roleOf } from '../accounts/principal.js';
import { depositBalances } from '../settlement/index.js';
import { findMerchant, listMerchants, type MerchantRow } from './tenants.repo.js';
import { UpsertMerchantBodySchema, upsertMerchant } from './upsert-merchant.js';

const MerchantSchema = z.object({
  id: z.string(),
  externalId: z.string(),
  name: z.string(),
  kind: z.string(),
  depositFen: FenSchema,
  createdAt: z.string(),
});

/** `depositFen` is the ledger's deposit balance (the row's `deposit_fen` column is not kept). */
const present = (m: MerchantRow, deposits: Map<string, bigint>) => ({
  id: m.id,
  externalId: m.externalId,
  name: m.name,
  kind: m.kind,
  depositFen: (deposits.get(m.id) ?? 0n).toString(),
  createdAt: m.createdAt.toISOString(),
});

/** Merchant organisations: upserted by the integration, readable by staff and by their own members. */
export async function merchantsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = app.deps;
  const db = database.db;

  r.post(
    '/merchants',
    {
      schema: {
        tags: ['merchants'],
        summary: 'Create or update a merchant (upsert by externalId)',
        body: UpsertMerchantBodySchema,
        response: { 200: MerchantSchema, 201: MerchantSchema },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'merchant:upsert');
      const { merchant, created } = await upsertMerchant(
        db,
        { tenantId: p.tenantId, actor: actorOf(p), now: clock.now(), requestId: request.id },
        request.body,
      );
      const deposits = await depositBalances(db, p.tenantId, [merchant.id]);
      return reply.status(created ? 201 : 200).send(present(merchant, deposits));
    },
  );

  r.get(
    '/merchants',
    {
      schema: {
        tags: ['merchants'],
        summary: 'List merchants (a merchant member sees only its own)',
        querystring: PageQuerySchema.strict(),
        response: { 200: pageSchema(MerchantSchema) },
      },
    },
    async (request) => {
      const p = authorize(request, 'merchant:read');
      if (roleOf(p) === 'merchant') {
        const own =
          p.kind === 'user' && p.merchantId ? await findMerchant(db, p.tenantId, p.merchantId) : undefined;
        const deposits = await depositBalances(db, p.tenantId, own ? [own.id] : []);
        return { items: own ? [present(own, deposits)] : [], nextCursor: null };
      }
      const { limit, cursor } = request.query;
      const rows = await listMerchants(db, p.tenantId, limit + 1, decodeCursor(cursor));
      const deposits = await depositBalances(
        db,
        p.tenantId,
        rows.map((m) => m.id),
      );
      return toPage(
        rows,
        limit,
        (m) => m.id,
        (m) => present(m, deposits),
      );
    },
  );

  r.get(
    '/merchants/:id',
    {
      schema: {
        tags: ['merchants'],
        summary: 'One merchant',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: MerchantSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'merchant:read');
      const m = await findMerchant(db, p.tenantId, request.params.id);
      const isOwn = p.kind === 'user' && p.merchantId === request.params.id;
      if (!m || (roleOf(p) === 'merchant' && !isOwn))
        throw notFound({ zh: '商家不存在', en: 'Merchant not found' });
      return present(m, await depositBalances(db, p.tenantId, [m.id]));
    },
  );
}
