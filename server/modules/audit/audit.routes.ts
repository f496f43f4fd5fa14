import { and, desc, eq, lt } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { PageQuerySchema, decodeCursor, pageSchema, toPage } from '../../http/pagination.js';
import { verifyAuditChain } from './audit.repo.js';
import { auditEvents } from './audit.table.js';

const AuditEventSchema = z.object({
  seq: z.string(),
  occurredAt: z.string(),
  actor: z.object({
    type: z.string(),
    id: z.string().nullable(),
    role: z.string().nullable(),
    name: z.string().nullable(),
  }),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  caseId: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()),
  partyVisible: z.boolean(),
  requestId: z.string().nullable(),
  hash: z.string(),
});

/** The tenant's audit trail for supervisors and admins, and the chain check. */
export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;

  r.get(
    '/audit/events',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first',
        querystring: PageQuerySchema.extend({
          targetType: z.string().max(40).optional(),
          targetId: z.string().max(64).optional(),
        }).strict(),
        response: { 200: pageSchema(AuditEventSchema) },
      },
    },
    async (request) => {
      const p = authorize(request, 'audit:read');
      const { limit, cursor, targetType, targetId } = request.query;
      const before = decodeCursor(cursor);
      if (before !== undefined && !/^\d+$/.test(before)) return { items: [], nextCursor: null };
      const rows = await db
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.tenantId, p.tenantId),
            targetType ? eq(auditEvents.targetType, targetType) : undefined,
            targetId ? eq(auditEvents.targetId, targetId) : undefined,
            before ? lt(auditEvents.seq, BigInt(before)) : undefined,
          ),
        )
        .orderBy(desc(auditEvents.seq))
        .limit(limit + 1);
      return toPage(
        rows,
        limit,
        (e) => e.seq.toString(),
        (e) => ({
          seq: e.seq.toString(),
          occurredAt: e.occurredAt.toISOString(),
          actor: e.actor,
          action: e.action,
          targetType: e.targetType,
          targetId: e.targetId,
          caseId: e.caseId,
          summary: e.summary,
          partyVisible: e.partyVisible,
          requestId: e.requestId,
          hash: e.hash,
        }),
      );
    },
  );

  r.post(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: "Recompute the tenant's hash chain and report any edited or missing event",
        response: {
          200: z.object({
            ok: z.boolean(),
            events: z.number(),
            problems: z.array(z.object({ seq: z.string(), problem: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      const p = authorize(request, 'audit:verify');
      const result = await verifyAuditChain(db, { tenantId: p.tenantId });
      return {
        ok: result.ok,
        events: result.events,
        problems: result.problems.map(({ seq, problem }) => ({ seq, problem })),
      };
    },
  );
}
