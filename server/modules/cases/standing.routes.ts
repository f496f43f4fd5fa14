import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FenSchema } from '../../../common/money.js';
import { authorize } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { roleOf } from '../accounts/principal.js';
import { deadlines } from '../deadlines/index.js';
import { findMerchant } from '../tenants/tenants.repo.js';
import { cases } from './cases.table.js';

const Count = z.number().int().nonnegative();
const StandingSchema = z.object({
  merchantId: z.string(),
  cases: z.object({ total: Count, open: Count, decided: Count, decidedAgainst: Count }),
  /** The merchant's own deadlines (to respond, to provide evidence…) that are settled: met in time or breached. */
  deadlines: z.object({ met: Count, breached: Count }),
  penalties: z.array(
    z.object({
      caseId: z.string(),
      caseNumber: z.string(),
      type: z.string(),
      amountFen: FenSchema.nullable(),
      note: z.string().nullable(),
    }),
  ),
});

type Decision = {
  kind?: string;
  remedies?: unknown[];
  penalties?: { type: string; amountFen?: string | number | null; note?: string | null }[];
};

/**
 * A merchant's case-handling standing (评分依据): how many of its cases were decided by the platform and how
 * many against it (a decision with a remedy), how many of its own deadlines it met or breached, and the
 * penalties decisions imposed. Counted from the cases and deadlines as they stand; nothing is stored.
 */
export async function standingRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  r.get(
    '/merchants/:merchantId/standing',
    {
      schema: {
        tags: ['cases'],
        summary:
          "A merchant's case-handling standing: decisions against it, deadlines met/breached, penalties",
        params: z.object({ merchantId: z.string().min(1).max(64) }),
        response: { 200: StandingSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'money:read');
      const { merchantId } = request.params;
      const own = p.kind === 'user' && p.merchantId === merchantId;
      if ((roleOf(p) === 'merchant' && !own) || !(await findMerchant(db, p.tenantId, merchantId)))
        throw notFound({ zh: '商家不存在', en: 'Merchant not found' });
      const rows = await db
        .select({ id: cases.id, number: cases.number, isOpen: cases.isOpen, details: cases.details })
        .from(cases)
        .where(and(eq(cases.tenantId, p.tenantId), eq(cases.respondentMerchantId, merchantId)));
      const counts = { total: rows.length, open: 0, decided: 0, decidedAgainst: 0 };
      const penalties: z.infer<typeof StandingSchema>['penalties'] = [];
      for (const c of rows) {
        if (c.isOpen) counts.open += 1;
        const d = c.details.decision as Decision | undefined;
        if (d?.kind !== 'platform_decision') continue;
        counts.decided += 1;
        if ((d.remedies ?? []).length > 0) counts.decidedAgainst += 1;
        for (const pen of d.penalties ?? [])
          penalties.push({
            caseId: c.id,
            caseNumber: c.number,
            type: pen.type,
            amountFen: pen.amountFen == null ? null : String(pen.amountFen),
            note: pen.note ?? null,
          });
      }
      const ids = rows.map((c) => c.id);
      const settled =
        ids.length === 0
          ? []
          : await db
              .select({ status: deadlines.status, n: sql<number>`count(*)::int` })
              .from(deadlines)
              .where(
                and(
                  eq(deadlines.tenantId, p.tenantId),
                  eq(deadlines.subjectType, 'case'),
                  inArray(deadlines.subjectId, ids),
                  eq(deadlines.owner, 'respondent'),
                  inArray(deadlines.status, ['met', 'breached']),
                ),
              )
              .groupBy(deadlines.status);
      const n = (s: string) => settled.find((x) => x.status === s)?.n ?? 0;
      return {
        merchantId,
        cases: counts,
        deadlines: { met: n('met'), breached: n('breached') },
        penalties,
      };
    },
  );
}
