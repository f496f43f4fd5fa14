/**
 * Case intake under load (issue #4, "Performance"), shared by `intake.bench.ts` (PostgreSQL) and
 * `intake-pglite.bench.ts` (PGlite): the real app (`buildApp` with real deps, logger off) on a random port,
 * `POST /api/v1/cases` over HTTP from autocannon, an integration API key filing for consumers, one order per
 * request. Two files because bench/run.ts keeps one JSON line per file. case-read.bench.ts borrows the CPU
 * helpers.
 *
 * 1. Seed one tenant (`buildTenant`: merchants m1/m2, staff users, an API key), one consumer and one order
 *    through the API (`POST /consumers`, `POST /orders`), then {@link INTAKE}.orders clones of both with
 *    typed Drizzle inserts (`bench-buyer-<i>` owns order `ord_bench<i, 16 digits>`; same row shape as the API
 *    wrote, so a schema change breaks the type check rather than the bench), ANALYZE, CHECKPOINT.
 * 2. Load: autocannon, {@link INTAKE}.clients connections, {@link HTTP_LOAD}.workers worker thread (as the
 *    baseline), 1 s warm-up then {@link INTAKE}.durationSeconds. Every request files a complaint
 *    (`claimantExternalId`, `orderId`, category quality, full refund of 299 yuan) on an order of its own: a
 *    generated `setupRequest` module (plain CommonJS in a temp dir, since autocannon's worker `require`s it)
 *    counts through the order numbers. `cases_per_s` = 2xx ÷ duration; p50/p99 are autocannon's. A request
 *    gets {@link INTAKE}.requestTimeoutSeconds to answer (autocannon's 10 s default would turn the slow tail
 *    into "errors" and hide it from p99).
 * 3. Profile (same load, {@link INTAKE}.profileSeconds, a separate run so the figures above carry no
 *    instrumentation): a V8 CPU profile of the main thread (the server; PGlite's WASM too) grouped by package
 *    — wall-clock samples, so a syscall during which the thread lost its CPU (writev waking a postgres
 *    backend on a busy 2-core machine) counts as time in that syscall — and on PostgreSQL every statement of
 *    the app's pool timed by kind, the time each transaction holds the per-tenant case counter row and audit
 *    head row, and pg_stat_activity sampled every 20 ms (what the app's backends wait on).
 * 4. Ceiling: the rows one API request wrote (read back from a case filed in the warm-up: its case row,
 *    deadlines, deadline events, status row, timeline row and audit rows) inserted again with raw SQL into a
 *    second tenant (audit seq from a counter in the bench: no chain head, no case counter), over a pool of
 *    the app's size, {@link INTAKE}.ceilingMs each way: one transaction per case (BEGIN, one multi-row
 *    INSERT … SELECT FROM jsonb_populate_recordset per table, COMMIT) by {@link INTAKE}.clients workers; then
 *    the same statements with {@link INTAKE}.ceilingBatch cases per transaction by
 *    {@link INTAKE}.ceilingBatchWorkers workers — the best plain-SQL way, and what group commit competes
 *    with (the API batching its filings could otherwise beat a one-case-per-transaction "ceiling").
 *    `ceiling_ratio` = API cases/s ÷ the higher of the two, measured in the same run.
 * 4b. Deployment shape (PostgreSQL only): `server/main.ts` in a child process with `ACCORD_WORKERS` 1, then 2
 *    ({@link INTAKE}.processWorkers, support/processes.ts), warm-up + {@link INTAKE}.durationSeconds each; the
 *    server processes' CPU from /proc. The default shape (`DEFAULT_WORKERS`) is the result line's headline.
 * 5. Checks (a failure exits non-zero): no error, timeout or non-2xx at the client; every answer the server
 *    sent to `POST /cases` (counted in an onSend hook, so requests still running when autocannon stopped and
 *    closed its sockets count too — their cases are filed) was a 201; cases in the tenant = those 201s; the
 *    ceiling wrote one case per iteration; `verifyAuditChain` for the tenant; on PostgreSQL, no deadlock in the
 *    database during the runs (`pg_stat_database.deadlocks`: a batch PostgreSQL broke would have been retried
 *    filing by filing, invisible to the client).
 *
 * No baseline ratio: 32 connections (the issue's figure) instead of the baseline's 50, so `http_rps` is not
 * like for like; the same-run ceiling above is the ratio that matters.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import type { PGlite } from '@electric-sql/pglite';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../server/app.js';
import { DEFAULT_WORKERS, loadConfig } from '../../server/config.js';
import { queryRows, type Database, type Db } from '../../server/db/client.js';
import { systemClock } from '../../server/lib/clock.js';
import { newId } from '../../server/lib/ids.js';
import { users } from '../../server/modules/accounts/accounts.table.js';
import { verifyAuditChain } from '../../server/modules/audit/index.js';
import { CalendarService } from '../../server/modules/calendar/calendar-service.js';
import { MemoryEvidenceStorage } from '../../server/modules/evidence/index.js';
import { orders } from '../../server/modules/orders/orders.table.js';
import { PiiCrypto } from '../../server/modules/privacy/pii-crypto.js';
import { insertTenant } from '../../server/modules/tenants/tenants.repo.js';
import { buildTenant } from '../../server/test/factories.js';
import { HTTP_LOAD, listenOnRandomPort } from './http.js';
import { startServerProcesses } from './processes.js';
import { heading, note, percentile, report, round, runFor, stopwatch, type BenchResult } from './measure.js';

export const INTAKE = {
  clients: 32,
  /** The app's pg pool (and the ceiling's): 32 HTTP connections share 20 database connections. */
  poolSize: 20,
  warmupSeconds: 1,
  durationSeconds: 12,
  profileSeconds: 4,
  ceilingMs: 6_000,
  /** The batched ceiling: cases per transaction (the batcher's largest batch) and concurrent writers. */
  ceilingBatch: 64,
  ceilingBatchWorkers: 4,
  /** autocannon waits this long for an answer before counting a timeout (its default is 10 s). */
  requestTimeoutSeconds: 60,
  /** Server processes of the deployment-shape runs (PostgreSQL only); `DEFAULT_WORKERS` is the headline. */
  processWorkers: [1, 2],
  /** Fresh processes compile their hot paths during the first seconds of load (each worker on its own). */
  processWarmupSeconds: 3,
  /** Consumers and orders seeded: one per request of every run (5 runs), with room for 1,500 cases/s. */
  orders: 76_000,
  /** The same without the process runs (PGlite: 3 runs). */
  ordersInProcessOnly: 40_000,
  targetCasesPerS: 1_000,
  targetP99Ms: 100,
} as const;

