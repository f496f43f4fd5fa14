/**
 * Baseline: the ceiling of this machine in this run, which every other bench reports ratios against.
 *
 * 1. A bare Fastify 5 route (`GET /ping`, small JSON) under autocannon (see support/http.ts).
 * 2. Raw PostgreSQL inserts of ledger-like postings through node-postgres: one row per autocommit
 *    statement (sequential, then 8 connections at once), and multi-row statements of 1,000 rows.
 * 3. The same inserts on PGlite in this process (the embedded default).
 *
 * Runs in about 30 s. Ends stdout with one JSON line (see bench/README.md).
 */
import os from 'node:os';
import Fastify from 'fastify';
import pg from 'pg';
import { openBenchDatabase, openBenchPglite, redactUrl } from './support/db.js';
import { listenOnRandomPort, loadTest, type LoadResult } from './support/http.js';
import {
  heading,
  note,
  percentile,
  printResult,
  report,
  round,
  runFor,
  stopwatch,
  type BenchDb,
} from './support/measure.js';

const PHASE_MS = 2_500;
const BATCH_ROWS = 1_000;
const CONCURRENT_CONNECTIONS = 8;

type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

// Shaped like a ledger posting: integer fen, text ids, a timestamptz, a primary key and one secondary
// index, so the figure includes the index maintenance a real journal pays.
const postingsDdl = (table: string, temporary = false): string[] => [
  `create ${temporary ? 'temporary ' : ''}table ${table} (
     id bigint generated always as identity primary key,
     tenant_id text not null,
     journal_entry_id text not null,
     account_code text not null,
     amount_fen bigint not null,
     created_at timestamptz not null
   )`,
  `create index on ${table} (tenant_id, journal_entry_id)`,
];

const COLUMNS = '(tenant_id, journal_entry_id, account_code, amount_fen, created_at)';

/** Row `i` of a stream of balanced postings: entries of two rows, debit and credit, summing to zero. */
function postingParams(i: number, now: Date): unknown[] {
  const entry = Math.floor(i / 2);
  const amountFen = 100 + (entry % 50_000);
  return [
    'tnt_bench',
    `je_${entry}`,
    i % 2 === 0 ? 'ticket_escrow' : 'consumer_refunds_payable',
    String(i % 2 === 0 ? amountFen : -amountFen),
    now,
  ];
}

function batchSql(table: string, rows: number): string {
  const tuples = Array.from({ length: rows }, (_, r) => {
    const b = r * 5;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
  });
  return `insert into ${table} ${COLUMNS} values ${tuples.join(', ')}`;
}

