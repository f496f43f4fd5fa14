/**
 * Deadline sweep on PostgreSQL (issue #3, "Performance"): 1,000,000 pending deadlines; the sweep's cost
 * follows how many are due, not how many exist; 10,000 falling due at the same second are all fired within
 * 10 s, with the firing lag reported.
 *
 * Runs Accord's own `sweepDeadlines` (server/modules/deadlines) through the application's database layer
 * (`openPostgres(url)` + `migrate()`) on a throwaway database. Rows are seeded in bulk with
 * `insert … select … from generate_series` for one tenant (created with `insertTenant`): subject 'case',
 * target 24 hours, `warn_percent` NULL (no warnings), `on_breach` 'notify', no breach hooks.
 *
 * 1. Sweep with 1k pending: 1,000 pending rows, all due; one sweep pass (`sweepDeadlines`, default batch
 *    size 500) fires them. Two warm-up passes, then the median of {@link SWEEP_REPS} passes, each on 1,000
 *    freshly inserted due rows → `sweep_ms_1k`. Also an idle pass (nothing due) → `idle_sweep_ms_1k`.
 * 2. 1,000,000 more pending rows, due 30–59 days ahead (progress on stderr), then VACUUM ANALYZE and a
 *    CHECKPOINT so that autovacuum and checkpoints of the seed do not land in the timed part.
 * 3. Sweep with 1M pending: the same passes on 1,000 due rows among 1,000,000 pending → `sweep_ms_1m`,
 *    `idle_sweep_ms_1m`. EXPLAIN (ANALYZE, BUFFERS) of the claim query (`claimDueDeadlines`) is printed in
 *    both phases (before the second warm-up pass) to show it reads `deadlines_fire_idx` → `index_used`.
 * 4. 10,000 due at the same instant: 10,000 of the pending rows (every 100th) get due_at = next_fire_at = T,
 *    a whole wall-clock second {@link LEAD_MS} ahead. Then {@link SCHEDULERS} sweepers behave like the
 *    scheduler's `deadlines.sweep` job (server/scheduler/scheduler.ts): `setInterval` every 1,000 ms, a tick
 *    skipped while the previous run is still going, each run `sweepDeadlines(db, { now: () => new Date() })`.
 *    They model two scheduler processes as two loops in this process, each with its own connection pool,
 *    the second started 500 ms after the first; being one process, they share one Node event loop (two real
 *    processes could use both cores for their JavaScript).
 *    - `fire_all_s`: from T to the latest `deadline_events.at` of the 10,000 'breached' events. `at` is the
 *      `now` of the batch, taken when the batch STARTS, so `fire_all_commit_s` (from T until the sweep that
 *      fired the last of them returned, i.e. committed) is also reported; `meets_target` requires both ≤ 10 s.
 *    - lag of a deadline = `deadline_events.at` of its 'breached' event − its due_at; p50/p99 over the 10,000.
 *    - Where the time goes: every statement of the sweepers' connections is timed (wrapping the pool
 *      clients' `query`), grouped by what it does, beside the duration of each full 500-row batch.
 *    - Correct only if: exactly 10,000 'breached' events for 10,000 distinct deadlines, all those rows
 *      'breached', over the whole run one 'breached' event, one `deadline.breached` job and one
 *      `deadline.breached` audit event per breached deadline, no failed firing, and `verifyAuditChain` ok
 *      for the tenant. Otherwise the bench exits non-zero. A missed target exits 0 (`meets_target: false`).
 * 5. The same with ONE scheduler loop, on another 10,000 of the pending rows → `one_scheduler_*` (for
 *    comparison only; `meets_target` is about step 4).
 *
 * No baseline ratio: the sweep's figure is a latency, not a write rate any baseline row compares with.
 * Takes about 30–60 s, most of it the seed. When PostgreSQL is unreachable, every figure is null (`db:"none"`).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Presets, SingleBar } from 'cli-progress';
import pg from 'pg';
import { openPostgres, type Database, type Db } from '../server/db/client.js';
import { verifyAuditChain } from '../server/modules/audit/index.js';
import { sweepDeadlines } from '../server/modules/deadlines/index.js';
import { insertTenant } from '../server/modules/tenants/tenants.repo.js';
import { openBenchDatabase, redactUrl } from './support/db.js';
import { heading, note, percentile, printResult, report, round, stopwatch } from './support/measure.js';

const PENDING = 1_000_000;
const DUE = 10_000;
const SMALL_PENDING = 1_000;
const SWEEP_DUE = 1_000;
const SWEEP_REPS = 3;
const WARMUP_REPS = 2;
const IDLE_REPS = 5;
const SEED_CHUNK = 50_000;
const BATCH_SIZE = 500; // sweepDeadlines' default, which the scheduler uses
const TICK_MS = 1_000; // the scheduler's `deadlines.sweep` interval
const SCHEDULERS = 2;
const SCHEDULER_OFFSET_MS = 500;
const LEAD_MS = 4_000;
const FIRE_TIMEOUT_MS = 90_000;
const TARGET_S = 10;
const DAY_MS = 86_400_000;

/** Deadline ids are 'dl_' + a zero-padded sequence number: as long as real ids (newId('dl')). */
const ID_SQL = (g: string) => `'dl_' || lpad(${g}::text, 21, '0')`;

