import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { FenInputSchema, FenSchema } from '../../../common/money.js';
import { authorize } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { actorOf, roleOf } from '../accounts/principal.js';
import { distributeRecovered, openRecovery, type RecoveryRow } from './recovery.js';
import { RECOVERY_TRIGGERS } from './settlement-rules.js';
import { recoveries } from './settlement.table.js';

const RecoverySchema = z.object({
  id: z.string(),
  merchantId: z.string(),
  trigger: z.enum(RECOVERY_TRIGGERS),
  details: z.record(z.string(), z.unknown()),
  status: z.string(),
  claimants: z.array(z.object({ caseId: z.string(), claimFen: FenSchema, shareFen: FenSchema.nullable() })),
  distribution: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const present = (r: RecoveryRow) => ({
  id: r.id,
  merchantId: r.merchantId,
  trigger: r.trigger as (typeof RECOVERY_TRIGGERS)[number],
  details: r.details,
  status: r.status,
  claimants: r.claimants,
  distribution: r.distribution ?? null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
const Fen0 = FenInputSchema.default(0n);

/** Assisted recovery (协助追偿, seed 000 §3): open with a trigger and freeze; distribute what was recovered. */
export async function recoveryRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock, calendars } = app.deps;
  const db = database.db;

  r.post(
    '/recoveries',
    {
      schema: {
        tags: ['settlement'],
        summary: 'Open an assisted recovery against a merchant; freezes its pending settlement and deposit',
        body: z
          .object({
            merchantId: z.string().min(1).max(64),
            trigger: z.enum(RECOVERY_TRIGGERS),
            note: z.string().trim().min(1).max(2000),
            refundDueOn: z.iso.date().optional(),
            eventId: z.string().min(1).max(64).optional(),
            claimants: z
              .array(z.object({ caseId: z.string().min(1).max(64), claimFen: FenInputSchema }).strict())
              .max(10_000)
              .default([]),
          })
          .strict(),
        response: { 201: RecoverySchema },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'money:freeze');
      const recovery = await openRecovery(
        db,
        { tenantId: p.tenantId, actor: actorOf(p), now: clock.now(), requestId: request.id },
        await calendars.forTenant(p.tenantId),
        request.body,
      );
      return reply.status(201).send(present(recovery));
    },
  );

  r.get(
    '/recoveries/:id',
    {
      schema: {
        tags: ['settlement'],
        summary: 'One assisted recovery (its merchant sees its own)',
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: RecoverySchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'money:read');
      const [row] = await db
        .select()
        .from(recoveries)
        .where(and(eq(recoveries.tenantId, p.tenantId), eq(recoveries.id, request.params.id)));
      const own = p.kind === 'user' && p.merchantId === row?.merchantId;
      if (!row || (roleOf(p) === 'merchant' && !own))
        throw notFound({ zh: '追偿不存在', en: 'Recovery not found' });
      return present(row);
    },
  );

  r.post(
    '/recoveries/:id/distribution',
    {
      schema: {
        tags: ['settlement'],
        summary: "Distribute recovered money by the policy's reading of seed 000 §3.3, exactly to the fen",
        params: z.object({ id: z.string().min(1).max(64) }),
        body: z
          .object({ fromPendingFen: Fen0, fromDepositFen: Fen0, externalFen: Fen0, costsFen: Fen0 })
          .strict(),
        response: { 200: RecoverySchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'money:freeze');
      const done = await distributeRecovered(
        db,
        { tenantId: p.tenantId, actor: actorOf(p), now: clock.now(), requestId: request.id },
        request.params.id,
        request.body,
      );
      return present(done);
    },
  );
}
