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
import {
  payMerchantsDue,
  reconcilePayouts,
  recoveryJobHandlers,
  sendDuePayouts,
  settleDueEvents,
} from '../modules/settlement/index.js';
import { caseRefundJobHandlers } from '../modules/cases/case-refund-jobs.js';
import {
  dispatchDueRefunds,
  drainSettledRefunds,
  listRunningMassRefunds,
  massRefundJobHandlers,
  runMassRefundBatch,
  type PaymentsRuntime,
} from '../modules/refunds/index.js';

export type SchedulerContext = {
  database: Database;
  clock: Clock;
  calendars: CalendarService;
  /** Without it refunds are instructed but not sent (tests, a scheduler with no provider configured). */
  payments?: PaymentsRuntime;
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
    run: async ({ database, clock, calendars, notices, payments }) => {
      const now = () => clock.now();
      const r = await runDueJobs(
        database.db,
        {
          ...noticeJobHandlers(database.db, now, notices),
          ...caseRefundJobHandlers(database.db, calendars, now),
          ...massRefundJobHandlers(database.db, now),
          // Provider stop-payments wait in the queue until a provider is wired in.
          ...(payments ? recoveryJobHandlers(database.db, payments.provider, now) : {}),
        },
        { now },
      );
      return r.succeeded + r.failed;
    },
  },
  {
    // Ticket escrow settled 3 working days after each event ends (seed 000 §(三)1); once per event.
    name: 'settlement.events',
    everyMs: 60_000,
    run: ({ database, clock, calendars }) =>
      settleDueEvents(database.db, { now: () => clock.now(), calendars }),
  },
  {
    // The merchant settlement cycle: matured, unheld pending settlement paid out at most once a day.
    name: 'settlement.merchant-payouts',
    everyMs: 10 * 60_000,
    run: ({ database, clock, calendars }) =>
      payMerchantsDue(database.db, { now: () => clock.now(), calendars }),
  },
  {
    // Payout instructions sent (and unknown outcomes retried under their key) through the provider.
    name: 'settlement.send-payouts',
    everyMs: 5_000,
    run: async ({ database, clock, payments }) => {
      if (!payments) return 0;
      const r = await sendDuePayouts(database.db, payments.provider, {
        now: () => clock.now(),
        callbackUrl: payments.callbackUrl,
      });
      return r.sent + (await reconcilePayouts(database.db, payments.provider, { now: () => clock.now() }));
    },
  },
  {
    // Refund instructions: sent, retried with backoff, re-issued after an outage, reconciled when no callback
    // came; claimed with SKIP LOCKED under a lease, so any number of schedulers may run this.
    name: 'refunds.dispatch',
    everyMs: 1_000,
    run: async ({ database, clock, payments }) => {
      if (!payments) return 0;
      const r = await dispatchDueRefunds(database.db, { ...payments, now: () => clock.now() });
      return r.recorded;
    },
  },
  {
    // Refunds whose final answer was recorded (callback, dispatch, reconcile): ledger entries, audit events and
    // the cases' refunds_settled jobs in batches of 1,000, claimed with SKIP LOCKED by any number of schedulers.
    name: 'refunds.post-settled',
    everyMs: 1_000,
    run: ({ database, clock }) => drainSettledRefunds(database.db, { now: () => clock.now() }),
  },
  {
    // Mass refunds started through the API: a few batches per run, resumed after a crash by any scheduler
    // (each batch locks its operation row, so concurrent runs take turns).
    name: 'refunds.mass',
    everyMs: 1_000,
    run: async ({ database, clock }) => {
      let orders = 0;
      for (const op of await listRunningMassRefunds(database.db)) {
        for (let i = 0; i < 5; i++) {
          const before = op.processed;
          const after = await runMassRefundBatch(database.db, op.id, { now: clock.now() });
          orders += after.processed - before;
          op.processed = after.processed;
          if (after.status !== 'running') break;
        }
      }
      return orders;
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
