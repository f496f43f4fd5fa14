/**
 * Timing, formatting and result helpers shared by every `bench/*.bench.ts`.
 *
 * Output contract (read by bench/run.ts): a bench prints human-readable figures, then ends stdout with
 * exactly ONE line of JSON written by {@link printResult}. Nothing may be printed to stdout after it.
 */
import { performance } from 'node:perf_hooks';

/** Where a figure was measured; `none` for benches that touch no database. */
export type BenchDb = 'postgres' | 'pglite' | 'none';

/** A figure in the final JSON line; `null` means "not measured in this run" (e.g. PostgreSQL unreachable). */
export type BenchValue = string | number | boolean | null;

/** The final JSON line of a bench: its name, the database it ran on, and flat figures. */
export type BenchResult = { bench: string; db?: BenchDb } & { [figure: string]: BenchValue | undefined };

/** Env var through which bench/run.ts hands the same-run baseline result to later benches. */
export const BASELINE_ENV = 'ACCORD_BENCH_BASELINE';

/** A started stopwatch; `ms()` is the time elapsed since it was created, in fractional milliseconds. */
export function stopwatch(): { ms(): number; seconds(): number } {
  const start = performance.now();
  return {
    ms: () => performance.now() - start,
    seconds: () => (performance.now() - start) / 1000,
  };
}

/** Runs `fn` once and returns its value with how long it took. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const watch = stopwatch();
  const value = await fn();
  return { value, ms: watch.ms() };
}

/**
 * Calls `step(i)` back to back until `durationMs` has elapsed (or `maxIterations` ran), `workers` loops
 * at a time, and returns how many calls completed and how long that took. A step may return how many
 * units it handled (rows in a batch); otherwise each call counts as one unit.
 */
export async function runFor(
  durationMs: number,
  step: (i: number, worker: number) => Promise<number | void>,
  options: { workers?: number; maxIterations?: number } = {},
): Promise<{ iterations: number; units: number; ms: number; perSecond: number }> {
  const workers = options.workers ?? 1;
  const maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY;
  const watch = stopwatch();
  let iterations = 0;
  let units = 0;
  const loop = async (worker: number): Promise<void> => {
    while (watch.ms() < durationMs && iterations < maxIterations) {
      const i = iterations++;
      const handled = await step(i, worker);
      units += typeof handled === 'number' ? handled : 1;
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => loop(w)));
  const ms = watch.ms();
  return { iterations, units, ms, perSecond: perSecond(units, ms) };
}

/** `count` events in `ms` milliseconds, as events per second. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : 0;
}

/** Nearest-rank percentile (`p` in 0–100) of unsorted samples; `null` when there are none. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
}

/** Rounds to `digits` decimals (figures in the JSON line are rounded so diffs between runs stay readable). */
export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** `12345.6` → `12,346` (or with `digits` decimals) for human-readable lines. */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Prints a section heading for the human-readable part of a bench's output. */
export function heading(title: string): void {
  process.stdout.write(`\n== ${title}\n`);
}

/** Prints one aligned human-readable figure, e.g. `  rps                 37,021 req/s`. */
export function report(label: string, value: number | string | null, unit = ''): void {
  const shown =
    value === null ? 'n/a' : typeof value === 'number' ? formatNumber(value, value < 100 ? 2 : 0) : value;
  process.stdout.write(`  ${label.padEnd(38)} ${shown}${unit ? ` ${unit}` : ''}\n`);
}

/** Prints a note (skipped steps, warnings) to stderr so it never ends up in the result line. */
export function note(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/**
 * Prints the bench's final JSON line. Non-finite numbers become `null` (JSON has no NaN/Infinity) and
 * `undefined` figures are dropped. Call it last: bench/run.ts keeps the LAST stdout line that parses.
 */
export function printResult(result: BenchResult): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(result.bench)) {
    throw new Error(`bench name must be kebab-case, got ${JSON.stringify(result.bench)}`);
  }
  const clean: Record<string, BenchValue> = {};
  for (const [key, value] of Object.entries(result)) {
    if (value === undefined) continue;
    clean[key] = typeof value === 'number' && !Number.isFinite(value) ? null : value;
  }
  process.stdout.write(`\n${JSON.stringify(clean)}\n`);
}

/**
 * The baseline result of this run, when bench/run.ts measured one before the current bench
 * (`npm run bench` runs `baseline` first; `npm run bench -- baseline NAME` does the same for one bench).
 */
export function readBaseline(env: NodeJS.ProcessEnv = process.env): BenchResult | null {
  const raw = env[BASELINE_ENV];
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isBenchResult(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * `value` as a fraction of the same-run baseline figure `key` (e.g. `vsBaseline(rps, 'http_rps')` → 0.41
 * means 41 % of a bare Fastify route), rounded to 3 decimals; `null` without a baseline in this run.
 */
export function vsBaseline(value: number, key: string, baseline = readBaseline()): number | null {
  const ceiling = baseline?.[key];
  if (typeof ceiling !== 'number' || ceiling <= 0) return null;
  return round(value / ceiling, 3);
}

/** True for a parsed JSON value that looks like a bench result line. */
export function isBenchResult(value: unknown): value is BenchResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { bench?: unknown }).bench === 'string'
  );
}
