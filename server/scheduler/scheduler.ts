import type { Logger } from 'pino';
import { and, lt } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { Clock } from '../lib/clock.js';
import { idempotencyKeys } from '../http/idempotency.table.js';
import { purgeExpiredSessions } from '../modules/accounts/accounts.repo.js';

/** A periodic job. Jobs must be safe when several scheduler processes run them at the same time. */
export type Job = {
  name: string;
  everyMs: number;
  run(ctx: { database: Database; clock: Clock }): Promise<number>;
};

const IDEMPOTENCY_RETENTION_MS = 24 * 3_600_000;

/** Housekeeping jobs. Deadline sweeps register here too (issue #3). */
export const JOBS: Job[] = [
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
        .where(and(lt(idempotencyKeys.createdAt, before)))
        .returning({ k: idempotencyKeys.key });
      return gone.length;
    },
  },
];

/** Runs every job on its interval until stopped; a failing run is logged and retried next interval. */
export function startScheduler(ctx: {
  database: Database;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'error'>;
}) {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  for (const job of JOBS) {
    const tick = () => {
      const p = job
        .run(ctx)
        .then((n) => n > 0 && ctx.logger.info({ job: job.name, affected: n }, 'job ran'))
        .catch((err: unknown) => ctx.logger.error({ err, job: job.name }, 'job failed'))
        .finally(() => running.delete(p));
      running.add(p);
    };
    timers.push(setInterval(tick, job.everyMs));
  }
  ctx.logger.info({ jobs: JOBS.map((j) => j.name) }, 'scheduler started');
  return {
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
