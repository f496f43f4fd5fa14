import { firstDayOfYear, isWeekend, toDayNumber } from './calendar-date.js';
import type { DayRule } from './holiday-source.js';

/**
 * A precomputed year: one byte per day (working or not), a running count of working days for O(log n)
 * working-day arithmetic, the explanation of every listed day, and from which day on the year is
 * provisional. Built once per calendar and year, then read-only.
 */
export type YearTable = {
  readonly year: number;
  /** Day number of 1 January. */
  readonly start: number;
  readonly length: number;
  /** 1 = working day. */
  readonly working: Uint8Array;
  /** cum[i] = working days among days 0..i of the year. */
  readonly cum: Int32Array;
  readonly total: number;
  /** Index of the first provisional day; `length` when none is. Provisional days are always a suffix. */
  readonly provisionalFrom: number;
  /** Explanations of listed days by index; unlisted days are '工作日' or '周末'. */
  readonly reasons: ReadonlyMap<number, string>;
};

/** A listed day with its explanation, after the layers (source, notices, tenant) were merged. */
export type ResolvedDay = { date: string; working: boolean; reason: string };

/** The reason shown for a notice's day: its festival for a day off, '调休上班 (国庆节)' for a working weekend. */
export function noticeDayReason(rule: DayRule): string {
  return rule.kind === 'off' ? rule.name : `调休上班 (${rule.name})`;
}

/**
 * Builds the table of `year` from its listed days (later entries win) and its first provisional index.
 * Days outside the year are ignored.
 */
export function buildYearTable(
  year: number,
  listed: readonly ResolvedDay[],
  provisionalFrom: number,
): YearTable {
  const start = firstDayOfYear(year);
  const length = firstDayOfYear(year + 1) - start;
  const working = new Uint8Array(length);
  for (let i = 0; i < length; i++) working[i] = isWeekend(start + i) ? 0 : 1;
  const reasons = new Map<number, string>();
  for (const day of listed) {
    const index = toDayNumber(day.date) - start;
    if (index < 0 || index >= length) continue;
    working[index] = day.working ? 1 : 0;
    reasons.set(index, day.reason);
  }
  const cum = new Int32Array(length);
  let running = 0;
  for (let i = 0; i < length; i++) {
    running += working[i] ?? 0;
    cum[i] = running;
  }
  return {
    year,
    start,
    length,
    working,
    cum,
    total: running,
    provisionalFrom: Math.min(provisionalFrom, length),
    reasons,
  };
}

/** The explanation of day `index` of a table. */
export function reasonAt(table: YearTable, index: number): string {
  return table.reasons.get(index) ?? (isWeekend(table.start + index) ? '周末' : '工作日');
}

/** Smallest index i ≥ from with cum[i] ≥ target (the caller guarantees one exists). */
export function firstIndexReaching(table: YearTable, target: number, from: number): number {
  let lo = from;
  let hi = table.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((table.cum[mid] ?? 0) >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
