/**
 * Case detail (issue #4, "Performance"): `GET /api/v1/cases/:id` of one case with 100 timeline events, 20
 * messages and 10 evidence items, read by a handler (session cookie) — the viewer who sees all of it.
 * Target: p99 < 20 ms.
 *
 * 1. The real app (`buildApp` with real deps, logger off) on PostgreSQL (`openPostgres(url)` on a throwaway
 *    database, `migrate()`), then the same on PGlite (data in a temp dir under bench/results/, removed).
 * 2. Seeded through the API (`app.inject`): `buildTenant` (staff users, merchants, an API key), an order
 *    (integration key), a complaint filed by the consumer (event 1), accepted by the handler, 20 messages
 *    (consumer and merchant to everyone, handler internal notes), 10 evidence uploads (PNG, multipart,
 *    evidence stored in MemoryEvidenceStorage), then reassignments between handler and supervisor until the
 *    timeline holds exactly 100 events. The handler's view is checked: 100 / 20 / 10, else exit 1.
 * 3. Load: autocannon (`loadTest` from support/http.ts), {@link CONNECTIONS} connections — a case page is read
 *    by a few people at once, not fifty — for {@link DURATION_S} s after a 1 s warm-up → `p50_ms`, `p99_ms`
 *    (whole ms, autocannon's resolution), `rps`. Any error or non-2xx exits 1. The page cache
 *    (case-page-cache.ts) is on, as deployed: each read checks the case's stamp and the viewer's right to see
 *    it, and renders only when the case changed. The same load on a second app with the cache off
 *    (`ACCORD_CASE_PAGE_CACHE_MB=0`, every read renders) → `uncached_*`: what a case that changes between
 *    every two reads costs.
 * 4. Where the time goes, sequentially in this process: {@link SEQUENTIAL} `app.inject` GETs (the route
 *    without TCP: auth, use case, Zod response serialisation) and the use case alone (`readCaseDetail`:
 *    one statement for the case and all its parts, and the presenter) → `inject_*`, `use_case_*`.
 * 5. Profile: {@link PROFILE_S} s more of the same load with a V8 CPU profile of the server thread (self time
 *    by package and function, support/intake.ts) → `cpu_ms_per_read`.
 * 6. The deployment shape (PostgreSQL only): `server/main.ts` as deployed in a child process with
 *    `ACCORD_WORKERS=1`, then `=2` (support/processes.ts), the same load ({@link PROCESS_WARMUP_S} s warm-up +
 *    {@link DURATION_S} s)
 *    → `workers_N_*`, with the server processes' CPU per read from /proc. The headline `p50_ms`, `p99_ms`,
 *    `rps` and `meets_target` are those of the default shape, one worker (`shape`, ADR 0015); the in-process
 *    ones are `in_process_*`.
 *
 * No baseline ratio: {@link CONNECTIONS} connections instead of the baseline's 50, so `http_rps` is not
 * like for like. Takes about 2½ minutes. PostgreSQL figures are null when it is unreachable (`db: "pglite"`).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.js';
import { DEFAULT_WORKERS, loadConfig } from '../server/config.js';
import { openPglite, openPostgres, type Database } from '../server/db/client.js';
import { systemClock } from '../server/lib/clock.js';
import { sha256Hex } from '../server/lib/tokens.js';
import { findSessionPrincipal } from '../server/modules/accounts/accounts.repo.js';
import { CalendarService } from '../server/modules/calendar/calendar-service.js';
import { readCaseDetail } from '../server/modules/cases/case-queries.js';
import { MemoryEvidenceStorage } from '../server/modules/evidence/index.js';
import { PiiCrypto } from '../server/modules/privacy/pii-crypto.js';
import { TEST_PASSWORD, buildTenant } from '../server/test/factories.js';
import { onInterrupt, openBenchDatabase, redactUrl } from './support/db.js';
import { cpuProfile, cpuSince, cpuTimes, reportCpuProfile } from './support/intake.js';
import { listenOnRandomPort, loadTest, type LoadResult } from './support/http.js';
import { startServerProcesses } from './support/processes.js';
import { heading, note, percentile, printResult, report, round, stopwatch } from './support/measure.js';

const EVENTS = 100;
const MESSAGES = 20;
const EVIDENCE = 10;
const CONNECTIONS = 8;
const DURATION_S = 10;
const SEQUENTIAL = 300;
const PROFILE_S = 3;
/** Server processes of the deployment-shape runs (PostgreSQL only). */
const PROCESS_WORKERS = [1, 2] as const;
const PROCESS_WARMUP_S = 3;
const TARGET_P99_MS = 20;
const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