// Rows $2…$3 of a run starting at $4: next_fire_at = due_at = $5 + (g - $4) × $6 ms.
const SEED_SQL = `
insert into deadlines (id, tenant_id, subject_type, subject_id, kind, owner, clause, starts_at, target,
                       pause_statuses, warn_percent, on_breach, due_at, provisional, status, next_fire_at,
                       attempts, created_at, updated_at)
select ${ID_SQL('g')}, $1, 'case', 'case_' || lpad((g / 4)::text, 19, '0'),
       (array['first_response','respondent_reply','acceptance','supplement','mediation','refund_execution'])[1 + g % 6],
       (array['respondent','platform','claimant'])[1 + g % 3],
       'PRODUCT.md Response SLAs §' || (1 + g % 3),
       x.fire - interval '24 hours', '{"unit":"hours","amount":24}'::jsonb,
       '{}'::text[], null, 'notify', x.fire, false, 'pending', x.fire,
       0, $7::timestamptz, $7::timestamptz
  from generate_series($2::bigint, $3::bigint) g
 cross join lateral (select $5::timestamptz + ((g - $4) * $6::float8) * interval '1 millisecond' as fire) x`;

// The claim of claimDueDeadlines (server/modules/deadlines/deadlines.repo.ts), for EXPLAIN.
const CLAIM_SQL = (now: Date) => `
select id from deadlines
 where status = 'pending' and next_fire_at <= '${now.toISOString()}'::timestamptz
 order by next_fire_at
 limit ${BATCH_SIZE}
 for update skip locked`;

type Range = { first: number; last: number };
let nextSeq = 1;

/** Inserts `count` pending deadlines in chunks of SEED_CHUNK rows (one statement and transaction each). */
async function seed(
  client: pg.Client,
  tenantId: string,
  count: number,
  firstFireAt: Date,
  stepMs: number,
  onChunk?: (rows: number) => void,
): Promise<Range> {
  const first = nextSeq;
  const last = first + count - 1;
  nextSeq = last + 1;
  const now = new Date();
  for (let from = first; from <= last; from += SEED_CHUNK) {
    const to = Math.min(last, from + SEED_CHUNK - 1);
    await client.query(SEED_SQL, [tenantId, from, to, first, firstFireAt, stepMs, now]);
    onChunk?.(to - from + 1);
  }
  return { first, last };
}

