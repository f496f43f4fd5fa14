/**
 * `npm run bench [-- NAME…]`: runs `bench/*.bench.ts` one after another, each in its own tsx child
 * process, streams their output, keeps the LAST stdout line of each that parses as a JSON object, prints
 * a summary and writes those lines to bench/results/latest.jsonl. Exits non-zero if any bench failed.
 *
 * `baseline` always runs first; its result is handed to later benches in ACCORD_BENCH_BASELINE so they
 * can report ratios against the same-run ceiling (support/measure.ts `vsBaseline`).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from '../server/node-flags.js';
import { dropLeftoverBenchDatabases, redactUrl, resolvePostgresTarget, RUN_TAG_ENV } from './support/db.js';
import { BASELINE_ENV, isBenchResult, type BenchResult } from './support/measure.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
const RESULTS_FILE = path.join(BENCH_DIR, 'results', 'latest.jsonl');
const SUFFIX = '.bench.ts';
const BASELINE = 'baseline';
const TIMEOUT_S = ((): number => {
  const value = Number(process.env.BENCH_TIMEOUT_S);
  return Number.isFinite(value) && value > 0 ? value : 1_800;
})();

type Outcome = {
  name: string;
  seconds: number;
  result: BenchResult | null;
  failure: string | null;
};

/** Bench names found in bench/, `baseline` first, then alphabetical. */
function discover(): string[] {
  const names = readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith(SUFFIX))
    .map((file) => file.slice(0, -SUFFIX.length))
    .sort();
  return [...names.filter((n) => n === BASELINE), ...names.filter((n) => n !== BASELINE)];
}

function usage(available: string[]): string {
  return [
    'usage: npm run bench [-- NAME...]',
    '  runs every bench/*.bench.ts, or only the named ones (baseline first when named)',
    `  available: ${available.join(', ') || '(none)'}`,
    '  env: BENCH_DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres),',
    '       BENCH_REQUIRE_POSTGRES=1 (fail when PostgreSQL is unreachable), BENCH_TIMEOUT_S (default 1800)',
  ].join('\n');
}

/** The benches to run, or an exit code after printing help or an error. */
function select(args: string[], available: string[]): string[] | number {
  if (args.includes('--help') || args.includes('-h') || args.includes('--list')) {
    process.stdout.write(`${usage(available)}\n`);
    return 0;
  }
  const unknown = args.filter((arg) => !available.includes(arg.replace(/\.bench\.ts$/, '')));
  if (unknown.length > 0) {
    process.stderr.write(
      `Unknown bench ${unknown.map((u) => JSON.stringify(u)).join(', ')}: no bench/<name>${SUFFIX}.\n` +
        `Available: ${available.join(', ') || '(none)'}\n`,
    );
    return 2;
  }
  const wanted = new Set(args.map((arg) => arg.replace(/\.bench\.ts$/, '')));
  return wanted.size === 0 ? available : available.filter((name) => wanted.has(name));
}

/** Parses a stdout line as a result: a JSON object (a missing `bench` field is filled from the file). */
function parseResultLine(line: string, name: string): BenchResult | null {
  const text = line.trim();
  if (!text.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (isBenchResult(value)) return value;
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return { bench: name, ...value };
  } catch {
    // Not JSON: an ordinary human-readable line.
  }
  return null;
}

let interrupted = false;
let current: ReturnType<typeof spawn> | null = null;