type Session = { token: string; csrf: string; cookie: string };
type Detail = { timeline: unknown[]; messages: unknown[]; evidence: unknown[] };

/** One deployment-shape run: `server/main.ts` with `workers` API processes (bench/support/processes.ts). */
type ProcessRead = {
  workers: number;
  load: LoadResult;
  cpu: ReturnType<typeof cpuSince>;
  serverCores: number | null;
  serverCpuMsPerRead: number | null;
};

type Figures = {
  /** The in-process run (server and load generator in this process). */
  load: LoadResult;
  /** The same on an app with the page cache off (ACCORD_CASE_PAGE_CACHE_MB=0): every read renders the page. */
  uncached: LoadResult;
  /** PostgreSQL only: one run per {@link PROCESS_WORKERS}; `DEFAULT_WORKERS` is the headline. */
  processes: ProcessRead[];
  cpu: ReturnType<typeof cpuSince>;
  profile: { cpu: Awaited<ReturnType<typeof cpuProfile>>; reads: number };
  bytes: number;
  counts: { events: number; messages: number; evidence: number };
  seedOk: boolean;
  injectMs: number[];
  useCaseMs: number[];
  seedS: number;
};

/** A PNG header plus `i` so that every upload is a distinct object. */
const png = (i: number) =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    Buffer.from(`IHDR evidence photo ${i} `.padEnd(2_048, '.')),
  ]);

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const boundary = `----AccordBench${randomBytes(6).toString('hex')}`;
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
        `Content-Type: application/octet-stream\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The app as deployed (`key`: the PII key, shared with another app on the same data; `cacheMb`: 0 = no page cache). */
async function startApp(database: Database, options: { key?: Buffer; cacheMb?: number } = {}) {
  const key = options.key ?? randomBytes(32);
  const pii = new PiiCrypto([{ id: 'k1', key }]);
  const config = loadConfig(
    {
      NODE_ENV: 'production',
      ACCORD_DEMO: 'false',
      ACCORD_MASTER_KEY: key.toString('base64'),
      ...(options.cacheMb === undefined ? {} : { ACCORD_CASE_PAGE_CACHE_MB: String(options.cacheMb) }),
    },
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
  await app.ready();
  return { app, pii, key };
}

/** Seeds the case through the API; returns its id and the handler's session. */
async function seedCase(app: FastifyInstance, database: Database, pii: PiiCrypto) {
  const tenant = await buildTenant(database.db, pii, new Date());
  const expect = (what: string, res: { statusCode: number; body: string }, status: number) => {
    if (res.statusCode !== status)
      throw new Error(`seed: ${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  };
  const login = async (username: string): Promise<Session> => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: tenant.slug, username, password: TEST_PASSWORD },
    });
    expect(`login ${username}`, res, 200);
    const cookies = res.cookies as { name: string; value: string }[];
    const token = cookies.find((c) => c.name === 'accord_session')?.value;
    const csrf = cookies.find((c) => c.name === 'accord_csrf')?.value;
    if (!token || !csrf) throw new Error(`seed: login ${username} set no session cookies`);
    return { token, csrf, cookie: `accord_session=${token}; accord_csrf=${csrf}` };
  };
  const consumer = await login('consumer');
  const merchant = await login('merchant');
  const handler = await login('handler');
  const as = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });
  const day = 86_400_000;
  const order = await app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { authorization: `Bearer ${tenant.apiKey}` },
    payload: {
      externalId: 'bench-read-order',
      buyerExternalId: `buyer-${tenant.slug}`,
      merchantExternalId: 'm1',
      scenario: 'ecommerce',
      category: 'electronics',
      title: '降噪耳机',
      items: [{ sku: 'H-1', title: '降噪耳机', quantity: 1, unitPriceFen: 129900 }],
      goodsFen: 129900,
      paidAt: new Date(Date.now() - 6 * day).toISOString(),
      shippedAt: new Date(Date.now() - 5 * day).toISOString(),
      signedAt: new Date(Date.now() - 4 * day).toISOString(),
    },
  });
  expect('order', order, 201);
  const filed = await app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: as(consumer),
    payload: {
      kind: 'complaint',
      orderId: order.json<{ id: string }>().id,
      category: 'quality',
      title: '降噪功能失效',
      description: '收货第二天降噪功能完全失效，商家客服要求自费寄修，我要求退货退款。',
      requestedRemedy: 'return_and_refund',
      requestedAmountFen: 129900,
    },
  });
  expect('file the case', filed, 201);
  const caseId = filed.json<{ id: string }>().id;
  const url = `/api/v1/cases/${caseId}`;
  expect(
    'accept',
    await app.inject({ method: 'POST', url: `${url}/actions/accept`, headers: as(handler), payload: {} }),
    200,
  );
  for (let i = 0; i < MESSAGES; i++) {
    const [who, visibility] =
      i % 3 === 0 ? [consumer, 'all'] : i % 3 === 1 ? [merchant, 'all'] : [handler, 'staff'];
    const res = await app.inject({
      method: 'POST',
      url: `${url}/messages`,
      headers: as(who),
      payload: { body: `第 ${i + 1} 条消息：关于降噪失效的说明与回复，请查看附件与订单记录。`, visibility },
    });
    expect(`message ${i + 1}`, res, 201);
  }
  for (let i = 0; i < EVIDENCE; i++) {
    const body = multipart(
      { type: i % 2 === 0 ? 'photo' : 'order_screenshot', description: `证据 ${i + 1}` },
      { name: `证据-${i + 1}.png`, content: png(i) },
    );
    const res = await app.inject({
      method: 'POST',
      url: `${url}/evidence`,
      headers: { ...as(i % 2 === 0 ? consumer : merchant), 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(`evidence ${i + 1}`, res, 201);
  }
  const read = async () => {
    const res = await app.inject({ url, headers: { cookie: handler.cookie } });
    expect('read', res, 200);
    return { detail: res.json<Detail>(), bytes: res.rawPayload.length };
  };
  // Reassignments (each one timeline event) until the timeline holds exactly EVENTS.
  const assignees = [tenant.users.supervisor.id, tenant.users.handler.id];
  for (let n = (await read()).detail.timeline.length, k = 0; n < EVENTS; n++, k++) {
    const res = await app.inject({
      method: 'POST',
      url: `${url}/assign`,
      headers: as(handler),
      payload: { assigneeId: assignees[k % 2] },
    });
    expect('assign', res, 200);
  }
  const { detail, bytes } = await read();
  const counts = {
    events: detail.timeline.length,
    messages: detail.messages.length,
    evidence: detail.evidence.length,
  };
  return { url, handler, counts, bytes };
}

async function measure(database: Database, url?: string): Promise<Figures> {
  const { app, pii, key } = await startApp(database);
  try {
    const seeding = stopwatch();
    const seeded = await seedCase(app, database, pii);
    const seedS = seeding.seconds();
    const seedOk =
      seeded.counts.events === EVENTS &&
      seeded.counts.messages === MESSAGES &&
      seeded.counts.evidence === EVIDENCE;

    // Sequential, in process: the route without TCP, then the use case alone.
    const headers = { cookie: seeded.handler.cookie };
    const injectMs: number[] = [];
    for (let i = 0; i < SEQUENTIAL + 20; i++) {
      const watch = stopwatch();
      const res = await app.inject({ url: seeded.url, headers });
      if (res.statusCode !== 200) throw new Error(`inject read: ${res.statusCode}`);
      if (i >= 20) injectMs.push(watch.ms());
    }
    const principal = await findSessionPrincipal(database.db, sha256Hex(seeded.handler.token), new Date());
    if (!principal) throw new Error('the handler session does not resolve');
    const caseId = seeded.url.split('/').pop() ?? '';
    const useCaseMs: number[] = [];
    for (let i = 0; i < SEQUENTIAL + 20; i++) {
      const watch = stopwatch();
      await readCaseDetail(database.db, pii, principal, caseId);
      if (i >= 20) useCaseMs.push(watch.ms());
    }

    const base = await listenOnRandomPort(app);
    await loadTest(`${base}${seeded.url}`, {
      headers,
      connections: CONNECTIONS,
      durationSeconds: 1,
      warmupSeconds: 0,
    });
    const before = cpuTimes();
    const load = await loadTest(`${base}${seeded.url}`, {
      headers,
      connections: CONNECTIONS,
      durationSeconds: DURATION_S,
      warmupSeconds: 0,
    });
    const cpu = cpuSince(before);
    // Profile: the same load for PROFILE_S more, with a CPU profile of the server thread.
    let reads = 0;
    const profileCpu = await cpuProfile(async () => {
      const profiled = await loadTest(`${base}${seeded.url}`, {
        headers,
        connections: CONNECTIONS,
        durationSeconds: PROFILE_S,
        warmupSeconds: 0,
      });
      reads = profiled.requests;
    });
    // The same load on an app without the page cache: every read renders the page (the cost of a first read,
    // or of a case that changes between every two reads).
    const uncachedApp = await startApp(database, { key, cacheMb: 0 });
    let uncached: LoadResult;
    try {
      const uncachedBase = await listenOnRandomPort(uncachedApp.app);
      await loadTest(`${uncachedBase}${seeded.url}`, {
        headers,
        connections: CONNECTIONS,
        durationSeconds: 1,
        warmupSeconds: 0,
      });
      uncached = await loadTest(`${uncachedBase}${seeded.url}`, {
        headers,
        connections: CONNECTIONS,
        durationSeconds: DURATION_S,
        warmupSeconds: 0,
      });
    } finally {
      await uncachedApp.app.close();
    }
    // The deployment shape on PostgreSQL: server/main.ts with 1, then 2 API worker processes.
    const processes: ProcessRead[] = [];
    for (const workers of url ? PROCESS_WORKERS : []) {
      const server = await startServerProcesses(url!, workers, key);
      try {
        const target = `${server.base}${seeded.url}`;
        // Fresh processes: a longer warm-up, each worker compiles its hot paths on its own.
        await loadTest(target, {
          headers,
          connections: CONNECTIONS,
          durationSeconds: PROCESS_WARMUP_S,
          warmupSeconds: 0,
        });
        const before = cpuTimes();
        const serverBefore = server.cpuSeconds();
        const shaped = await loadTest(target, {
          headers,
          connections: CONNECTIONS,
          durationSeconds: DURATION_S,
          warmupSeconds: 0,
        });
        const serverAfter = server.cpuSeconds();
        const serverS =
          serverBefore === null || serverAfter === null ? null : serverAfter.total - serverBefore.total;
        processes.push({
          workers,
          load: shaped,
          cpu: cpuSince(before),
          serverCores: serverS === null ? null : serverS / DURATION_S,
          serverCpuMsPerRead: serverS === null ? null : (serverS * 1000) / Math.max(1, shaped.requests),
        });
      } finally {
        await server.stop();
      }
    }
    return {
      load,
      uncached,
      processes,
      cpu,
      profile: { cpu: profileCpu, reads },
      bytes: seeded.bytes,
      counts: seeded.counts,
      seedOk,
      injectMs,
      useCaseMs,
      seedS,
    };
  } finally {
    await app.close();
  }
}

function show(label: string, f: Figures): void {
  heading(`${label}: GET /api/v1/cases/:id as a handler`);
  report('seeded through the API', round(f.seedS, 1), 's');
  report(
    'timeline events / messages / evidence',
    `${f.counts.events} / ${f.counts.messages} / ${f.counts.evidence}`,
    f.seedOk ? '(as asked)' : `(expected ${EVENTS} / ${MESSAGES} / ${EVIDENCE})`,
  );
  report('response size', f.bytes.toLocaleString('en-US'), 'bytes');
  report(`autocannon, ${CONNECTIONS} connections, ${DURATION_S} s`, round(f.load.rps), 'req/s');
  report(
    '  latency p50 / p90 / p99 / max',
    `${f.load.p50Ms} / ${f.load.p90Ms} / ${f.load.p99Ms} / ${f.load.maxMs}`,
    'ms',
  );
  report('  errors / timeouts / non-2xx', `${f.load.errors} / ${f.load.timeouts} / ${f.load.non2xx}`);
  report(`  the same without the page cache: throughput`, round(f.uncached.rps), 'req/s');
  report(
    '    latency p50 / p90 / p99 / max',
    `${f.uncached.p50Ms} / ${f.uncached.p90Ms} / ${f.uncached.p99Ms} / ${f.uncached.maxMs}`,
    'ms',
  );
  report('  CPU: this process (server + load generator)', round(f.cpu.processCores, 2), 'cores');
  report('  CPU: whole machine busy', round(f.cpu.machineBusy * 100), `% of ${os.cpus().length} cpus`);
  const pair = (xs: number[]) =>
    `${round(percentile(xs, 50) ?? NaN, 2)} / ${round(percentile(xs, 99) ?? NaN, 2)}`;
  report(`in process, one at a time (${SEQUENTIAL}×): app.inject p50 / p99`, pair(f.injectMs), 'ms');
  report('  use case alone (1 statement + presenter) p50 / p99', pair(f.useCaseMs), 'ms');
  process.stdout.write(`  profile: the same load for ${PROFILE_S} s more (${f.profile.reads} reads)\n`);
  reportCpuProfile(f.profile.cpu, f.profile.reads, 'read');
  for (const r of f.processes) {
    process.stdout.write(
      `  deployment shape: server/main.ts, ACCORD_WORKERS=${r.workers}, ${CONNECTIONS} connections, ${DURATION_S} s\n`,
    );
    report('    throughput', round(r.load.rps), 'req/s');
    report(
      '    latency p50 / p90 / p99 / max',
      `${r.load.p50Ms} / ${r.load.p90Ms} / ${r.load.p99Ms} / ${r.load.maxMs}`,
      'ms',
    );
    report('    errors / timeouts / non-2xx', `${r.load.errors} / ${r.load.timeouts} / ${r.load.non2xx}`);
    report('    CPU: server processes', r.serverCores === null ? 'n/a' : round(r.serverCores, 2), 'cores');
    report(
      '    CPU: server per read',
      r.serverCpuMsPerRead === null ? 'n/a' : round(r.serverCpuMsPerRead, 2),
      'ms',
    );
    report('    CPU: whole machine busy', round(r.cpu.machineBusy * 100), `% of ${os.cpus().length} cpus`);
  }
}

/** Milliseconds of the server thread's CPU per read while profiled. */
function cpuMsPerRead(f: Figures): number {
  const sampled = [...f.profile.cpu.groups.values()].reduce((a, b) => a + b, 0);
  return round((sampled - (f.profile.cpu.groups.get('(idle)') ?? 0)) / Math.max(1, f.profile.reads), 2);
}

const loadAtStart = os.loadavg()[0] ?? 0;
heading('Case detail: one case with 100 events, 20 messages, 10 evidence items');
report('load average (1 min) at start', round(loadAtStart, 2));
if (loadAtStart > os.cpus().length / 2) {
  note(
    `the machine is busy (load ${loadAtStart.toFixed(2)} on ${os.cpus().length} cpus): figures will be noisy`,
  );
}

let postgres: Figures | null = null;
const database = await openBenchDatabase();
try {
  if (database) {
    report('server', `${redactUrl(database.target.url)} (${database.target.source})`);
    report('version / database', `${database.serverVersion} / ${database.name} (dropped at the end)`);
    const app = openPostgres(database.url);
    try {
      await app.migrate();
      postgres = await measure(app, database.url);
    } finally {
      await app.close();
    }
  }
} finally {
  await database?.drop();
}
if (postgres) show('PostgreSQL', postgres);

mkdirSync(RESULTS_DIR, { recursive: true });
const dataDir = mkdtempSync(path.join(RESULTS_DIR, 'pglite-case-read-'));
const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
const forget = onInterrupt(`removing ${dataDir}`, removeDir);
let pglite: Figures | null = null;
try {
  const embedded = await openPglite(dataDir);
  try {
    await embedded.migrate();
    pglite = await measure(embedded);
  } finally {
    await embedded.close();
  }
} finally {
  forget();
  removeDir();
}
show('PGlite', pglite);

const failedLoad = (l: LoadResult) => l.errors + l.non2xx + l.timeouts > 0;
const failures = [postgres, pglite].filter(
  (f): f is Figures =>
    f !== null && (!f.seedOk || failedLoad(f.load) || f.processes.some((r) => failedLoad(r.load))),
);
if (failures.length > 0) {
  note('the seeded case is not what was asked for, or reads failed under load: the figures measure nothing');
  process.exitCode = 1;
}
const primary = postgres ?? pglite;
// The headline: the default deployment shape on PostgreSQL (ADR 0015); else the in-process run.
const headline =
  postgres?.processes.find((r) => r.workers === DEFAULT_WORKERS)?.load ?? postgres?.load ?? null;
const byWorkers = (n: number) => postgres?.processes.find((r) => r.workers === n) ?? null;
const shapeFigures: Record<string, number | null> = {};
for (const n of PROCESS_WORKERS) {
  const r = byWorkers(n);
  shapeFigures[`workers_${n}_p50_ms`] = r ? r.load.p50Ms : null;
  shapeFigures[`workers_${n}_p99_ms`] = r ? r.load.p99Ms : null;
  shapeFigures[`workers_${n}_rps`] = r ? round(r.load.rps) : null;
  shapeFigures[`workers_${n}_server_cores`] = r?.serverCores == null ? null : round(r.serverCores, 2);
  shapeFigures[`workers_${n}_server_cpu_ms_per_read`] =
    r?.serverCpuMsPerRead == null ? null : round(r.serverCpuMsPerRead, 2);
}
heading('Target');
report(
  `p99 < ${TARGET_P99_MS} ms (${postgres ? `PostgreSQL, ${postgres.processes.at(-1)?.workers ?? 'in-process'} workers` : 'PGlite'})`,
  (headline ?? primary.load).p99Ms < TARGET_P99_MS ? 'met' : 'NOT met',
);
report(`  on PGlite`, pglite.load.p99Ms < TARGET_P99_MS ? 'met' : 'NOT met');

const p50 = (xs: number[]) => round(percentile(xs, 50) ?? NaN, 2);
const p99 = (xs: number[]) => round(percentile(xs, 99) ?? NaN, 2);
printResult({
  bench: 'case-read',
  db: postgres ? 'postgres' : 'pglite',
  p50_ms: headline ? headline.p50Ms : null,
  p99_ms: headline ? headline.p99Ms : null,
  rps: headline ? round(headline.rps) : null,
  shape: postgres
    ? postgres.processes.some((r) => r.workers === DEFAULT_WORKERS)
      ? `workers_${DEFAULT_WORKERS}`
      : 'in_process'
    : null,
  target_p99_ms: TARGET_P99_MS,
  meets_target: headline ? headline.p99Ms < TARGET_P99_MS : null,
  ...shapeFigures,
  in_process_p50_ms: postgres ? postgres.load.p50Ms : null,
  in_process_p99_ms: postgres ? postgres.load.p99Ms : null,
  in_process_rps: postgres ? round(postgres.load.rps) : null,
  uncached_p50_ms: postgres ? postgres.uncached.p50Ms : null,
  uncached_p99_ms: postgres ? postgres.uncached.p99Ms : null,
  uncached_rps: postgres ? round(postgres.uncached.rps) : null,
  connections: CONNECTIONS,
  events: EVENTS,
  messages: MESSAGES,
  evidence: EVIDENCE,
  response_bytes: primary.bytes,
  inject_p50_ms: postgres ? p50(postgres.injectMs) : null,
  inject_p99_ms: postgres ? p99(postgres.injectMs) : null,
  use_case_p50_ms: postgres ? p50(postgres.useCaseMs) : null,
  use_case_p99_ms: postgres ? p99(postgres.useCaseMs) : null,
  cpu_ms_per_read: postgres ? cpuMsPerRead(postgres) : null,
  process_cores: postgres ? round(postgres.cpu.processCores, 2) : null,
  machine_busy: postgres ? round(postgres.cpu.machineBusy, 2) : null,
  pglite_p50_ms: pglite.load.p50Ms,
  pglite_p99_ms: pglite.load.p99Ms,
  pglite_rps: round(pglite.load.rps),
  pglite_uncached_p99_ms: pglite.uncached.p99Ms,
  pglite_meets_target: pglite.load.p99Ms < TARGET_P99_MS,
  pglite_inject_p50_ms: p50(pglite.injectMs),
  pglite_use_case_p50_ms: p50(pglite.useCaseMs),
  pglite_cpu_ms_per_read: cpuMsPerRead(pglite),
  seed_ok: [postgres, pglite].every((f) => f === null || f.seedOk),
  load_1m: round(loadAtStart, 2),
});
