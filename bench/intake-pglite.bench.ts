/**
 * Case intake on PGlite, the embedded default (issue #4, "Performance", second line): the same run as
 * intake.bench.ts — `POST /api/v1/cases` through the real app over HTTP, 32 concurrent clients, one order
 * per request, the same-run raw-insert ceiling of the same rows — with the app on `openPglite(dataDir)`, its
 * data in a temporary directory under bench/results/ (the same disk as the app's `./data`), removed
 * afterwards. Described step by step in support/intake.ts. A separate file because bench/run.ts keeps one
 * JSON line per bench file.
 *
 * PGlite is one connection in this process: every statement of the 32 concurrent requests (and of the
 * ceiling's 32 workers) queues for it, and its WASM runs on the server's own thread. It runs with
 * fsync=off (ADR 0004), so compare its figures only with PGlite figures. No statement profile or
 * pg_stat_activity here (PostgreSQL only); the CPU profile of the server thread is printed.
 * Takes about 60 s.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPglite } from '../server/db/client.js';
import { onInterrupt } from './support/db.js';
import {
  INTAKE,
  PGLITE_PARENT_DIR,
  intakeResult,
  rawPglite,
  runIntake,
  type IntakeFigures,
} from './support/intake.js';
import { heading, note, printResult, report, round } from './support/measure.js';

const loadAtStart = os.loadavg()[0] ?? 0;
heading('Intake: POST /api/v1/cases on PGlite');
report('load average (1 min) at start', round(loadAtStart, 2));
if (loadAtStart > os.cpus().length / 2) {
  note(
    `the machine is busy (load ${loadAtStart.toFixed(2)} on ${os.cpus().length} cpus): figures will be noisy`,
  );
}

mkdirSync(PGLITE_PARENT_DIR, { recursive: true });
const dataDir = mkdtempSync(path.join(PGLITE_PARENT_DIR, 'pglite-intake-'));
const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
const forget = onInterrupt(`removing ${dataDir}`, removeDir);
let figures: IntakeFigures | null = null;
try {
  const database = await openPglite(dataDir);
  try {
    await database.migrate();
    report('data directory', `${path.relative(process.cwd(), dataDir)} (removed at the end)`);
    figures = await runIntake(database, rawPglite(database));
  } finally {
    await database.close();
  }
} finally {
  forget();
  removeDir();
}

const result = intakeResult('intake-pglite', 'pglite', figures, loadAtStart);
if (figures) {
  heading('Target (the issue sets it for PostgreSQL; shown for comparison)');
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
