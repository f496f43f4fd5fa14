import type { Db } from '../../db/client.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { transact } from '../audit/index.js';
import type { CalendarService } from '../calendar/calendar-service.js';
import type { JobHandler } from '../jobs/jobs.js';
import { listCaseInstructions, REFUNDS_SETTLED_JOB } from '../refunds/index.js';
import { check } from './case-lifecycle.js';
import { lockCase } from './cases.repo.js';
import { applyAction, viewOf } from './take-action.js';

const SYSTEM = { kind: 'system' as const, userId: null, snapshot: SYSTEM_ACTOR };

/**
 * When every refund of a case has succeeded, the system marks the case executed (execution or refund_agreed
 * → closed), as a handler would after checking the money arrived. A case with a failed refund stays for its
 * handler. Safe to run twice: a case that moved on is left alone.
 */
export function caseRefundJobHandlers(
  db: Db,
  calendars: CalendarService,
  now: () => Date,
): Record<string, JobHandler> {
  return {
    [REFUNDS_SETTLED_JOB]: async (job) =>
      transact(db, async (tx) => {
        const caseId = String(job.payload.caseId);
        const c = await lockCase(tx, job.tenantId, caseId);
        if (!c || !check(viewOf(c), 'mark_executed', SYSTEM).ok) return { closed: false };
        const refunds = await listCaseInstructions(tx, c.tenantId, c.id);
        if (refunds.length === 0 || refunds.some((r) => r.status !== 'succeeded')) return { closed: false };
        await applyAction(
          tx,
          c,
          'mark_executed',
          SYSTEM,
          { note: '全部退款已原路退回 / all refunds succeeded' },
          { now: now(), calendar: await calendars.forTenant(c.tenantId, tx) },
        );
        return { closed: true };
      }),
  };
}