const ORDER_PREFIX = 'ord_bench'; // + 16 digits: as long as newId('ord')
const BUYER_PREFIX = 'bench-buyer-';
const orderIdOf = (i: number) => `${ORDER_PREFIX}${String(i).padStart(16, '0')}`;
const buyerOf = (i: number) => `${BUYER_PREFIX}${i}`;
const INTAKE_PATH = '/api/v1/cases';
const SEED_CHUNK = 1_000;
const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** The filing every request sends; `@@ORDER@@` and `@@BUYER@@` are replaced per request. */
const CASE_BODY = JSON.stringify({
  kind: 'complaint',
  orderId: '@@ORDER@@',
  claimantExternalId: '@@BUYER@@',
  category: 'quality',
  title: '耳机左耳无声',
  description: '签收后发现左耳没有声音，联系商家三天未回复，要求全额退款。',
  requestedRemedy: 'full_refund',
  requestedAmountFen: 29900,
});

/** Raw SQL for the ceiling, on either driver. */
export type RawQuery = (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }>;
export type RawSql = {
  transaction(fn: (query: RawQuery) => Promise<void>): Promise<void>;
  close(): Promise<void>;
};

/** A node-postgres pool of the app's size, for the ceiling. */
export function rawPostgres(url: string): RawSql {
  const pool = new pg.Pool({ connectionString: url, max: INTAKE.poolSize });
  pool.on('error', () => undefined);
  return {
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await fn((text, params) => client.query(text, params));
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** The PGlite instance behind the app's Drizzle handle, for the ceiling (PGlite has one connection). */
export function rawPglite(database: Database): RawSql {
  const client = (database.db as unknown as { $client: PGlite }).$client;
  return {
    transaction: async (fn) => {
      await client.transaction(async (tx) => fn((text, params) => tx.query(text, params)));
    },
    close: async () => undefined,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Statement profile (PostgreSQL): every statement of the app's pool, by kind, when enabled.

type StatementStats = Map<string, { count: number; ms: number; samples: number[] }>;

/** `insert cases`, `select audit_heads for update`, `commit` …: the verb and first table of a statement. */
export function classify(text: string): string {
  // `with x as (insert into t …) …`: classified by the statement inside (it runs first).
  const s = text
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/^with (?:\w+ as (?:not )?(?:materialized )?\( ?)(?=insert|update|delete)/, '');
  const verb = /^(\w+)/.exec(s)?.[1] ?? '?';
  if (verb === 'begin' || verb === 'commit' || verb === 'rollback') return verb;
  // Intake's batch write: every row of its filings and their audit events in one statement (open-case.ts).
  if (/insert into "?case_counters"?/.test(s) && s.includes('accord_append_audit(')) return INTAKE_WRITE;
  const table =
    (verb === 'insert'
      ? /^insert into "?(\w+)"?/.exec(s)
      : verb === 'update'
        ? /^update "?(\w+)"?/.exec(s)
        : verb === 'delete'
          ? /^delete from "?(\w+)"?/.exec(s)
          : / from "?(\w+)"?/.exec(s))?.[1] ?? '?';
  const extra = / for update/.test(s) ? ' for update' : / on conflict/.test(s) ? ' on conflict' : '';
  return `${verb} ${table}${extra}`;
}

/** The statement that takes the case counter row; before intake wrote in one statement, a separate one. */
const COUNTER_LOCK = 'insert case_counters on conflict';
const HEAD_LOCK = 'insert audit_heads on conflict';
const INTAKE_WRITE = 'intake write: cases … audit events, one statement';

/** Wraps the pool's clients (connected from now on) so each statement can be timed while `enabled`. */
export class StatementProfiler {
  enabled = false;
  readonly stats: StatementStats = new Map();
  /** Per transaction (ms): begin → commit, and how long it held the case counter / audit head row. */
  readonly txMs: number[] = [];
  readonly counterHoldMs: number[] = [];
  readonly headHoldMs: number[] = [];
  private readonly open = new WeakMap<object, { begin?: number; counter?: number; head?: number }>();

  /** False when the handle is not a node-postgres pool (PGlite). */
  attach(database: Database): boolean {
    const pool = (database.db as unknown as { $client?: unknown }).$client;
    if (!(pool instanceof pg.Pool)) return false;
    pool.on('connect', (client) => this.wrap(client));
    return true;
  }

  reset(): void {
    this.stats.clear();
    this.txMs.length = 0;
    this.counterHoldMs.length = 0;
    this.headHoldMs.length = 0;
  }

  private done(client: object, text: string, started: number): void {
    if (!this.enabled) return;
    const ended = performance.now();
    const kind = classify(text);
    const entry = this.stats.get(kind) ?? { count: 0, ms: 0, samples: [] };
    entry.count += 1;
    entry.ms += ended - started;
    entry.samples.push(ended - started);
    this.stats.set(kind, entry);
    if (kind === 'begin') {
      this.open.set(client, { begin: started });
      return;
    }
    const tx = this.open.get(client);
    if (!tx) {
      // Outside BEGIN … COMMIT a statement is its own transaction: its locks are held at most from its
      // send to its result (its commit included).
      if (kind === INTAKE_WRITE) {
        this.txMs.push(ended - started);
        this.counterHoldMs.push(ended - started);
        this.headHoldMs.push(ended - started);
      }
      return;
    }
    if (kind === COUNTER_LOCK) tx.counter ??= ended;
    else if (kind === HEAD_LOCK) tx.head ??= ended;
    else if (kind === 'commit' || kind === 'rollback') {
      if (kind === 'commit') {
        if (tx.begin !== undefined) this.txMs.push(ended - tx.begin);
        if (tx.counter !== undefined) this.counterHoldMs.push(ended - tx.counter);
        if (tx.head !== undefined) this.headHoldMs.push(ended - tx.head);
      }
      this.open.delete(client);
    }
  }

  private wrap(client: pg.PoolClient): void {
    const target = client as unknown as { query: (...args: unknown[]) => unknown };
    const original = target.query.bind<(...args: unknown[]) => unknown>(client);
    target.query = (...args: unknown[]) => {
      if (!this.enabled) return original(...args);
      const first = args[0];
      const text =
        typeof first === 'string'
          ? first
          : typeof (first as { text?: unknown } | null)?.text === 'string'
            ? (first as { text: string }).text
            : '';
      const started = performance.now();
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        const callback = last as (...a: unknown[]) => unknown;
        args[args.length - 1] = (...a: unknown[]) => {
          this.done(client, text, started);
          return callback(...a);
        };
        return original(...args);
      }
      const result = original(...args);
      if (result instanceof Promise)
        result.then(
          () => this.done(client, text, started),
          () => this.done(client, text, started),
        );
      return result;
    };
  }
}

/** Samples what the database's other backends are doing every `everyMs` until `stop()`; averages per state. */
function sampleBackends(url: string, everyMs = 20) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  const tally = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{
        state: string | null;
        wait_event_type: string | null;
        wait_event: string | null;
        query: string;
      }>(
        `select state, wait_event_type, wait_event, query from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
      );
      samples += 1;
      for (const r of rows) {
        let key: string;
        if (r.state === 'active') {
          key = r.wait_event_type
            ? `active, waiting on ${r.wait_event_type}:${r.wait_event}`
            : 'active on CPU';
          if (r.wait_event_type === 'Lock') key += ` ← ${classify(r.query)}`;
        } else if (r.state === 'idle in transaction') key = 'idle in transaction (waiting for Node)';
        else key = `${r.state ?? 'unknown'}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
      }
      await sleep(everyMs);
    }
  })();
  return {
    stop: async (): Promise<{ samples: number; average: Map<string, number> }> => {
      running = false;
      await loop.catch((e: unknown) => note(`pg_stat_activity sampling failed: ${String(e)}`));
      await client.end().catch(() => undefined);
      const average = new Map([...tally].map(([k, v]) => [k, samples > 0 ? v / samples : 0]));
      return { samples, average };
    },
  };
}

