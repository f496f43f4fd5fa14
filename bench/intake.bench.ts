/**
 * Case intake on PostgreSQL (issue #4, "Performance"): `POST /api/v1/cases` through the real app over HTTP,
 * 32 concurrent clients, an integration key filing for consumers, one order per request; target ≥ 1,000
 * cases/s with p99 < 100 ms, reported with the ratio to the same-run raw-insert ceiling of the same rows.
 * What it does, step by step, is described in support/intake.ts (shared with intake-pglite.bench.ts).
 *
 * The app opens its pool with `openPostgres(url, { max: 20 })` on a throwaway database (`openBenchDatabase`)
 * and `migrate()`s it, so the figure includes Drizzle and the real schema. The pool is instrumented before
 * it connects; the instrumentation only records during the separate profile run.
 *
 * No baseline ratio (see support/intake.ts): `ceiling_ratio` is API cases/s ÷ raw-insert cases/s of the
 * same rows in this run. A missed target exits 0 (`meets_target: false`); a failed check exits 1.
 * The headline figures are those of `server/main.ts` as deployed by default, one API process (ADR 0015; 2
 * workers and the in-process run are reported beside them). Takes about 3 minutes. When PostgreSQL is
 * unreachable every figure is null (`db: "none"`).
 */
import os from 'node:os';
import { openPostgres } from '../server/db/client.js';
import { openBenchDatabase, redactUrl } from './support/db.js';
import {
  INTAKE,
  StatementProfiler,
  intakeResult,
  rawPostgres,
  runIntake,
  type IntakeFigures,
} from './support/intake.js';
import { heading, note, printResult, report, round } from './support/measure.js';

const loadAtStart = os.loadavg()[0] ?? 0;
heading('Intake: POST /api/v1/cases on PostgreSQL');
report('load average (1 min) at start', round(loadAtStart, 2));
if (loadAtStart > os.cpus().length / 2) {
  note(
    `the machine is busy (load ${loadAtStart.toFixed(2)} on ${os.cpus().length} cpus): figures will be noisy`,
  );
}

const database = await openBenchDatabase();
let figures: IntakeFigures | null = null;
try {
  if (database) {
    report('server', `${redactUrl(database.target.url)} (${database.target.source})`);
    report('version / database', `${database.serverVersion} / ${database.name} (dropped at the end)`);
    const app = openPostgres(database.url, { max: INTAKE.poolSize });
    const profiler = new StatementProfiler();
    if (!profiler.attach(app)) note('the app pool is not a node-postgres pool: no statement profile');
    const raw = rawPostgres(database.url);
    try {
      await app.migrate();
      figures = await runIntake(app, raw, { profiler, url: database.url });
    } finally {
      await raw.close();
      await app.close();
    }
  }
} finally {
  await database?.drop();
}

const result = intakeResult('intake', figures ? 'postgres' : 'none', figures, loadAtStart);
if (figures) {
  heading('Target');
  report(
    `≥ ${INTAKE.targetCasesPerS} cases/s with p99 < ${INTAKE.targetP99Ms} ms`,
    result.meets_target ? 'met' : 'NOT met',
  );
  if (!figures.valid) {
    note('a check failed: the figures measure nothing');
    process.exitCode = 1;
  }
}
printResult(result);
