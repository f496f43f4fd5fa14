import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { PageQuerySchema, decodeCursor, pageSchema, toPage } from '../../http/pagination.js';
import { normalizePhone } from '../privacy/pii-crypto.js';
import { piiAccess } from '../privacy/masking.js';
import { findUser, findUsersByPhoneIndex, listUsers } from './accounts.repo.js';
import {
  ApiKeySchema,
  CreateApiKeyBodySchema,
  createApiKey,
  listApiKeys,
  presentApiKey,
  revokeApiKey,
} from './api-keys.js';
import { CreateUserBodySchema, createUser } from './create-user.js';
import { UpdateUserBodySchema, updateUser } from './update-user.js';
import { PersonSchema, presentPerson } from './people.js';
import { actorOf, roleOf, type Principal } from './principal.js';
import { UpsertConsumerBodySchema, upsertConsumer } from './upsert-consumer.js';

const IdParamsSchema = z.object({ id: z.string().min(1).max(64) });

function accessFor(p: Principal, userId: string) {
  return piiAccess(roleOf(p), p.kind === 'user' && p.userId === userId);
}

/** Users (admin), consumers (integration, agents) and integration keys (admin). */
export async function accountsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock, pii } = app.deps;
  const db = database.db;
  const ctxOf = (p: Principal, requestId: string) => ({
    tenantId: p.tenantId,
    actor: actorOf(p),
    now: clock.now(),
    requestId,
  });

  r.post(
    '/users',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Create a user who signs in with a password',
        body: CreateUserBodySchema,
        response: { 201: PersonSchema },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'user:manage');
      const user = await createUser(db, pii, ctxOf(p, request.id), request.body);
      return reply.status(201).send(presentPerson(pii, user, accessFor(p, user.id)));
    },
  );

  r.get(
    '/users',
    {
      schema: {
        tags: ['accounts'],
        summary: 'List users of the tenant',
        querystring: PageQuerySchema.strict(),
        response: { 200: pageSchema(PersonSchema) },
      },
    },
    async (request) => {
      const p = authorize(request, 'user:manage');
      const rows = await listUsers(
        db,
        p.tenantId,
        request.query.limit + 1,
        decodeCursor(request.query.cursor),
      );
      return toPage(
        rows,
        request.query.limit,
        (u) => u.id,
        (u) => presentPerson(pii, u, accessFor(p, u.id)),
      );
    },
  );

  r.patch(
    '/users/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Change a user’s role, merchant, display name, or disable / re-enable them (audited)',
        params: IdParamsSchema,
        body: UpdateUserBodySchema,
        response: { 200: PersonSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'user:manage');
      const user = await updateUser(db, ctxOf(p, request.id), request.params.id, request.body);
      return presentPerson(pii, user, accessFor(p, user.id));
    },
  );

  r.post(
    '/consumers',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Create or update a consumer by the marketplace user id',
        body: UpsertConsumerBodySchema,
        response: { 200: PersonSchema, 201: PersonSchema },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'consumer:upsert');
      const { user, created } = await upsertConsumer(db, pii, ctxOf(p, request.id), request.body);
      return reply.status(created ? 201 : 200).send(presentPerson(pii, user, accessFor(p, user.id)));
    },
  );

  r.get(
    '/consumers',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Find consumers by phone (hotline look-up through the blind index)',
        querystring: z
          .object({
            phone: z
              .string()
              .trim()
              .regex(/^[+\d][\d -]{6,20}$/, 'a phone number'),
          })
          .strict(),
        response: { 200: z.object({ items: z.array(PersonSchema) }) },
      },
    },
    async (request) => {
      const p = authorize(request, 'consumer:lookup');
      const phone = normalizePhone(request.query.phone);
      const rows = await findUsersByPhoneIndex(db, p.tenantId, pii.blindIndex(phone, 'users.phone'));
      return { items: rows.map((u) => presentPerson(pii, u, accessFor(p, u.id))) };
    },
  );

  r.get(
    '/people/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'One person, PII shown as the caller may see it',
        params: IdParamsSchema,
        response: { 200: PersonSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'consumer:read-pii');
      const user = await findUser(db, p.tenantId, request.params.id);
      const isSelf = p.kind === 'user' && p.userId === request.params.id;
      if (!user || (roleOf(p) === 'consumer' && !isSelf)) throw notFound();
      return presentPerson(pii, user, accessFor(p, user.id));
    },
  );

  r.post(
    '/api-keys',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Issue an integration API key (the secret is shown once)',
        body: CreateApiKeyBodySchema,
        response: { 201: ApiKeySchema.extend({ secret: z.string() }) },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'apikey:manage');
      const { key, secret } = await createApiKey(db, ctxOf(p, request.id), request.body.name);
      return reply.status(201).send({ ...presentApiKey(key), secret });
    },
  );

  r.get(
    '/api-keys',
    {
      schema: {
        tags: ['accounts'],
        summary: 'List integration keys',
        response: { 200: z.object({ items: z.array(ApiKeySchema) }) },
      },
    },
    async (request) => {
      const p = authorize(request, 'apikey:manage');
      return { items: (await listApiKeys(db, p.tenantId)).map(presentApiKey) };
    },
  );

  r.post(
    '/api-keys/:id/revoke',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Revoke an integration key',
        params: IdParamsSchema,
        response: { 200: ApiKeySchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'apikey:manage');
      return presentApiKey(await revokeApiKey(db, ctxOf(p, request.id), request.params.id));
    },
  );
}