/** A V8 CPU profile of this thread (the server): self time (ms) by package or server module, and by function. */
export async function cpuProfile(
  run: () => Promise<void>,
): Promise<{ groups: Map<string, number>; functions: Map<string, number> }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 1000 });
    await session.post('Profiler.start');
    await run();
    const { profile } = await session.post('Profiler.stop');
    // BENCH_CPU_PROFILE_DIR=dir keeps the raw profile (open it in Chrome DevTools or speedscope).
    const keep = process.env.BENCH_CPU_PROFILE_DIR;
    if (keep) {
      const file = path.join(keep, `${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      note(`CPU profile written to ${file}`);
    }
    const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
    const groups = new Map<string, number>();
    const functions = new Map<string, number>();
    const deltas = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, i) => {
      const frame = byNode.get(id)?.callFrame;
      const ms = (deltas[i] ?? 0) / 1000;
      const group = frame ? groupOf(frame.url, frame.functionName) : '?';
      groups.set(group, (groups.get(group) ?? 0) + ms);
      const fn = frame
        ? `${frame.functionName || '(anonymous)'}${frame.url ? ` ${path.basename(frame.url)}:${frame.lineNumber + 1}` : ''}`
        : '?';
      functions.set(fn, (functions.get(fn) ?? 0) + ms);
    });
    return { groups, functions };
  } finally {
    session.disconnect();
  }
}

function groupOf(url: string, fn: string): string {
  if (url.startsWith('wasm:')) return 'PGlite WASM (postgres)';
  if (!url) {
    if (fn === '(idle)') return '(idle)';
    if (fn === '(garbage collector)') return '(garbage collector)';
    return fn.startsWith('(') ? fn : '(native: crypto, JSON, …)';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const server = /\/server\/(.+?)\/[^/]+$/.exec(url)?.[1] ?? (/\/server\/[^/]+$/.test(url) ? '.' : null);
  if (server !== null) return `accord server/${server}`;
  if (url.startsWith('node:')) return 'node internals';
  return path.basename(url);
}

/** Prints a {@link cpuProfile}: busy share, then self time by package and by function, per `unit`. */
export function reportCpuProfile(
  cpu: { groups: Map<string, number>; functions: Map<string, number> },
  units: number,
  unit: string,
): { busyMs: number; sampledMs: number } {
  const sampledMs = [...cpu.groups.values()].reduce((a, b) => a + b, 0);
  const busyMs = sampledMs - (cpu.groups.get('(idle)') ?? 0);
  const per = (ms: number) => `(${round((ms * 1000) / Math.max(1, units))} µs/${unit})`;
  process.stdout.write(`  server thread, self time (of ${round(sampledMs)} ms sampled), by package:\n`);
  report('    busy (not idle)', `${round((100 * busyMs) / sampledMs)} %`, per(busyMs));
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .filter(([k]) => k !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, n);
  for (const [group, ms] of top(cpu.groups, 12)) {
    report(`    ${group}`, `${round((100 * ms) / sampledMs, 1)} %`, per(ms));
  }
  process.stdout.write(`  by function (top 10):\n`);
  for (const [fn, ms] of top(cpu.functions, 10)) {
    report(`    ${fn.slice(0, 60)}`, `${round((100 * ms) / sampledMs, 1)} %`, per(ms));
  }
  return { busyMs, sampledMs };
}

// ---------------------------------------------------------------------------------------------------------
// The app, the seed and the load.

type Tally = { received: number; answered: number; byStatus: Map<number, number> };

async function startApp(
  database: Database,
): Promise<{ app: FastifyInstance; pii: PiiCrypto; key: Buffer; tally: Tally }> {
  const key = randomBytes(32);
  const pii = new PiiCrypto([{ id: 'k1', key }]);
  const config = loadConfig(
    { NODE_ENV: 'production', ACCORD_DEMO: 'false', ACCORD_MASTER_KEY: key.toString('base64') },
    [],
  );
  const app = await buildApp(
    {
      config,
      database,
      clock: systemClock,
      pii,
      calendars: new CalendarService(database.db),
      evidence: new MemoryEvidenceStorage(),
    },
    { serveWeb: false },
  );
  // Every answer to POST /cases, counted by the server when it sends it (onSend: onResponse never fires for
  // the requests still running when autocannon stops and closes its sockets, yet those cases are filed).
  const tally: Tally = { received: 0, answered: 0, byStatus: new Map() };
  const isIntake = (request: FastifyRequest) => request.method === 'POST' && request.url === INTAKE_PATH;
  // Counted once the body is in (a request cut off mid-body by autocannon's stop never reaches the handler).
  app.addHook('preHandler', async (request) => {
    if (isIntake(request)) tally.received += 1;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!isIntake(request)) return payload;
    tally.answered += 1;
    tally.byStatus.set(reply.statusCode, (tally.byStatus.get(reply.statusCode) ?? 0) + 1);
    return payload;
  });
  await app.ready();
  return { app, pii, key, tally };
}

async function seed(app: FastifyInstance, database: Database, pii: PiiCrypto, n: number) {
  const db = database.db;
  const tenant = await buildTenant(db, pii, new Date());
  const headers = { authorization: `Bearer ${tenant.apiKey}` };
  const consumer = await app.inject({
    method: 'POST',
    url: '/api/v1/consumers',
    headers,
    payload: {
      externalId: buyerOf(0),
      displayName: '买家 0',
      pii: { phone: '13800001111', realName: '张三' },
    },
  });
  if (consumer.statusCode !== 201) throw new Error(`seed consumer: ${consumer.statusCode} ${consumer.body}`);
  const day = 86_400_000;
  const order = await app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers,
    payload: {
      externalId: 'bench-order-0',
      buyerExternalId: buyerOf(0),
      merchantExternalId: 'm1',
      scenario: 'ecommerce',
      category: 'electronics',
      title: '蓝牙耳机',
      items: [{ sku: 'E-1', title: '蓝牙耳机', quantity: 1, unitPriceFen: 29900 }],
      goodsFen: 29900,
      paymentMethod: 'alipay',
      paidAt: new Date(Date.now() - 5 * day).toISOString(),
      shippedAt: new Date(Date.now() - 4 * day).toISOString(),
      signedAt: new Date(Date.now() - 3 * day).toISOString(),
    },
  });
  if (order.statusCode !== 201) throw new Error(`seed order: ${order.statusCode} ${order.body}`);
  const [userRow] = await db.select().from(users).where(eq(users.id, consumer.json<{ id: string }>().id));
  const [orderRow] = await db.select().from(orders).where(eq(orders.id, order.json<{ id: string }>().id));
  if (!userRow || !orderRow) throw new Error('seed: the consumer or order written by the API is missing');
  const now = new Date();
  for (let from = 1; from <= n; from += SEED_CHUNK) {
    const to = Math.min(n, from + SEED_CHUNK - 1);
    const userRows: (typeof users.$inferInsert)[] = [];
    const orderRows: (typeof orders.$inferInsert)[] = [];
    for (let i = from; i <= to; i++) {
      userRows.push({
        ...userRow,
        id: newId('usr'),
        username: `buyer-${buyerOf(i)}`,
        externalId: buyerOf(i),
        displayName: `买家 ${i}`,
        createdAt: now,
      });
      orderRows.push({
        ...orderRow,
        id: orderIdOf(i),
        externalId: `bench-order-${i}`,
        buyerExternalId: buyerOf(i),
        createdAt: now,
        updatedAt: now,
      });
    }
    await db.transaction(async (tx) => {
      await tx.insert(users).values(userRows);
      await tx.insert(orders).values(orderRows);
    });
  }
  await db.execute(sql`analyze`);
  if (database.kind === 'postgres') {
    await db.execute(sql`checkpoint`).catch((e: unknown) => note(`checkpoint skipped: ${String(e)}`));
  }
  return tenant;
}

/** A CommonJS module for autocannon's worker: request k of this run files a case on order `start + k`. */
function writeSetupRequest(dir: string, start: number): string {
  const file = path.join(dir, `setup-request-${start}.cjs`);
  writeFileSync(
    file,
    `'use strict';
// Generated by bench/support/intake.ts: each request files a case on an order of its own.
let next = ${start};
const body = ${JSON.stringify(CASE_BODY)};
module.exports = function setupRequest(request) {
  const i = next++;
  request.body = body
    .replace('@@ORDER@@', ${JSON.stringify(ORDER_PREFIX)} + String(i).padStart(16, '0'))
    .replace('@@BUYER@@', ${JSON.stringify(BUYER_PREFIX)} + i);
  return request;
};
`,
  );
  return file;
}

type Load = {
  casesPerS: number;
  ok: number;
  requests: number;
  seconds: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  cpu: { processCores: number; machineBusy: number };
};

/** CPU counters now: the machine's (all cpus) and this process's (every thread). */
export function cpuTimes() {
  const cpus = os.cpus();
  const total = cpus.reduce(
    (n, c) => n + c.times.user + c.times.nice + c.times.sys + c.times.idle + c.times.irq,
    0,
  );
  const idle = cpus.reduce((n, c) => n + c.times.idle, 0);
  return { total, idle, process: process.cpuUsage(), at: performance.now() };
}

/** Cores this process kept busy and the machine's busy share since `before`. */
export function cpuSince(before: ReturnType<typeof cpuTimes>) {
  const after = cpuTimes();
  const used = after.process.user + after.process.system - before.process.user - before.process.system;
  const total = after.total - before.total;
  return {
    // Cores this process kept busy: the server's main thread plus autocannon's worker thread.
    processCores: used / 1000 / (after.at - before.at),
    machineBusy: total > 0 ? 1 - (after.idle - before.idle) / total : 0,
  };
}

/** autocannon filing cases on `base`: {@link INTAKE}.clients connections, request k on order `start + k`. */
function loadIntake(base: string, apiKey: string, dir: string, start: number, seconds: number) {
  return autocannon({
    url: base,
    duration: seconds,
    connections: INTAKE.clients,
    workers: HTTP_LOAD.workers,
    // A slow answer is a latency, not an error: wait for it (autocannon's default gives up after 10 s).
    timeout: INTAKE.requestTimeoutSeconds,
    requests: [
      {
        method: 'POST',
        path: INTAKE_PATH,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        setupRequest: writeSetupRequest(dir, start),
      },
    ],
  });
}

function loadOf(result: autocannon.Result, cpu: Load['cpu']): Load {
  const ok = result['2xx'];
  return {
    casesPerS: ok / result.duration,
    ok,
    requests: result.requests.total,
    seconds: result.duration,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    cpu,
  };
}

/** Loads POST /cases on the in-process app; returns the figures and the next free order number. */
async function fire(
  base: string,
  apiKey: string,
  dir: string,
  start: number,
  seconds: number,
  tally: Tally,
): Promise<{ load: Load; next: number }> {
  const receivedBefore = tally.received;
  const before = cpuTimes();
  const result = await loadIntake(base, apiKey, dir, start, seconds);
  const cpu = cpuSince(before);
  // Wait until the server has answered what it received (requests still running when autocannon stopped).
  const draining = stopwatch();
  while (tally.answered < tally.received && draining.ms() < 15_000) await sleep(10);
  // Each connection builds its next request before sending it: leave room for those never sent.
  return { load: loadOf(result, cpu), next: start + (tally.received - receivedBefore) + 2 * INTAKE.clients };
}

/** One deployment-shape run: `server/main.ts` with `workers` API processes (support/processes.ts). */
export type ProcessRun = {
  workers: number;
  load: Load;
  /** CPU of the server processes (primary + workers) during the run, and per case filed. */
  serverCores: number | null;
  /** Of `serverCores`, the cluster primary's (accepting connections, handing them out); null with 1 worker. */
  primaryCores: number | null;
  serverCpuMsPerCase: number | null;
  /** Cases filed ÷ transactions committed in the database meanwhile: the group-commit batch size, about. */
  casesPerCommit: number | null;
  /** Cases the run filed (counted in the database once the last answers are in) vs the 2xx at the client. */
  filed: number;
  ok: boolean;
};

/** Transactions committed in this database so far (PostgreSQL's statistics, flushed within about a second). */
async function commits(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: string }>(
    db,
    sql`select xact_commit::text as n from pg_stat_database where datname = current_database()`,
  );
  return Number(row?.n ?? NaN);
}

async function countCases(db: Db, tenantId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from cases where tenant_id = ${tenantId}`,
  );
  return row?.n ?? -1;
}

