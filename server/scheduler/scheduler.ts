import type { Logger } from 'pino';
import { lt } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { Clock } from '../lib/clock.js';
import { idempotencyKeys } from '../http/idempotency.table.js';
import { purgeExpiredSessions } from '../modules/accounts/accounts.repo.js';
import type { CalendarService } from '../modules/calendar/calendar-service.js';
import { sweepDeadlines } from '../modules/deadlines/index.js';
import { caseBreachHooks } from '../modules/cases/case-deadline-hooks.js';
import { runDueJobs } from '../modules/jobs/jobs.js';
import { noticeJobHandlers, type NoticeDeps } from '../modules/notices/notify.js';

export type SchedulerContext = {
  database: Database;
  clock: Clock;
  calendars: CalendarService;
  /** Notices read parties' addresses (encrypted PII) and send email and SMS through these senders. */
  notices: NoticeDeps;
};

/**
 * A periodic job. Every job must be safe when several scheduler processes run it at once (claims with
 * FOR UPDATE SKIP LOCKED, conditional updates, idempotent deletes).
 */
export type Job = { name: string; everyMs: number; run(ctx: SchedulerContext): Promise<number> };

const IDEMPOTENCY_RETENTION_MS = 24 * 3_600_000;

export const JOBS: Job[] = [
  {
    // Deadline warnings and breaches; the case module's hooks carry out a step's expiry in the same
    // transaction; notices are queued as `deadline.warning` / `deadline.breached` jobs.
    name: 'deadlines.sweep',
    everyMs: 1_000,
    run: async ({ database, clock, calendars }) => {
      const r = await sweepDeadlines(database.db, {
        now: () => clock.now(),
        hooks: caseBreachHooks(calendars),
      });
      return r.warned + r.breached + r.failed;
    },
  },
  {
    // Queued side effects (inbox notices, email and SMS deliveries with retries; webhooks and refunds as they land), claimed with SKIP LOCKED.
    name: 'jobs.run',
    everyMs: 1_000,
    run: async ({ database, clock, notices }) => {
      const r = await runDueJobs(
        database.db,
        noticeJobHandlers(database.db, () => clock.now(), notices),
        { now: () => clock.now() },
      );
      return r.succeeded + r.failed;
    },
  },
  {
    name: 'sessions.purge-expired',
    everyMs: 10 * 60_000,
    run: ({ database, clock }) => purgeExpiredSessions(database.db, clock.now()),
  },
  {
    name: 'idempotency.purge-old',
    everyMs: 60 * 60_000,
    run: async ({ database, clock }) => {
      const before = new Date(clock.now().getTime() - IDEMPOTENCY_RETENTION_MS);
      const gone = await database.db
        .delete(idempotencyKeys)
        .where(lt(idempotencyKeys.createdAt, before))
        .returning({ k: idempotencyKeys.key });
      return gone.length;
    },
  },
];

/**
 * Runs every job on its interval until stopped. A run never overlaps the previous run of the same job in this
 * process; a failing run is logged and tried again at the next interval.
 */
export function startScheduler(ctx: SchedulerContext & { logger: Pick<Logger, 'info' | 'error'> }) {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<unknown>>();
  for (const job of JOBS) {
    const tick = () => {
      if (running.has(job.name)) return;
      const p = job
        .run(ctx)
        .then((n) => n > 0 && ctx.logger.info({ job: job.name, affected: n }, 'job ran'))
        .catch((err: unknown) => ctx.logger.error({ err, job: job.name }, 'job failed'))
        .finally(() => running.delete(job.name));
      running.set(job.name, p);
    };
    timers.push(setInterval(tick, job.everyMs));
  }
  ctx.logger.info({ jobs: JOBS.map((j) => j.name) }, 'scheduler started');
  return {
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running.values()]);
    },
  };
}