/** Runs one bench in a child process, passing its stdout through and keeping its last JSON line. */
function runOne(name: string, env: NodeJS.ProcessEnv): Promise<Outcome> {
  const started = performance.now();
  const file = path.join(BENCH_DIR, `${name}${SUFFIX}`);
  // `--import tsx` registers tsx in the child's own node process (no extra tsx wrapper process); stderr is
  // inherited so progress bars keep their TTY.
  // The server's V8 flags too (server/node-flags.ts): an app a bench starts in its own process runs as deployed.
  const child = spawn(process.execPath, [...NODE_FLAGS, '--import', 'tsx', file], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  current = child;
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let result: BenchResult | null = null;
  const take = (text: string): void => {
    pending += text;
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) result = parseResultLine(line, name) ?? result;
  };
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    take(decoder.write(chunk));
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  }, TIMEOUT_S * 1000);
  return new Promise((resolve) => {
    const finish = (failure: string | null): void => {
      clearTimeout(timer);
      current = null;
      take(decoder.end());
      result = parseResultLine(pending, name) ?? result;
      const seconds = (performance.now() - started) / 1000;
      const missing = failure === null && result === null ? 'printed no JSON result line' : null;
      resolve({ name, seconds, result, failure: failure ?? missing });
    };
    child.on('error', (error) => finish(`could not start: ${error.message}`));
    child.on('close', (code, signal) => {
      if (timedOut) finish(`timed out after ${TIMEOUT_S} s (BENCH_TIMEOUT_S)`);
      else if (signal) finish(`killed by ${signal}`);
      else if (code !== 0) finish(`exit code ${code}`);
      else finish(null);
    });
  });
}

function printSummary(outcomes: Outcome[]): void {
  const width = Math.max(5, ...outcomes.map((o) => o.name.length));
  const out: string[] = ['', '== Summary', `  ${'bench'.padEnd(width)}  status  ${'time'.padStart(8)}  db`];
  for (const o of outcomes) {
    const status = o.failure ? 'FAILED' : 'ok';
    const db = typeof o.result?.db === 'string' ? o.result.db : '-';
    const time = `${o.seconds.toFixed(1)} s`.padStart(8);
    out.push(
      `  ${o.name.padEnd(width)}  ${status.padEnd(6)}  ${time}  ${db}${o.failure ? `  (${o.failure})` : ''}`,
    );
  }
  for (const o of outcomes) {
    if (!o.result) continue;
    out.push('', `  ${o.name}`);
    for (const [key, value] of Object.entries(o.result)) {
      if (key === 'bench' || key === 'db') continue;
      const shown =
        typeof value === 'number'
          ? value.toLocaleString('en-US', { maximumFractionDigits: 3 })
          : String(value);
      out.push(`    ${key.padEnd(38)} ${shown}`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main(): Promise<number> {
  const available = discover();
  const selected = select(process.argv.slice(2), available);
  if (typeof selected === 'number') return selected;
  if (selected.length === 0) {
    process.stderr.write('No bench/*.bench.ts found.\n');
    return 1;
  }

  const tag = randomBytes(4).toString('hex');
  const target = resolvePostgresTarget();
  process.stdout.write(
    `Running ${selected.length} bench${selected.length > 1 ? 'es' : ''}: ${selected.join(', ')}\n` +
      `PostgreSQL: ${redactUrl(target.url)} (${target.source}); run tag ${tag}\n`,
  );
  process.on('SIGINT', () => {
    // The terminal already sent SIGINT to the bench too (same process group); it drops its database and
    // exits, then no further bench starts.
    interrupted = true;
  });
  process.on('SIGTERM', () => {
    interrupted = true;
    current?.kill('SIGTERM');
  });

  const env: NodeJS.ProcessEnv = { ...process.env, [RUN_TAG_ENV]: tag };
  delete env[BASELINE_ENV];
  const outcomes: Outcome[] = [];
  for (const name of selected) {
    if (interrupted) break;
    process.stdout.write(`\n━━ ${name} ${'━'.repeat(Math.max(0, 60 - name.length))}\n`);
    const outcome = await runOne(name, env);
    outcomes.push(outcome);
    if (name === BASELINE && outcome.result && !outcome.failure)
      env[BASELINE_ENV] = JSON.stringify(outcome.result);
  }

  if (interrupted || outcomes.some((o) => o.failure)) {
    const dropped = await dropLeftoverBenchDatabases(tag, target);
    if (dropped.length > 0) process.stderr.write(`Dropped leftover databases: ${dropped.join(', ')}\n`);
  }
  printSummary(outcomes);
  const lines = outcomes.flatMap((o) => (o.result && !o.failure ? [JSON.stringify(o.result)] : []));
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, lines.map((line) => `${line}\n`).join(''));
  process.stdout.write(`\nWrote ${lines.length} result line(s) to ${path.relative(ROOT, RESULTS_FILE)}\n`);

  if (interrupted) return 130;
  return outcomes.some((o) => o.failure) ? 1 : 0;
}

process.exitCode = await main();
