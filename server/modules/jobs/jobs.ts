import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { toJsonValue } from '../../lib/canonical-json.js';
import { bulkInsert } from '../../db/bulk-insert.js';
import { newId } from '../../lib/ids.js';
import { jobs } from './jobs.table.js';

export type JobRow = typeof jobs.$inferSelect;

/** Runs one job's effect. Throwing schedules a retry; the return value is kept as the job's result. */
export type JobHandler = (job: JobRow) => Promise<unknown>;

export type EnqueueInput = {
  tenantId: string;
  kind: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
  runAt: Date;
  maxAttempts?: number;
};

/**
 * Queues side effects inside the caller's transaction, so they exist iff the change that caused them commits.
 * A row whose (tenant, dedupe key) already exists is skipped: enqueueing is idempotent.
 */
export async function enqueueJobs(tx: Db, inputs: EnqueueInput[], now: Date): Promise<number> {
  if (inputs.length === 0) return 0;
  // One parameter per column, not per value: a mass refund queues 50,000 notices in one transaction.
  const inserted = await bulkInsert(
    tx,
    'jobs',
    [
      ['id', 'text'],
      ['tenant_id', 'text'],
      ['kind', 'text'],
      ['dedupe_key', 'text'],
      ['payload', 'jsonb'],
      ['status', 'text'],
      ['run_at', 'timestamptz'],
      ['max_attempts', 'integer'],
      ['created_at', 'timestamptz'],
    ],
    inputs.map((j) => [
      newId('job', now.getTime()),
      j.tenantId,
      j.kind,
      j.dedupeKey,
      j.payload,
      'queued',
      j.runAt,
      j.maxAttempts ?? 10,
      now,
    ]),
    { onConflictDoNothing: true, returning: 'id' },
  );
  return inserted.length;
}

/** Delay before attempt n+1 after n failures: 10 s, 20 s, 40 s … capped at one hour. */
export function backoffMs(failures: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, failures - 1), 3_600_000);
}

/**
 * Claims due jobs (queued, or running with an expired lease — its worker died) with FOR UPDATE SKIP LOCKED,
 * so concurrent workers never take the same row. The lease is committed before any handler runs.
 */
export async function claimJobs(
  db: Db,
  opts: { now: Date; limit: number; leaseMs: number; kinds?: string[] },
): Promise<JobRow[]> {
  return db.transaction(async (tx) => {
    const kindFilter = opts.kinds
      ? sql`and kind in (${sql.join(
          opts.kinds.map((k) => sql`${k}`),
          sql`, `,
        )})`
      : sql``;
    const due = {
      rows: await queryRows<{ id: string }>(
        tx,
        sql`
      select id from jobs
       where status in ('queued', 'running') and run_at <= ${opts.now}
         and coalesce(locked_until, '-infinity'::timestamptz) < ${opts.now} ${kindFilter}
       order by run_at
       limit ${opts.limit}
       for update skip locked`,
      ),
    };
    const ids = due.rows.map((r) => r.id);
    if (ids.length === 0) return [];
    return tx
      .update(jobs)
      .set({
        status: 'running',
        attempts: sql`${jobs.attempts} + 1`,
        lockedUntil: new Date(opts.now.getTime() + opts.leaseMs),
      })
      .where(inArray(jobs.id, ids))
      .returning();
  });
}

/** Records a job's outcome; a failure is retried with backoff until `maxAttempts`, then marked dead. */
export async function finishJob(
  db: Db,
  job: JobRow,
  outcome: { ok: true; result: unknown } | { ok: false; error: string },
  now: Date,
) {
  const mine = and(eq(jobs.id, job.id), eq(jobs.status, 'running'), eq(jobs.attempts, job.attempts));
  if (outcome.ok) {
    await db
      .update(jobs)
      .set({
        status: 'succeeded',
        result: toJsonValue(outcome.result ?? null),
        lockedUntil: null,
        finishedAt: now,
        lastError: null,
      })
      .where(mine);
    return;
  }
  const dead = job.attempts >= job.maxAttempts;
  await db
    .update(jobs)
    .set({
      status: dead ? 'dead' : 'queued',
      lastError: outcome.error.slice(0, 2000),
      lockedUntil: null,
      runAt: dead ? job.runAt : new Date(now.getTime() + backoffMs(job.attempts)),
      finishedAt: dead ? now : null,
    })
    .where(mine);
}

/** Claims and runs due jobs of the registered kinds once; returns how many succeeded and failed. */
export async function runDueJobs(
  db: Db,
  handlers: Record<string, JobHandler>,
  opts: { now: () => Date; limit?: number; leaseMs?: number },
): Promise<{ succeeded: number; failed: number }> {
  const kinds = Object.keys(handlers);
  if (kinds.length === 0) return { succeeded: 0, failed: 0 };
  const claimed = await claimJobs(db, {
    now: opts.now(),
    limit: opts.limit ?? 100,
    leaseMs: opts.leaseMs ?? 60_000,
    kinds,
  });
  let succeeded = 0;
  let failed = 0;
  for (const job of claimed) {
    const handler = handlers[job.kind]!;
    try {
      const result = await handler(job);
      await finishJob(db, job, { ok: true, result }, opts.now());
      succeeded += 1;
    } catch (err) {
      await finishJob(
        db,
        job,
        { ok: false, error: err instanceof Error ? err.message : String(err) },
        opts.now(),
      );
      failed += 1;
    }
  }
  return { succeeded, failed };
}