/** A progress bar on stderr when it is a terminal, else a line every 10 %. */
function progress(total: number, label: string): { add(n: number): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {duration}s`,
        stream: process.stderr,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0);
    return { add: (n) => bar.increment(n), stop: () => bar.stop() };
  }
  let done = 0;
  let shown = 0;
  return {
    add: (n) => {
      done += n;
      const percent = Math.floor((100 * done) / total);
      if (percent >= shown + 10 || done === total) {
        shown = percent;
        note(`${label}: ${percent}% (${done.toLocaleString('en-US')} rows)`);
      }
    },
    stop: () => undefined,
  };
}

async function count(client: pg.Client, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await client.query<{ n: string }>(sql, params);
  return Number(rows[0]?.n ?? NaN);
}

/** EXPLAIN (ANALYZE, BUFFERS) of the claim, in a transaction rolled back (it takes row locks). */
async function explainClaim(client: pg.Client, title: string): Promise<boolean> {
  await client.query('begin');
  try {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, buffers, costs off) ${CLAIM_SQL(new Date())}`,
    );
    const lines = rows.map((r) => r['QUERY PLAN']);
    process.stdout.write(`  EXPLAIN of the claim, ${title}:\n${lines.map((l) => `    ${l}\n`).join('')}`);
    return lines.some((l) => l.includes('deadlines_fire_idx'));
  } finally {
    await client.query('rollback');
  }
}

/** One sweep pass as the scheduler runs it; returns its duration and how many it breached. */
async function timedSweep(db: Db): Promise<{ ms: number; breached: number; failed: number }> {
  const watch = stopwatch();
  const r = await sweepDeadlines(db, { now: () => new Date() });
  return { ms: watch.ms(), breached: r.breached, failed: r.failed };
}

/** Median time of SWEEP_REPS passes (after WARMUP_REPS), each on SWEEP_DUE freshly inserted due rows. */
async function sweepPhase(client: pg.Client, db: Db, tenantId: string, label: string) {
  const times: number[] = [];
  let indexUsed = true;
  let ok = true;
  for (let rep = 0; rep < WARMUP_REPS + SWEEP_REPS; rep++) {
    await seed(client, tenantId, SWEEP_DUE, new Date(Date.now() - 60_000), 1);
    // After one pass, so the index entries of the rows it breached are already marked dead in both phases.
    if (rep === 1)
      indexUsed = await explainClaim(client, `${label}, ${SWEEP_DUE.toLocaleString('en-US')} due`);
    const pending =
      rep === WARMUP_REPS
        ? await count(client, `select count(*) n from deadlines where status = 'pending'`)
        : null;
    const pass = await timedSweep(db);
    if (pass.breached !== SWEEP_DUE || pass.failed !== 0) {
      note(`${label}: a sweep pass breached ${pass.breached} (failed ${pass.failed}), expected ${SWEEP_DUE}`);
      ok = false;
    }
    if (pending !== null) report(`  pending when sweeping`, pending.toLocaleString('en-US'));
    if (rep >= WARMUP_REPS) times.push(pass.ms);
  }
  const idle: number[] = [];
  for (let rep = 0; rep < IDLE_REPS; rep++) idle.push((await timedSweep(db)).ms);
  const median = percentile(times, 50) ?? NaN;
  const idleMedian = percentile(idle, 50) ?? NaN;
  report(
    `sweep pass, ${SWEEP_DUE.toLocaleString('en-US')} due (median of ${SWEEP_REPS})`,
    round(median, 1),
    'ms',
  );
  report('  all passes', times.map((t) => round(t, 1)).join(' / '), 'ms');
  report('  per deadline fired', round((median / SWEEP_DUE) * 1000), 'µs');
  report(`idle pass, nothing due (median of ${IDLE_REPS})`, round(idleMedian, 2), 'ms');
  return { ms: median, idleMs: idleMedian, indexUsed, ok };
}

type StatementStats = Map<string, { count: number; ms: number }>;

