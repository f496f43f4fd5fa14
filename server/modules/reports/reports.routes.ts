import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { invalidField } from '../../http/errors.js';
import { addDays, isIsoDate, shanghaiDateOf } from '../calendar/index.js';
import { OverviewSchema, reportOverview } from './overview.js';

/** The longest period one overview covers (a year and a day, so a leap year fits). */
const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

const IsoDateParam = z.string().refine(isIsoDate, { message: 'a date written YYYY-MM-DD' });

/** Reports for supervisors and admins: aggregates computed in SQL, scoped to the caller's tenant. */
export async function reportsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = app.deps;

  r.get(
    '/reports/overview',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Volumes by day, category and channel; SLA compliance; outcomes; handling-time distribution over Asia/Shanghai days from..to (default: the last 30 days)',
        querystring: z.object({ from: IsoDateParam.optional(), to: IsoDateParam.optional() }).strict(),
        response: { 200: OverviewSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'report:read');
      const to = request.query.to ?? shanghaiDateOf(clock.now());
      const from = request.query.from ?? addDays(to, -29);
      const span = (Date.parse(to) - Date.parse(from)) / DAY_MS;
      if (span < 0) {
        throw invalidField('query.from', 'after_to', {
          zh: '开始日期不能晚于结束日期',
          en: 'from must not be after to',
        });
      }
      if (span >= MAX_DAYS) {
        throw invalidField('query.to', 'too_long', {
          zh: `统计区间最长 ${MAX_DAYS} 天`,
          en: `the period is at most ${MAX_DAYS} days`,
        });
      }
      return reportOverview(database.db, { tenantId: p.tenantId, from, to });
    },
  );
}