/**
 * Warm-up, then {@link INTAKE}.durationSeconds of load on `workers` server processes. Every 2xx must be a
 * case in the database; requests still running when autocannon stopped may add up to one case per
 * connection more (filed, their answer never read).
 */
async function fireProcesses(
  url: string,
  db: Db,
  workers: number,
  key: Buffer,
  tenant: { id: string; apiKey: string },
  dir: string,
  start: number,
): Promise<{ run: ProcessRun; next: number }> {
  const server = await startServerProcesses(url, workers, key);
  try {
    let next = start;
    const settle = async () => {
      // The cases filed by the requests still in flight when autocannon stopped: wait for the count to stop.
      let last = await countCases(db, tenant.id);
      for (;;) {
        await sleep(300);
        const n = await countCases(db, tenant.id);
        if (n === last) return n;
        last = n;
      }
    };
    const before0 = await countCases(db, tenant.id);
    await loadIntake(server.base, tenant.apiKey, dir, next, INTAKE.processWarmupSeconds);
    const before = await settle();
    next += before - before0 + 2 * INTAKE.clients;
    await sleep(1_000); // let the statistics catch up with the warm-up
    const commitsBefore = await commits(db);
    const cpuBefore = cpuTimes();
    const serverBefore = server.cpuSeconds();
    const result = await loadIntake(server.base, tenant.apiKey, dir, next, INTAKE.durationSeconds);
    const serverAfter = server.cpuSeconds();
    const load = loadOf(result, cpuSince(cpuBefore));
    const after = await settle();
    const filed = after - before;
    await sleep(1_000);
    const committed = (await commits(db)) - commitsBefore;
    next += filed + 2 * INTAKE.clients;
    const serverCpuS =
      serverBefore !== null && serverAfter !== null ? serverAfter.total - serverBefore.total : null;
    const primaryCpuS =
      serverBefore !== null && serverAfter !== null ? serverAfter.primary - serverBefore.primary : null;
    return {
      run: {
        workers,
        load,
        serverCores: serverCpuS === null ? null : serverCpuS / load.seconds,
        primaryCores: workers === 1 || primaryCpuS === null ? null : primaryCpuS / load.seconds,
        serverCpuMsPerCase: serverCpuS === null ? null : (serverCpuS * 1000) / Math.max(1, filed),
        casesPerCommit: Number.isFinite(committed) && committed > 0 ? filed / committed : null,
        filed,
        ok:
          load.errors + load.timeouts + load.non2xx === 0 &&
          filed >= load.ok &&
          filed <= load.ok + INTAKE.clients,
      },
      next,
    };
  } finally {
    await server.stop();
  }
}