/** What a statement of the sweep does, from its SQL (Drizzle's and claimDueDeadlines' text). */
function classify(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim().toLowerCase();
  if (s.startsWith('begin')) return 'begin';
  if (s.startsWith('commit')) return 'commit (WAL flush)';
  if (s.startsWith('rollback')) return 'rollback';
  if (s.startsWith('select id from deadlines')) return 'claim ids (for update skip locked)';
  if (s.startsWith('select') && s.includes('from "deadlines"')) return 'load claimed rows';
  if (s.startsWith('insert into "deadline_events"')) return 'insert deadline_events';
  if (s.startsWith('update "deadlines"')) return 'update deadlines (status)';
  if (s.startsWith('insert into "jobs"')) return 'insert jobs (outbox)';
  if (s.startsWith('insert into "audit_heads"')) return 'audit head upsert';
  if (s.startsWith('select') && s.includes('from "audit_heads"')) return 'audit head lock (waits here)';
  if (s.startsWith('insert into "audit_events"')) return 'insert audit_events';
  if (s.startsWith('update "audit_heads"')) return 'update audit head';
  return 'other';
}

/** Times every statement sent on `database`'s pool clients (connected from now on), grouped by classify(). */
function instrument(database: Database, stats: StatementStats): boolean {
  const pool = (database.db as unknown as { $client?: unknown }).$client;
  if (!(pool instanceof pg.Pool)) return false;
  const record = (text: string, ms: number) => {
    const kind = classify(text);
    const entry = stats.get(kind) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += ms;
    stats.set(kind, entry);
  };
  pool.on('connect', (client) => {
    const target = client as unknown as { query: (...args: unknown[]) => unknown };
    const original = target.query.bind<(...args: unknown[]) => unknown>(client);
    target.query = (...args: unknown[]) => {
      const first = args[0];
      const text =
        typeof first === 'string'
          ? first
          : typeof (first as { text?: unknown } | null)?.text === 'string'
            ? (first as { text: string }).text
            : '';
      const started = performance.now();
      const done = () => record(text, performance.now() - started);
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        const callback = last as (...a: unknown[]) => unknown;
        args[args.length - 1] = (...a: unknown[]) => {
          done();
          return callback(...a);
        };
        return original(...args);
      }
      const result = original(...args);
      if (result instanceof Promise) result.then(done, done);
      return result;
    };
  });
  return true;
}

type SweepCall = { startMs: number; endMs: number; breached: number; failed: number; batchStarts: number[] };

/**
 * A scheduler's `deadlines.sweep` job: every TICK_MS (setInterval, first run one interval after start), one
 * sweepDeadlines run, skipped while the previous one is still going.
 */
function startScheduler(
  database: Database,
  onSwept: (call: SweepCall) => void,
  onError: (e: unknown) => void,
) {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    const call: SweepCall = { startMs: Date.now(), endMs: 0, breached: 0, failed: 0, batchStarts: [] };
    running = sweepDeadlines(database.db, {
      now: () => {
        call.batchStarts.push(Date.now());
        return new Date();
      },
    })
      .then((r) => {
        call.endMs = Date.now();
        call.breached = r.breached;
        call.failed = r.failed;
        onSwept(call);
      })
      .catch(onError)
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, TICK_MS);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * DUE of the bulk rows (every stride-th, starting at `offset`) fall due at T; `schedulers` loops fire them.
 */
