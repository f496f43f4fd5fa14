/**
 * Calendar arithmetic (issue #3, "Performance"): ≥ 1,000,000 `addWorkingDays` per second on one core.
 *
 * Measures the public WorkCalendar API of the default mainland calendar (`buildWorkCalendar()`), on the main
 * thread only, with realistic, varied inputs: 65,536 pre-generated pairs of a start date drawn uniformly
 * from 2024-01-01…2027-12-31 and n in 1…30 (seeded PRNG, so every run uses the same inputs). 2027 is not
 * published yet, so part of the results are `provisional` (and walks from late December consult the next
 * year); the share is printed. Inputs are ISO strings built before timing, so the figure includes parsing
 * the date and formatting the result, as a caller pays them.
 *
 * Each operation runs for {@link MEASURE_MS} after a {@link WARMUP_MS} warm-up (JIT, lazily built year
 * tables). Every result is folded into a checksum that is printed, so the JIT cannot drop the calls.
 * Also measured the same way: `workingDaysBetween` (spans of 0…45 calendar days) and `dayInfo`.
 *
 * Before timing, every input is checked: workingDaysBetween(d, addWorkingDays(d, n).date).count === n, and
 * 2026-04-30 + 1 working day = 2026-05-06 (劳动节). A failure exits non-zero.
 *
 * No baseline ratio: the baseline measures HTTP and database ceilings, nothing comparable to pure CPU work.
 * `ops_per_cpu_s` (operations per second of process CPU time) shows what one core does when this shared
 * machine is busy; `best_window_ops_per_s` is the best of the 250 ms windows.
 */
import os from 'node:os';
import { addDays, buildWorkCalendar, type IsoDate } from '../server/modules/calendar/index.js';
import { heading, note, percentile, printResult, report, round, stopwatch } from './support/measure.js';

const TARGET_OPS_PER_S = 1_000_000;
const WARMUP_MS = 1_000;
const MEASURE_MS = 3_000;
const WINDOW_MS = 250;
const INPUTS = 1 << 16;
const MASK = INPUTS - 1;
const CHUNK = 4_096;
const FIRST_DAY = '2024-01-01';
const DAYS_IN_RANGE = 4 * 365 + 1; // 2024-01-01 … 2027-12-31 (2024 is a leap year)
const MAX_N = 30;
const MAX_SPAN_DAYS = 45;

/** mulberry32: a small seeded PRNG, so inputs are the same in every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const random = prng(20_260_430);
const pick = (count: number): number => Math.floor(random() * count);
const starts: IsoDate[] = Array.from({ length: INPUTS }, () => addDays(FIRST_DAY, pick(DAYS_IN_RANGE)));
const counts = Int32Array.from({ length: INPUTS }, () => 1 + pick(MAX_N));
const spanEnds: IsoDate[] = starts.map((d) => addDays(d, pick(MAX_SPAN_DAYS + 1)));
const infoDates: IsoDate[] = Array.from({ length: INPUTS }, () => addDays(FIRST_DAY, pick(DAYS_IN_RANGE)));

const calendar = buildWorkCalendar();

// --- correctness on the very inputs that are timed ---
let correct = calendar.addWorkingDays('2026-04-30', 1).date === '2026-05-06';
let provisionalResults = 0;
for (let j = 0; j < INPUTS; j++) {
  const from = starts[j]!;
  const n = counts[j]!;
  const added = calendar.addWorkingDays(from, n);
  if (added.provisional) provisionalResults++;
  if (calendar.workingDaysBetween(from, added.date).count !== n) {
    if (correct) note(`round trip failed: ${from} + ${n} working days = ${added.date}`);
    correct = false;
  }
}

// Each chunk function holds a monomorphic inner loop over CHUNK inputs and returns its checksum part.
function addWorkingDaysChunk(offset: number): number {
  let sum = 0;
  for (let k = 0; k < CHUNK; k++) {
    const j = (offset + k) & MASK;
    const r = calendar.addWorkingDays(starts[j]!, counts[j]!);
    sum += r.date.charCodeAt(9) + 10 * r.date.charCodeAt(6) + (r.provisional ? 1 : 0);
  }
  return sum;
}

function workingDaysBetweenChunk(offset: number): number {
  let sum = 0;
  for (let k = 0; k < CHUNK; k++) {
    const j = (offset + k) & MASK;
    const r = calendar.workingDaysBetween(starts[j]!, spanEnds[j]!);
    sum += r.count + r.days.length + (r.provisional ? 1 : 0);
  }
  return sum;
}

function dayInfoChunk(offset: number): number {
  let sum = 0;
  for (let k = 0; k < CHUNK; k++) {
    const r = calendar.dayInfo(infoDates[(offset + k) & MASK]!);
    sum += (r.workingDay ? 2 : 0) + (r.provisional ? 1 : 0) + r.reason.length;
  }
  return sum;
}

type Measured = {
  opsPerS: number;
  opsPerCpuS: number;
  bestWindowOpsPerS: number;
  medianWindowOpsPerS: number;
  ops: number;
  seconds: number;
  checksum: number;
};

/** Runs `chunk` back to back for `durationMs` on this thread; rates overall, per CPU second and per window. */
function measure(chunk: (offset: number) => number, durationMs: number): Measured {
  const cpuBefore = process.cpuUsage();
  const watch = stopwatch();
  const windows: number[] = [];
  let ops = 0;
  let checksum = 0;
  let windowStartMs = 0;
  let windowOps = 0;
  for (;;) {
    checksum += chunk(ops);
    ops += CHUNK;
    windowOps += CHUNK;
    const now = watch.ms();
    if (now - windowStartMs >= WINDOW_MS) {
      windows.push((windowOps * 1000) / (now - windowStartMs));
      windowStartMs = now;
      windowOps = 0;
    }
    if (now >= durationMs) break;
  }
  const seconds = watch.seconds();
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    opsPerS: ops / seconds,
    opsPerCpuS: cpuSeconds > 0 ? ops / cpuSeconds : 0,
    bestWindowOpsPerS: Math.max(...windows),
    medianWindowOpsPerS: percentile(windows, 50) ?? 0,
    ops,
    seconds,
    checksum,
  };
}