/** Prints the throughput, latency and failures of a load run. */
function reportLoad(m: Load): void {
  report('throughput', round(m.casesPerS), 'cases/s');
  report('latency p50 / p90 / p99 / max', `${m.p50Ms} / ${m.p90Ms} / ${m.p99Ms} / ${m.maxMs}`, 'ms');
  report('errors / timeouts / non-2xx', `${m.errors} / ${m.timeouts} / ${m.non2xx}`);
}

/** Prints a {@link ProcessRun}. */
function reportProcessRun(r: ProcessRun): void {
  const m = r.load;
  report(
    'cases filed (2xx) / in the database',
    `${m.ok.toLocaleString('en-US')} / ${r.filed.toLocaleString('en-US')}`,
  );
  reportLoad(m);
  report(
    'CPU: server processes (of which the primary)',
    r.serverCores === null ? 'n/a' : round(r.serverCores, 2),
    r.primaryCores === null ? 'cores' : `cores (${round(r.primaryCores, 2)})`,
  );
  report(
    'CPU: server per case filed',
    r.serverCpuMsPerCase === null ? 'n/a' : round(r.serverCpuMsPerCase, 2),
    'ms',
  );
  report('CPU: bench process (load generator)', round(m.cpu.processCores, 2), 'cores');
  report('CPU: whole machine busy', round(m.cpu.machineBusy * 100), `% of ${os.cpus().length} cpus`);
  report('cases per committed transaction', r.casesPerCommit === null ? 'n/a' : round(r.casesPerCommit, 1));
}

// ---------------------------------------------------------------------------------------------------------
// The ceiling: the same rows, raw.

/** The tables one filing writes rows to, and how to find the rows of case `c` in tenant `t`. */
const TEMPLATE_TABLES: { table: string; where: (c: string, t: string) => SQL; order: string }[] = [
  { table: 'cases', where: (c, t) => sql`t.id = ${c} and t.tenant_id = ${t}`, order: 't.id' },
  {
    table: 'deadlines',
    where: (c, t) => sql`t.tenant_id = ${t} and t.subject_type = 'case' and t.subject_id = ${c}`,
    order: 't.id',
  },
  {
    table: 'deadline_events',
    where: (c, t) => sql`t.tenant_id = ${t} and t.subject_id = ${c}`,
    order: 't.id',
  },
  {
    table: 'subject_statuses',
    where: (c, t) => sql`t.tenant_id = ${t} and t.subject_type = 'case' and t.subject_id = ${c}`,
    order: 't.id',
  },
  { table: 'case_events', where: (c, t) => sql`t.tenant_id = ${t} and t.case_id = ${c}`, order: 't.id' },
  { table: 'audit_events', where: (c, t) => sql`t.tenant_id = ${t} and t.case_id = ${c}`, order: 't.seq' },
];

type Ceiling = {
  /** The higher of the two shapes below: what `ceiling_ratio` divides by. */
  casesPerS: number;
  /** One transaction per case, {@link INTAKE}.clients workers. */
  perCaseTxPerS: number;
  /** {@link INTAKE}.ceilingBatch cases per transaction, {@link INTAKE}.ceilingBatchWorkers workers. */
  batchedPerS: number;
  iterations: number;
  p50Ms: number | null;
  p99Ms: number | null;
  rowsPerCase: Record<string, number>;
  written: number;
};

