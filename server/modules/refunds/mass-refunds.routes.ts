import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FenSchema } from '../../../common/money.js';
import { authorize } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { actorOf } from '../accounts/principal.js';
import { findMassRefund, MASS_REASONS, massRefundProgress, startMassRefund } from './mass-refund.js';

const ProgressSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  reason: z.string(),
  status: z.enum(['running', 'done']),
  totalOrders: z.number().int(),
  processedOrders: z.number().int(),
  instructedFen: FenSchema,
  refunds: z.object({ inFlight: z.number().int(), succeeded: z.number().int(), failed: z.number().int() }),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

const NOT_FOUND = { zh: '批量退款不存在', en: 'Mass refund not found' };

/**
 * Mass refunds of an event: start one (the scheduler processes it batch by batch and resumes it after a
 * crash; starting it again returns the same operation) and follow its progress.
 */
export async function massRefundsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = app.deps;
  r.post(
    '/events/:eventId/mass-refunds',
    {
      schema: {
        tags: ['payments'],
        summary:
          'Refund every order of a cancelled, postponed or stopped event (one operation; progress below)',
        params: z.object({ eventId: z.string().min(1).max(64) }),
        body: z.object({ reason: z.enum(MASS_REASONS) }).strict(),
        response: { 202: ProgressSchema },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'refund:mass');
      const op = await startMassRefund(database.db, {
        tenantId: p.tenantId,
        eventId: request.params.eventId,
        reason: request.body.reason,
        actor: actorOf(p),
        now: clock.now(),
      });
      return reply.status(202).send(await progressOf(op));
    },
  );
  r.get(
    '/mass-refunds/:id',
    {
      schema: {
        tags: ['payments'],
        summary: 'Progress of a mass refund: orders processed, refunds in flight, succeeded, failed',
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: ProgressSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'refund:mass');
      const op = await findMassRefund(database.db, p.tenantId, request.params.id);
      if (!op) throw notFound(NOT_FOUND);
      return progressOf(op);
    },
  );
  async function progressOf(op: Awaited<ReturnType<typeof startMassRefund>>) {
    const progress = await massRefundProgress(database.db, op);
    return { ...progress, status: progress.status as 'running' | 'done' };
  }
}