/** One posting per statement, each its own transaction; returns rows/s and per-insert latency. */
async function singleInserts(query: Query, table: string, workers = 1) {
  const sql = `insert into ${table} ${COLUMNS} values ($1, $2, $3, $4, $5)`;
  const latencies: number[] = [];
  const run = await runFor(
    PHASE_MS,
    async (i) => {
      const watch = stopwatch();
      await query(sql, postingParams(i, new Date()));
      latencies.push(watch.ms());
    },
    { workers },
  );
  return { rowsPerS: run.perSecond, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** {@link BATCH_ROWS} postings per multi-row statement, each statement its own transaction. */
async function batchInserts(query: Query, table: string) {
  const sql = batchSql(table, BATCH_ROWS);
  let next = 0;
  const run = await runFor(PHASE_MS, async () => {
    const now = new Date();
    const params: unknown[] = [];
    for (let r = 0; r < BATCH_ROWS; r++) params.push(...postingParams(next++, now));
    await query(sql, params);
    return BATCH_ROWS;
  });
  return { rowsPerS: run.perSecond };
}

async function measureHttp(): Promise<LoadResult> {
  const app = Fastify({ logger: false });
  app.get('/ping', () => ({ ok: true, service: 'accord', time: Date.now() }));
  const base = await listenOnRandomPort(app);
  try {
    return await loadTest(`${base}/ping`);
  } finally {
    await app.close();
  }
}

async function measurePostgres() {
  const database = await openBenchDatabase();
  if (!database) return null;
  const pool = new pg.Pool({ connectionString: database.url, max: CONCURRENT_CONNECTIONS + 1 });
  pool.on('error', () => undefined);
  const client = await pool.connect();
  try {
    const query: Query = (sql, params) => client.query(sql, params);
    const poolQuery: Query = (sql, params) => pool.query(sql, params);
    for (const ddl of [...postingsDdl('postings'), ...postingsDdl('postings_temp', true)]) await query(ddl);
    const single = await singleInserts(query, 'postings');
    const concurrent = await singleInserts(poolQuery, 'postings', CONCURRENT_CONNECTIONS);
    const batch = await batchInserts(query, 'postings');
    // A temporary table writes no WAL, so its commits skip the flush to disk: this shows how much of
    // the single-row figure is commit latency (fsync) rather than CPU.
    const temp = await singleInserts(query, 'postings_temp');
    return { database, single, concurrent, batch, temp };
  } finally {
    client.release();
    await pool.end();
    await database.drop();
  }
}

async function measurePglite() {
  const opening = stopwatch();
  const pglite = await openBenchPglite();
  const openMs = opening.ms();
  try {
    const query: Query = (sql, params) => pglite.db.query(sql, params);
    for (const ddl of postingsDdl('postings')) await query(ddl);
    const single = await singleInserts(query, 'postings');
    const batch = await batchInserts(query, 'postings');
    return { openMs, single, batch };
  } finally {
    await pglite.close();
  }
}

// Figures from a busy machine are low across the board; the load at the start says how much to trust them.
const loadAtStart = os.loadavg()[0] ?? 0;
heading('Machine');
report('node', process.version);
report('cpus', `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`);
report('load average (1 min) at start', loadAtStart);
if (loadAtStart > os.cpus().length / 2) {
  note(
    `the machine is busy (load ${loadAtStart.toFixed(2)} on ${os.cpus().length} cpus): figures will be low and noisy`,
  );
}

heading(`HTTP: bare Fastify GET /ping, autocannon in-process`);
const http = await measureHttp();
report('throughput', http.rps, 'req/s');
report(
  'latency p50 / p90 / p99 / max',
  `${http.p50Ms} / ${http.p90Ms} / ${http.p99Ms} / ${http.maxMs}`,
  'ms',
);
report('requests (errors, non-2xx)', `${http.requests} (${http.errors}, ${http.non2xx})`);

heading('PostgreSQL: raw inserts of ledger postings (node-postgres)');
const postgres = await measurePostgres();
if (postgres) {
  report('server', `${redactUrl(postgres.database.target.url)} (${postgres.database.target.source})`);
  report('version / database', `${postgres.database.serverVersion} / ${postgres.database.name} (dropped)`);
  report('single-row autocommit', postgres.single.rowsPerS, 'rows/s');
  report(
    '  per-insert p50 / p99',
    `${round(postgres.single.p50Ms ?? NaN, 2)} / ${round(postgres.single.p99Ms ?? NaN, 2)}`,
    'ms',
  );
  report(`single-row, ${CONCURRENT_CONNECTIONS} connections`, postgres.concurrent.rowsPerS, 'rows/s');
  report(`batched, ${BATCH_ROWS} rows per statement`, postgres.batch.rowsPerS, 'rows/s');
  report('single-row into a temp table (no WAL)', postgres.temp.rowsPerS, 'rows/s');
} else {
  report('skipped', 'PostgreSQL unreachable (see the message above)');
}

heading('PGlite in-process: the same inserts');
const pglite = await measurePglite();
report('open (initdb in a temp dir)', pglite.openMs, 'ms');
report('single-row autocommit', pglite.single.rowsPerS, 'rows/s');
report(
  '  per-insert p50 / p99',
  `${round(pglite.single.p50Ms ?? NaN, 2)} / ${round(pglite.single.p99Ms ?? NaN, 2)}`,
  'ms',
);
report(`batched, ${BATCH_ROWS} rows per statement`, pglite.batch.rowsPerS, 'rows/s');

if (http.errors + http.non2xx + http.timeouts > 0) {
  note('the bare route answered with errors; the HTTP figures are not a valid ceiling');
  process.exitCode = 1;
}

const db: BenchDb = postgres ? 'postgres' : 'pglite';
printResult({
  bench: 'baseline',
  db,
  node: process.version,
  cpus: os.cpus().length,
  load_1m: round(loadAtStart, 2),
  http_rps: round(http.rps),
  http_p50_ms: http.p50Ms,
  http_p99_ms: http.p99Ms,
  pg_server: postgres?.database.serverVersion ?? null,
  pg_insert_rows_per_s: postgres ? round(postgres.single.rowsPerS) : null,
  pg_insert_p99_ms: postgres ? round(postgres.single.p99Ms ?? NaN, 2) : null,
  pg_insert_concurrent_rows_per_s: postgres ? round(postgres.concurrent.rowsPerS) : null,
  pg_batch_rows_per_s: postgres ? round(postgres.batch.rowsPerS) : null,
  pg_insert_temp_rows_per_s: postgres ? round(postgres.temp.rowsPerS) : null,
  pglite_open_ms: round(pglite.openMs),
  pglite_insert_rows_per_s: round(pglite.single.rowsPerS),
  pglite_batch_rows_per_s: round(pglite.batch.rowsPerS),
});