async function measureCeiling(db: Db, raw: RawSql, tenantId: string, caseId: string): Promise<Ceiling> {
  // The rows one API request wrote, as JSON; bigserial ids dropped so the copies get their own.
  const bundle: Record<string, Record<string, unknown>[]> = {};
  const columns: Record<string, string[]> = {};
  for (const { table, where, order } of TEMPLATE_TABLES) {
    const rows = (
      await queryRows<{ row: Record<string, unknown> }>(
        db,
        sql`select to_jsonb(t) as row from ${sql.raw(table)} t where ${where(caseId, tenantId)} order by ${sql.raw(order)}`,
      )
    ).map(({ row }) => {
      const { id, ...rest } = row;
      return typeof id === 'string' ? row : rest;
    });
    if (rows.length === 0) throw new Error(`ceiling: no ${table} row for the template case ${caseId}`);
    bundle[table] = rows;
    columns[table] = Object.keys(rows[0]!);
  }
  const [caseRow] = bundle.cases!;
  // Ids a copy must not share with the template (the tenant too: the copies go to a tenant of their own).
  const oldIds = [
    String(caseRow!.id),
    String(caseRow!.number),
    String(caseRow!.order_id),
    ...bundle.deadlines!.map((d) => String(d.id)),
    tenantId,
  ];
  const text = JSON.stringify(bundle);
  const ceilingTenant = newId('ten');
  await insertTenant(db, {
    id: ceilingTenant,
    slug: `bench-ceiling-${randomBytes(3).toString('hex')}`,
    name: 'Bench: raw-insert ceiling',
  });
  const insertSql = (table: string) => {
    const cols = columns[table]!.map((c) => `"${c}"`).join(', ');
    return `insert into ${table} (${cols}) select ${cols} from jsonb_populate_recordset(null::${table}, $1::jsonb)`;
  };
  const statements = TEMPLATE_TABLES.map(({ table }) => ({ table, sql: insertSql(table) }));
  let seq = 0;
  let numbered = 0;
  /** The rows of one more case: the template's, with fresh ids, number and audit seqs. */
  const nextCase = () => {
    const i = numbered++;
    const fresh = [
      newId('case'),
      `AC-2026-${String(i + 1).padStart(6, '0')}`,
      `ord_ceiling${String(i).padStart(14, '0')}`,
      ...bundle.deadlines!.map(() => newId('dl')),
      ceilingTenant,
    ];
    let copy = text;
    oldIds.forEach((old, k) => (copy = copy.split(old).join(fresh[k] ?? old)));
    const rows = JSON.parse(copy) as Record<string, Record<string, unknown>[]>;
    for (const a of rows.audit_events!) a.seq = ++seq;
    return rows;
  };
  /** `n` cases in ONE transaction: one multi-row insert per table for all of them. */
  const writeCases = async (n: number) => {
    const cases = Array.from({ length: n }, nextCase);
    await raw.transaction(async (query) => {
      for (const s of statements)
        await query(s.sql, [JSON.stringify(cases.flatMap((rows) => rows[s.table]!))]);
    });
  };
  const latencies: number[] = [];
  const perCase = await runFor(
    INTAKE.ceilingMs,
    async () => {
      const watch = stopwatch();
      await writeCases(1);
      latencies.push(watch.ms());
    },
    { workers: INTAKE.clients },
  );
  // The best plain-SQL way to write these rows, whatever the API does: many cases per transaction.
  const batched = await runFor(
    INTAKE.ceilingMs,
    async () => {
      await writeCases(INTAKE.ceilingBatch);
      return INTAKE.ceilingBatch;
    },
    { workers: INTAKE.ceilingBatchWorkers },
  );
  const [written] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from cases where tenant_id = ${ceilingTenant}`,
  );
  return {
    casesPerS: Math.max(perCase.perSecond, batched.perSecond),
    perCaseTxPerS: perCase.perSecond,
    batchedPerS: batched.perSecond,
    iterations: perCase.iterations + batched.units,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    rowsPerCase: Object.fromEntries(Object.entries(bundle).map(([t, rows]) => [t, rows.length])),
    written: written?.n ?? -1,
  };
}

// ---------------------------------------------------------------------------------------------------------

export type IntakeFigures = {
  /** The in-process run (server and load generator in this process): profiled, statements counted. */
  main: Load;
  /** The deployment shape, one run per {@link INTAKE}.processWorkers (empty on PGlite). */
  processes: ProcessRun[];
  ceiling: Ceiling;
  casesInDb: number;
  created201: number;
  otherAnswers: number;
  clientFailures: number;
  auditOk: boolean;
  auditEvents: number;
  statementsPerCase: number | null;
  txMsP50: number | null;
  counterHoldMsP50: number | null;
  headHoldMsP50: number | null;
  valid: boolean;
};

/**
 * Runs the whole intake bench on an open, migrated database. `profiler` (attached to the database's pool
 * before anything connected) and `url` enable the PostgreSQL-only parts of the profile.
 */
export async function runIntake(
  database: Database,
  raw: RawSql,
  options: { profiler?: StatementProfiler; url?: string } = {},
): Promise<IntakeFigures> {
  const { app, pii, key, tally } = await startApp(database);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'accord-intake-'));
  let closed = false;
  try {
    const seeded = options.url ? INTAKE.orders : INTAKE.ordersInProcessOnly;
    heading(`Seed: one tenant, ${seeded.toLocaleString('en-US')} consumers and orders`);
    const seeding = stopwatch();
    const tenant = await seed(app, database, pii, seeded);
    report('seeded (API for the first, typed clones for the rest)', round(seeding.seconds(), 1), 's');

    // Deadlocks PostgreSQL broke in this database (the batch would have been retried filing by filing, unseen
    // by the client): intake's writes take the counter rows, then the chain head, always in that order.
    const deadlocks = async () =>
      options.url
        ? Number(
            (
              await queryRows<{ n: string }>(
                database.db,
                sql`select deadlocks::text as n from pg_stat_database where datname = current_database()`,
              )
            )[0]?.n ?? 0,
          )
        : null;
    const deadlocksBefore = await deadlocks();
    const base = await listenOnRandomPort(app);
    heading(
      `POST ${INTAKE_PATH}: ${INTAKE.clients} connections, ${INTAKE.durationSeconds} s after a ${INTAKE.warmupSeconds} s warm-up, ` +
        `pool ${INTAKE.poolSize}`,
    );
    let next = 1;
    const warm = await fire(base, tenant.apiKey, dir, next, INTAKE.warmupSeconds, tally);
    next = warm.next;
    const [template] = await queryRows<{ id: string }>(
      database.db,
      sql`select id from cases where tenant_id = ${tenant.id} order by created_at, id limit 1`,
    );
    const main = await fire(base, tenant.apiKey, dir, next, INTAKE.durationSeconds, tally);
    next = main.next;
    const m = main.load;
    report(
      'cases filed (2xx) / requests',
      `${m.ok.toLocaleString('en-US')} / ${m.requests.toLocaleString('en-US')}`,
    );
    reportLoad(m);
    report('CPU: this process (server + load generator)', round(m.cpu.processCores, 2), 'cores');
    report('CPU: whole machine busy', round(m.cpu.machineBusy * 100), `% of ${os.cpus().length} cpus`);

    // --- profile: a separate run, instrumented ---
    heading(`Profile: the same load for ${INTAKE.profileSeconds} s, instrumented`);
    const profiler = options.profiler;
    profiler?.reset();
    if (profiler) profiler.enabled = true;
    const sampler = options.url ? sampleBackends(options.url) : null;
    const answeredBefore = tally.answered;
    let profiled: Load | null = null;
    const cpu = await cpuProfile(async () => {
      const run = await fire(base, tenant.apiKey, dir, next, INTAKE.profileSeconds, tally);
      next = run.next;
      profiled = run.load;
    });
    if (profiler) profiler.enabled = false;
    const waits = await sampler?.stop();
    const profiledCases = tally.answered - answeredBefore;
    const p = profiled as Load | null;
    if (p) report('throughput while profiled', round(p.casesPerS), 'cases/s');
    reportCpuProfile(cpu, profiledCases, 'case');
    let statementsPerCase: number | null = null;
    if (profiler && profiler.stats.size > 0) {
      const total = [...profiler.stats.values()].reduce((n, s) => n + s.count, 0);
      statementsPerCase = total / Math.max(1, profiledCases);
      process.stdout.write(
        `  statements of the app's pool, per case filed (time from send to result, incl. lock waits):\n`,
      );
      report('    all', `${round(statementsPerCase, 1)} statements per case`);
      for (const [kind, s] of [...profiler.stats].sort((a, b) => b[1].ms - a[1].ms)) {
        report(
          `    ${kind}`,
          `${round(s.count / Math.max(1, profiledCases), 2)} × ${round(s.ms / s.count, 2)} ms`,
          `(p50 ${round(percentile(s.samples, 50) ?? NaN, 2)} ms; ${round(s.ms / Math.max(1, profiledCases), 2)} ms/case)`,
        );
      }
      const show = (label: string, xs: number[]) =>
        report(
          label,
          `${round(percentile(xs, 50) ?? NaN, 1)} / ${round(percentile(xs, 99) ?? NaN, 1)}`,
          'ms (p50 / p99)',
        );
      show('  intake transaction (begin → commit, or its one statement)', profiler.txMs);
      show('  case counter row held (at most: its statement sent → commit)', profiler.counterHoldMs);
      show('  audit head row held (at most: first lock → commit)', profiler.headHoldMs);
      const hold = percentile(profiler.counterHoldMs, 50);
      const writes = (profiler.stats.get(INTAKE_WRITE) ?? profiler.stats.get(COUNTER_LOCK))?.count ?? 0;
      if (hold && writes > 0) {
        const perWrite = profiledCases / writes;
        report(
          '  ⇒ one tenant, writes one after another',
          round((1000 / hold) * perWrite),
          `cases/s at most (1 ÷ counter hold p50 × ${round(perWrite, 1)} cases per write)`,
        );
      }
    }
    if (waits && waits.samples > 0) {
      process.stdout.write(
        `  the app's backends (pg_stat_activity, ${waits.samples} samples, average count):\n`,
      );
      for (const [k, v] of [...waits.average].sort((a, b) => b[1] - a[1])) {
        if (v >= 0.05) report(`    ${k}`, round(v, 2));
      }
    }

    // --- the ceiling ---
    heading(
      `Ceiling: the same rows, raw SQL — one transaction per case (${INTAKE.clients} workers), then ` +
        `${INTAKE.ceilingBatch} cases per transaction (${INTAKE.ceilingBatchWorkers} workers)`,
    );
    if (!template) throw new Error('no case was filed in the warm-up');
    const ceiling = await measureCeiling(database.db, raw, tenant.id, template.id);
    report(
      'rows per case',
      Object.entries(ceiling.rowsPerCase)
        .map(([t, n]) => `${t} ${n}`)
        .join(', '),
    );
    report('one transaction per case', round(ceiling.perCaseTxPerS), 'cases/s');
    report(`${INTAKE.ceilingBatch} cases per transaction`, round(ceiling.batchedPerS), 'cases/s');
    report('ceiling (the higher)', round(ceiling.casesPerS), 'cases/s');
    report(
      'one transaction per case: p50 / p99',
      `${round(ceiling.p50Ms ?? NaN, 1)} / ${round(ceiling.p99Ms ?? NaN, 1)}`,
      'ms',
    );
    report('ceiling_ratio (API ÷ ceiling)', round(m.casesPerS / ceiling.casesPerS, 3));

    // --- checks ---
    await app.close();
    closed = true;
    const created201 = tally.byStatus.get(201) ?? 0;
    const otherAnswers = tally.answered - created201;
    const [counted] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from cases where tenant_id = ${tenant.id}`,
    );
    const casesInDb = counted?.n ?? -1;

    // --- the deployment shape: server/main.ts with 1 and 2 API worker processes (PostgreSQL only) ---
    const processes: ProcessRun[] = [];
    if (options.url) {
      for (const workers of INTAKE.processWorkers) {
        heading(
          `Deployment shape: server/main.ts, ACCORD_WORKERS=${workers}, ${INTAKE.clients} connections, ` +
            `${INTAKE.durationSeconds} s after a ${INTAKE.processWarmupSeconds} s warm-up`,
        );
        const shaped = await fireProcesses(options.url, database.db, workers, key, tenant, dir, next);
        next = shaped.next;
        reportProcessRun(shaped.run);
        processes.push(shaped.run);
      }
    }
    const audit = await verifyAuditChain(database.db, { tenantId: tenant.id });
    // A backend reports its counts when its transaction ends, at most once a second: give the last ones time.
    if (options.url) await sleep(1_500);
    const deadlocked = deadlocksBefore === null ? null : ((await deadlocks()) ?? 0) - deadlocksBefore;
    for (const problem of audit.problems.slice(0, 5)) note(`audit: seq ${problem.seq}: ${problem.problem}`);
    const runs = [warm.load, m, ...(p ? [p] : [])];
    const clientFailures = runs.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
    heading('Checks');
    const statuses = [...tally.byStatus].map(([s, n]) => `${s}: ${n.toLocaleString('en-US')}`).join(', ');
    const checks: [string, boolean][] = [
      [`no error, timeout or non-2xx at the client (${clientFailures})`, clientFailures === 0],
      [`every answer the server gave was 201 (${statuses})`, otherAnswers === 0],
      [`cases in the tenant (${casesInDb}) = 201s (${created201})`, casesInDb === created201],
      [
        `ceiling wrote one case per iteration (${ceiling.written} / ${ceiling.iterations})`,
        ceiling.written === ceiling.iterations,
      ],
      ...processes.map((r): [string, boolean] => [
        `${r.workers} worker(s): no failed request, 2xx (${r.load.ok}) ≤ cases filed (${r.filed}) ≤ 2xx + ${INTAKE.clients}`,
        r.ok,
      ]),
      [`verifyAuditChain (${audit.events.toLocaleString('en-US')} events)`, audit.ok],
      ...(deadlocked === null
        ? []
        : [
            [`no deadlock in the database (pg_stat_database: ${deadlocked})`, deadlocked === 0] as [
              string,
              boolean,
            ],
          ]),
    ];
    for (const [what, ok] of checks) report(what, ok ? 'ok' : 'FAILED');
    if (next > seeded) note(`the runs used order numbers up to ${next}, more than the ${seeded} seeded`);
    return {
      main: m,
      processes,
      ceiling,
      casesInDb,
      created201,
      otherAnswers,
      clientFailures,
      auditOk: audit.ok,
      auditEvents: audit.events,
      statementsPerCase,
      txMsP50: profiler ? percentile(profiler.txMs, 50) : null,
      counterHoldMsP50: profiler ? percentile(profiler.counterHoldMs, 50) : null,
      headHoldMsP50: profiler ? percentile(profiler.headHoldMs, 50) : null,
      valid: checks.every(([, ok]) => ok),
    };
  } finally {
    if (!closed) await app.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The result line of either intake bench (`null` figures when it could not run). The headline figures
 * (`cases_per_s`, `p50_ms`, `p99_ms`, `ceiling_ratio`, `meets_target`) are those of the default deployment
 * shape (`DEFAULT_WORKERS` API processes, `shape: "workers_1"`) when it ran, else of the in-process run
 * (`shape: "in_process"`); every other shape is reported beside it (ADR 0015).
 */
export function intakeResult(
  bench: 'intake' | 'intake-pglite',
  db: 'postgres' | 'pglite' | 'none',
  f: IntakeFigures | null,
  loadAtStart: number,
): BenchResult {
  const r1 = (x: number | null | undefined) => (x === null || x === undefined ? null : round(x, 1));
  const headline = f?.processes.find((r) => r.workers === DEFAULT_WORKERS);
  const shown = headline ? headline.load : f?.main;
  const ratio = f && shown ? shown.casesPerS / f.ceiling.casesPerS : null;
  const byWorkers = (n: number) => f?.processes.find((r) => r.workers === n);
  const shape: Record<string, number | null> = {};
  for (const n of INTAKE.processWorkers) {
    const r = byWorkers(n);
    shape[`workers_${n}_cases_per_s`] = r ? round(r.load.casesPerS) : null;
    shape[`workers_${n}_p50_ms`] = r ? r.load.p50Ms : null;
    shape[`workers_${n}_p99_ms`] = r ? r.load.p99Ms : null;
    shape[`workers_${n}_server_cores`] = r?.serverCores == null ? null : round(r.serverCores, 2);
    shape[`workers_${n}_server_cpu_ms_per_case`] = r1(r?.serverCpuMsPerCase);
    shape[`workers_${n}_primary_cores`] = r?.primaryCores == null ? null : round(r.primaryCores, 2);
    shape[`workers_${n}_cases_per_commit`] = r1(r?.casesPerCommit);
  }
  return {
    bench,
    db,
    clients: INTAKE.clients,
    cases_per_s: shown ? round(shown.casesPerS) : null,
    p50_ms: shown ? shown.p50Ms : null,
    p99_ms: shown ? shown.p99Ms : null,
    ceiling_ratio: ratio === null ? null : round(ratio, 3),
    shape: headline ? `workers_${headline.workers}` : f ? 'in_process' : null,
    target_cases_per_s: INTAKE.targetCasesPerS,
    target_p99_ms: INTAKE.targetP99Ms,
    meets_target: shown
      ? shown.casesPerS >= INTAKE.targetCasesPerS && shown.p99Ms < INTAKE.targetP99Ms
      : null,
    ...shape,
    in_process_cases_per_s: f ? round(f.main.casesPerS) : null,
    in_process_p50_ms: f ? f.main.p50Ms : null,
    in_process_p99_ms: f ? f.main.p99Ms : null,
    ceiling_cases_per_s: f ? round(f.ceiling.casesPerS) : null,
    ceiling_tx_per_case_cases_per_s: f ? round(f.ceiling.perCaseTxPerS) : null,
    ceiling_batched_cases_per_s: f ? round(f.ceiling.batchedPerS) : null,
    p90_ms: shown ? shown.p90Ms : null,
    max_ms: shown ? shown.maxMs : null,
    duration_s: INTAKE.durationSeconds,
    pool_size: INTAKE.poolSize,
    orders: db === 'postgres' ? INTAKE.orders : INTAKE.ordersInProcessOnly,
    cases: f ? f.casesInDb : null,
    non_2xx: f ? f.clientFailures + f.otherAnswers : null,
    statements_per_case: r1(f?.statementsPerCase),
    tx_ms_p50: r1(f?.txMsP50),
    counter_hold_ms_p50: r1(f?.counterHoldMsP50),
    audit_head_hold_ms_p50: r1(f?.headHoldMsP50),
    process_cores: f ? round(f.main.cpu.processCores, 2) : null,
    machine_busy: f ? round(f.main.cpu.machineBusy, 2) : null,
    cases_match: f ? f.casesInDb === f.created201 && f.processes.every((r) => r.ok) : null,
    audit_ok: f ? f.auditOk : null,
    load_1m: round(loadAtStart, 2),
  };
}

/** Where the PGlite intake bench keeps its data directory (the same disk as the app's `./data`). */
export const PGLITE_PARENT_DIR = RESULTS_DIR;
