import { isPartyViewer } from './case-access.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { CaseMoneySchema, loadCaseMoney } from '../refunds/index.js';
import { getVisibleCase } from './case-queries.js';

/** The money of a case for those who may see the case: parties see their refunds, staff also the ledger. */
export async function caseMoneyRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  r.get(
    '/cases/:id/money',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Money on a case: each refund to the consumer — who pays, how much, why, when, where it stands',
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: CaseMoneySchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'case:read');
      const { c, viewer } = await getVisibleCase(db, p, request.params.id);
      return loadCaseMoney(db, c, isPartyViewer(viewer) ? 'party' : 'staff');
    },
  );
}