async function burstPhase(client: pg.Client, url: string, bulk: Range, schedulers: number, offset: number) {
  const stride = Math.floor(PENDING / DUE);
  const pickSql = `select ${ID_SQL('g')} from generate_series(${bulk.first + offset}::bigint, ${bulk.last}::bigint, ${stride}) g limit ${DUE}`;
  const T = Math.ceil((Date.now() + LEAD_MS) / 1000) * 1000;
  const at = new Date(T);
  const moved = await client.query(
    `update deadlines set due_at = $1, next_fire_at = $1, starts_at = $1::timestamptz - interval '24 hours',
            updated_at = now()
      where id in (${pickSql}) and status = 'pending'`,
    [at],
  );
  const pending = await count(client, `select count(*) n from deadlines where status = 'pending'`);
  report('pending deadlines', pending.toLocaleString('en-US'));
  report(
    `due at T = ${at.toISOString()}`,
    (moved.rowCount ?? 0).toLocaleString('en-US'),
    `(every ${stride}th row)`,
  );
  if (moved.rowCount !== DUE) throw new Error(`expected to move ${DUE} deadlines, moved ${moved.rowCount}`);

  const stats: StatementStats = new Map();
  const calls: { loop: number; call: SweepCall }[] = [];
  const errors: unknown[] = [];
  const databases: Database[] = [];
  const loops: { stop(): Promise<void> }[] = [];
  let instrumented = true;
  let fired = 0;
  let doneAtMs: number | null = null;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  try {
    for (let loop = 0; loop < schedulers; loop++) {
      const database = openPostgres(url);
      databases.push(database);
      instrumented &&= instrument(database, stats);
    }
    for (const [loop, database] of databases.entries()) {
      if (loop > 0) await sleep(SCHEDULER_OFFSET_MS);
      loops.push(
        startScheduler(
          database,
          (call) => {
            calls.push({ loop, call });
            fired += call.breached;
            if (fired >= DUE && doneAtMs === null) {
              doneAtMs = call.endMs;
              resolveDone();
            }
          },
          (error) => {
            errors.push(error);
            resolveDone();
          },
        ),
      );
    }
    const leadLeftMs = T - Date.now();
    report('schedulers started, time left before T', round(leadLeftMs), 'ms');
    if (leadLeftMs < 1_500) note(`only ${leadLeftMs} ms were left before T: the machine is slow right now`);
    await Promise.race([done, sleep(T - Date.now() + FIRE_TIMEOUT_MS, undefined, { ref: false })]);
  } finally {
    await Promise.allSettled(loops.map((s) => s.stop()));
    await Promise.allSettled(databases.map((d) => d.close()));
  }
  for (const error of errors)
    note(`a sweep failed: ${error instanceof Error ? error.message : String(error)}`);

  // --- figures from the database: event time and lag of each of the 10,000 ---
  const { rows } = await client.query<{ lag_ms: number; at_ms: number }>(
    `select (extract(epoch from e.at - d.due_at) * 1000)::float8 as lag_ms,
            (extract(epoch from e.at) * 1000)::float8 as at_ms
       from deadline_events e join deadlines d on d.id = e.deadline_id
      where e.kind = 'breached' and e.deadline_id in (${pickSql})`,
  );
  const lags = rows.map((r) => r.lag_ms);
  const lastAt = rows.length > 0 ? Math.max(...rows.map((r) => r.at_ms)) : NaN;
  const distinct = await count(
    client,
    `select count(distinct deadline_id) n from deadline_events where kind = 'breached' and deadline_id in (${pickSql})`,
  );
  const breachedRows = await count(
    client,
    `select count(*) n from deadlines where status = 'breached' and id in (${pickSql})`,
  );
  const fireAllS = (lastAt - T) / 1000;
  const fireAllCommitS = doneAtMs === null ? NaN : (doneAtMs - T) / 1000;
  const failed = calls.reduce((n, c) => n + c.call.failed, 0);

  // --- where the time went ---
  const firing = calls.filter((c) => c.call.breached > 0);
  const batchMs: number[] = [];
  for (const { call } of firing) {
    // The loop goes on only after a full batch, so every batch but a run's last claimed BATCH_SIZE rows.
    for (let b = 0; b + 1 < call.batchStarts.length; b++)
      batchMs.push(call.batchStarts[b + 1]! - call.batchStarts[b]!);
  }
  const firstBatchAfterT = Math.min(...firing.map((c) => c.call.batchStarts[0] ?? Infinity));

  heading(`10,000 due at T: ${schedulers} scheduler loop(s), ${TICK_MS} ms tick, batches of ${BATCH_SIZE}`);
  report(
    'fired (breached events / distinct)',
    `${rows.length.toLocaleString('en-US')} / ${distinct.toLocaleString('en-US')}`,
  );
  report('fire_all: T → last event.at', round(fireAllS, 2), 's');
  report('fire_all: T → last firing committed', round(fireAllCommitS, 2), 's');
  report('first firing batch started after T', round(firstBatchAfterT - T), 'ms');
  report(
    'lag p50 / p99 / max',
    `${round(percentile(lags, 50) ?? NaN)} / ${round(percentile(lags, 99) ?? NaN)} / ${round(Math.max(...lags))}`,
    'ms',
  );
  report(
    'throughput once firing',
    round(doneAtMs === null ? NaN : (DUE * 1000) / (doneAtMs - firstBatchAfterT)),
    'deadlines/s',
  );
  report(
    `full ${BATCH_SIZE}-row batches: n, p50 / p90`,
    `${batchMs.length}, ${round(percentile(batchMs, 50) ?? NaN)} / ${round(percentile(batchMs, 90) ?? NaN)}`,
    'ms',
  );
  report(
    '  per deadline in a batch (p50)',
    round(((percentile(batchMs, 50) ?? NaN) / BATCH_SIZE) * 1000),
    'µs',
  );
  for (let loop = 0; loop < schedulers; loop++) {
    const mine = firing.filter((c) => c.loop === loop);
    report(
      `  loop ${loop + 1}: runs with firings, fired`,
      `${mine.length}, ${mine.reduce((n, c) => n + c.call.breached, 0).toLocaleString('en-US')}`,
    );
  }
  if (instrumented) {
    const sweepMs = calls.reduce((n, c) => n + (c.call.endMs - c.call.startMs), 0);
    const sqlMs = [...stats.values()].reduce((n, s) => n + s.ms, 0);
    process.stdout.write(`  statements of both loops (time from send to result, incl. lock waits):\n`);
    for (const [kind, s] of [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
      if (s.ms < 1) continue;
      report(
        `    ${kind}`,
        `${s.count} × ${round(s.ms / s.count, 1)} ms = ${round(s.ms).toLocaleString('en-US')}`,
        'ms',
      );
    }
    report('  sweep runs in total (both loops)', round(sweepMs), 'ms');
    report('    in SQL statements', round(sqlMs), 'ms');
    report('    in Node (build rows, hash audit, …)', round(sweepMs - sqlMs), 'ms');
  }

  return {
    pending,
    fired: rows.length,
    distinct,
    breachedRows,
    failed,
    errors: errors.length,
    fireAllS,
    fireAllCommitS,
    lagP50: percentile(lags, 50),
    lagP99: percentile(lags, 99),
    lagMax: lags.length > 0 ? Math.max(...lags) : null,
    batchP50: percentile(batchMs, 50),
    batchP90: percentile(batchMs, 90),
    auditLockMs: stats.get('audit head lock (waits here)')?.ms ?? null,
    timedOut: doneAtMs === null,
  };
}

type Figures = {
  pending: number;
  sweep1k: Awaited<ReturnType<typeof sweepPhase>>;
  sweep1m: Awaited<ReturnType<typeof sweepPhase>>;
  seedS: number;
  seedRowsPerS: number;
  burst: Awaited<ReturnType<typeof burstPhase>>;
  single: Awaited<ReturnType<typeof burstPhase>>;
  exactlyOnce: boolean;
  auditOk: boolean;
  auditEvents: number;
};

async function measure(url: string): Promise<Figures> {
  const app = openPostgres(url);
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  try {
    await app.migrate();
    await client.connect();
    const tenantId = 'ten_bench_deadlines';
    await insertTenant(app.db, { id: tenantId, slug: 'bench-deadlines', name: 'Bench: deadlines' });

    heading(`Sweep with ${SMALL_PENDING.toLocaleString('en-US')} pending (all of them due)`);
    const sweep1k = await sweepPhase(
      client,
      app.db,
      tenantId,
      `${SMALL_PENDING.toLocaleString('en-US')} pending`,
    );

    heading(`Seeding ${PENDING.toLocaleString('en-US')} pending deadlines (due in 30–59 days)`);
    const bar = progress(PENDING, 'seed deadlines');
    const seeding = stopwatch();
    const bulk = await seed(client, tenantId, PENDING, new Date(Date.now() + 30 * DAY_MS), 2_500, (n) =>
      bar.add(n),
    );
    bar.stop();
    const seedS = seeding.seconds();
    report('insert … select generate_series', round(seedS, 1), 's');
    report('  rate', round(PENDING / seedS), 'rows/s');
    const vacuuming = stopwatch();
    await client.query('vacuum (analyze) deadlines');
    report('VACUUM (ANALYZE) deadlines', round(vacuuming.seconds(), 1), 's');
    await client.query('checkpoint').catch((e: unknown) => note(`checkpoint skipped: ${String(e)}`));
    const { rows: sizes } = await client.query<{ t: string; i: string }>(
      `select pg_size_pretty(pg_total_relation_size('deadlines')) t,
              pg_size_pretty(pg_relation_size('deadlines_fire_idx')) i`,
    );
    report('size: table + indexes / fire index', `${sizes[0]?.t} / ${sizes[0]?.i}`);

    heading(`Sweep with ${PENDING.toLocaleString('en-US')} pending`);
    const sweep1m = await sweepPhase(client, app.db, tenantId, `${PENDING.toLocaleString('en-US')} pending`);
    report('sweep 1M ÷ sweep 1k', round(sweep1m.ms / sweep1k.ms, 2), '×');

    heading(`${DUE.toLocaleString('en-US')} deadlines due at the same instant T`);
    const burst = await burstPhase(client, url, bulk, SCHEDULERS, 0);

    heading(`Again with ONE scheduler loop: another ${DUE.toLocaleString('en-US')} due at the same instant`);
    const single = await burstPhase(client, url, bulk, 1, Math.floor(PENDING / DUE / 2));

    // --- exactly once over the whole run, and the audit chain ---
    const { rows: once } = await client.query<{
      events: string;
      distinct: string;
      rows: string;
      jobs: string;
      audit: string;
    }>(
      `select (select count(*) from deadline_events where kind = 'breached') events,
              (select count(distinct deadline_id) from deadline_events where kind = 'breached') "distinct",
              (select count(*) from deadlines where status = 'breached') "rows",
              (select count(*) from jobs where kind = 'deadline.breached') jobs,
              (select count(*) from audit_events where action = 'deadline.breached') audit`,
    );
    const o = once[0];
    const totals = o ? [o.events, o.distinct, o.rows, o.jobs, o.audit].map(Number) : [];
    const exactlyOnce = totals.length === 5 && totals.every((n) => n === totals[0]);
    heading('Correctness');
    report(
      'breached: events / deadlines / rows',
      totals
        .slice(0, 3)
        .map((n) => n.toLocaleString('en-US'))
        .join(' / '),
    );
    report(
      'breached: jobs / audit events',
      totals
        .slice(3)
        .map((n) => n.toLocaleString('en-US'))
        .join(' / '),
    );
    const verifying = stopwatch();
    const audit = await verifyAuditChain(app.db, { tenantId });
    report(
      'verifyAuditChain',
      `${audit.ok ? 'ok' : 'BROKEN'}, ${audit.events.toLocaleString('en-US')} events`,
      `(${round(verifying.seconds(), 1)} s)`,
    );
    for (const p of audit.problems.slice(0, 5)) note(`audit: seq ${p.seq}: ${p.problem}`);
    return {
      pending: burst.pending,
      sweep1k,
      sweep1m,
      seedS,
      seedRowsPerS: PENDING / seedS,
      burst,
      single,
      exactlyOnce,
      auditOk: audit.ok,
      auditEvents: audit.events,
    };
  } finally {
    await client.end().catch(() => undefined);
    await app.close();
  }
}

const loadAtStart = os.loadavg()[0] ?? 0;
heading('Deadlines: sweepDeadlines on PostgreSQL');
report('load average (1 min) at start', round(loadAtStart, 2));
if (loadAtStart > os.cpus().length / 2) {
  note(
    `the machine is busy (load ${loadAtStart.toFixed(2)} on ${os.cpus().length} cpus): figures will be noisy`,
  );
}
const total = stopwatch();
const database = await openBenchDatabase();
let figures: Figures | null = null;
try {
  if (database) {
    report('server', `${redactUrl(database.target.url)} (${database.target.source})`);
    report('version / database', `${database.serverVersion} / ${database.name} (dropped at the end)`);
    figures = await measure(database.url);
  }
} finally {
  await database?.drop();
}

let meetsTarget: boolean | null = null;
let valid = true;
if (figures) {
  const b = figures.burst;
  const one = figures.single;
  const within = (r: typeof b) => !r.timedOut && r.fireAllS <= TARGET_S && r.fireAllCommitS <= TARGET_S;
  meetsTarget = within(b);
  const burstOk = (r: typeof b) =>
    r.fired === DUE && r.distinct === DUE && r.breachedRows === DUE && r.failed === 0 && r.errors === 0;
  const checks: [string, boolean][] = [
    [
      `${SCHEDULERS} loops: 10k events, distinct, rows`,
      b.fired === DUE && b.distinct === DUE && b.breachedRows === DUE,
    ],
    ['  no failed firing, no sweep error', b.failed === 0 && b.errors === 0],
    ['1 loop: the same', burstOk(one)],
    ['sweep passes breached what was due', figures.sweep1k.ok && figures.sweep1m.ok],
    ['one event, row, job and audit event per breach', figures.exactlyOnce],
    ['audit chain verifies', figures.auditOk],
  ];
  for (const [what, ok] of checks) {
    report(what, ok ? 'ok' : 'FAILED');
    if (!ok) valid = false;
  }
  heading('Target');
  report(`all ${DUE.toLocaleString('en-US')} fired within ${TARGET_S} s`, meetsTarget ? 'met' : 'NOT met');
  report('  with one scheduler loop', within(one) ? 'met' : 'NOT met');
  report('bench took', round(total.seconds()), 's');
  if (!valid) {
    note('a correctness check failed: the figures measure nothing');
    process.exitCode = 1;
  }
}

const f = figures;
printResult({
  bench: 'deadlines',
  db: f ? 'postgres' : 'none',
  pending: f ? f.pending : PENDING,
  due: DUE,
  fire_all_s: f ? round(f.burst.fireAllS, 2) : null,
  lag_p50_ms: f && f.burst.lagP50 !== null ? round(f.burst.lagP50) : null,
  lag_p99_ms: f && f.burst.lagP99 !== null ? round(f.burst.lagP99) : null,
  sweep_ms_1k: f ? round(f.sweep1k.ms, 1) : null,
  sweep_ms_1m: f ? round(f.sweep1m.ms, 1) : null,
  meets_target: meetsTarget,
  fire_all_commit_s: f ? round(f.burst.fireAllCommitS, 2) : null,
  lag_max_ms: f && f.burst.lagMax !== null ? round(f.burst.lagMax) : null,
  sweep_due: SWEEP_DUE,
  idle_sweep_ms_1k: f ? round(f.sweep1k.idleMs, 2) : null,
  idle_sweep_ms_1m: f ? round(f.sweep1m.idleMs, 2) : null,
  index_used: f ? f.sweep1k.indexUsed && f.sweep1m.indexUsed : null,
  batch_size: BATCH_SIZE,
  batch_ms_p50: f && f.burst.batchP50 !== null ? round(f.burst.batchP50) : null,
  batch_ms_p90: f && f.burst.batchP90 !== null ? round(f.burst.batchP90) : null,
  audit_lock_wait_ms: f && f.burst.auditLockMs !== null ? round(f.burst.auditLockMs) : null,
  schedulers: SCHEDULERS,
  tick_ms: TICK_MS,
  one_scheduler_fire_all_s: f ? round(f.single.fireAllS, 2) : null,
  one_scheduler_fire_all_commit_s: f ? round(f.single.fireAllCommitS, 2) : null,
  one_scheduler_lag_p99_ms: f && f.single.lagP99 !== null ? round(f.single.lagP99) : null,
  one_scheduler_batch_ms_p50: f && f.single.batchP50 !== null ? round(f.single.batchP50) : null,
  seed_rows_per_s: f ? round(f.seedRowsPerS) : null,
  exactly_once: f
    ? f.exactlyOnce && f.burst.fired === DUE && f.burst.distinct === DUE && f.single.distinct === DUE
    : null,
  audit_ok: f ? f.auditOk : null,
  load_1m: round(loadAtStart, 2),
});