function run(label: string, chunk: (offset: number) => number): Measured {
  measure(chunk, WARMUP_MS);
  const m = measure(chunk, MEASURE_MS);
  heading(label);
  report('throughput (wall clock)', round(m.opsPerS), 'ops/s');
  report('  per operation', round(1e9 / m.opsPerS), 'ns');
  report('  per CPU second of this process', round(m.opsPerCpuS), 'ops/s');
  report(
    `  ${WINDOW_MS} ms windows: median / best`,
    `${round(m.medianWindowOpsPerS).toLocaleString('en-US')} / ${round(m.bestWindowOpsPerS).toLocaleString('en-US')}`,
    'ops/s',
  );
  report('  operations in', `${m.ops.toLocaleString('en-US')} in ${round(m.seconds, 2)} s`);
  report('  checksum', m.checksum);
  return m;
}

const loadAtStart = os.loadavg()[0] ?? 0;
heading('Calendar: WorkCalendar (mainland China, default sources), one thread');
report('node / cpus', `${process.version} / ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`);
report('load average (1 min) at start', round(loadAtStart, 2));
report('inputs', `${INPUTS.toLocaleString('en-US')} (from ${FIRST_DAY}…2027-12-31, n 1…${MAX_N})`);
report('  provisional (2027 unpublished)', `${round((100 * provisionalResults) / INPUTS, 1)} %`);
report('  between(d, add(d, n)) = n', correct ? 'ok for every input' : 'FAILED');
report('timing', `${WARMUP_MS / 1000} s warm-up, then ${MEASURE_MS / 1000} s per operation`);
if (loadAtStart > os.cpus().length / 2) {
  note(
    `the machine is busy (load ${loadAtStart.toFixed(2)} on ${os.cpus().length} cpus): figures will be noisy`,
  );
}

const add = run('addWorkingDays(from, n)', addWorkingDaysChunk);
const between = run(`workingDaysBetween(from, from + 0…${MAX_SPAN_DAYS} days)`, workingDaysBetweenChunk);
const info = run('dayInfo(date)', dayInfoChunk);

const meetsTarget = add.opsPerS >= TARGET_OPS_PER_S;
heading('Target');
report('addWorkingDays ≥ 1,000,000 ops/s', meetsTarget ? 'met' : 'NOT met');
if (!correct) {
  note('the calendar gave wrong results on the timed inputs: the figures measure nothing');
  process.exitCode = 1;
}

printResult({
  bench: 'calendar',
  db: 'none',
  ops_per_s: round(add.opsPerS),
  target_ops_per_s: TARGET_OPS_PER_S,
  meets_target: meetsTarget,
  ns_per_op: round(1e9 / add.opsPerS),
  ops_per_cpu_s: round(add.opsPerCpuS),
  best_window_ops_per_s: round(add.bestWindowOpsPerS),
  working_days_between_ops_per_s: round(between.opsPerS),
  day_info_ops_per_s: round(info.opsPerS),
  inputs: INPUTS,
  max_n: MAX_N,
  provisional_share: round(provisionalResults / INPUTS, 3),
  measure_s: MEASURE_MS / 1000,
  correct,
  checksum: add.checksum + between.checksum + info.checksum,
  load_1m: round(loadAtStart, 2),
});
