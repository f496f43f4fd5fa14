import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../../http/auth.js';
import { DomainError } from '../../http/errors.js';
import { inboxOf, markRead } from './notify.js';

const NoticeSchema = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  /** The same notice in English; null for notices written before it was kept. */
  en: z.object({ title: z.string(), body: z.string() }).nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

/** The signed-in user's in-app inbox. */
export async function noticesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = app.deps;

  r.get(
    '/notices',
    {
      schema: {
        tags: ['notices'],
        summary: 'My inbox (newest first) and how many are unread',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
        response: { 200: z.object({ unread: z.number(), items: z.array(NoticeSchema) }) },
      },
    },
    async (request) => {
      const p = requirePrincipal(request);
      if (p.kind !== 'user') throw new DomainError('FORBIDDEN', { message: 'integrations have no inbox' });
      const { items, unread } = await inboxOf(database.db, p.tenantId, p.userId, request.query.limit);
      return {
        unread,
        items: items.map((n) => ({
          id: n.id,
          caseId: n.caseId,
          title: n.title,
          body: n.body,
          en: n.titleEn !== null && n.bodyEn !== null ? { title: n.titleEn, body: n.bodyEn } : null,
          createdAt: n.createdAt.toISOString(),
          readAt: n.readAt?.toISOString() ?? null,
        })),
      };
    },
  );

  r.post(
    '/notices/read',
    {
      schema: {
        tags: ['notices'],
        summary: 'Mark notices as read',
        body: z.object({ ids: z.array(z.string().max(120)).min(1).max(200) }).strict(),
        response: { 200: z.object({ marked: z.number() }) },
      },
    },
    async (request) => {
      const p = requirePrincipal(request);
      if (p.kind !== 'user') throw new DomainError('FORBIDDEN');
      return { marked: await markRead(database.db, p.tenantId, p.userId, request.body.ids, clock.now()) };
    },
  );
}
