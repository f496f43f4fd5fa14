import { createRequire } from 'node:module';
import type { IsoDate } from './calendar-date.js';

/**
 * Lunar-calendar and solar-term lookups, backed by `lunar-javascript`.
 *
 * Why not `chinese-days`' own lunar helpers: they build dates with `new Date(...)` and read them back with
 * local getters, so under a time zone west of UTC (our tests pin America/Los_Angeles) they return the
 * previous day (getSolarDateFromLunar('2027-01-01') → '2027-02-07' instead of '2027-02-06'). lunar-javascript
 * works on Julian day numbers in Beijing time and is independent of the process zone.
 */

type SolarLike = { toYmd(): string };
type LunarLike = { getSolar(): SolarLike; getJieQiTable(): Record<string, SolarLike | undefined> };
type LunarJavascript = {
  Lunar: { fromYmd(year: number, month: number, day: number): LunarLike };
  Solar: { fromYmd(year: number, month: number, day: number): { getLunar(): LunarLike } };
};

// The package ships no type declarations; we load it through require and describe only what we call.
const lunarJs = createRequire(import.meta.url)('lunar-javascript') as LunarJavascript;

/**
 * Gregorian date of a day in a (non-leap) lunar month. Festivals are always in the regular month, never in
 * a leap month of the same number.
 */
export function solarFromLunar(lunarYear: number, lunarMonth: number, lunarDay: number): IsoDate {
  return lunarJs.Lunar.fromYmd(lunarYear, lunarMonth, lunarDay).getSolar().toYmd();
}

/** 正月初一 (Lunar New Year's Day) falling in Gregorian `year`. */
export function lunarNewYear(year: number): IsoDate {
  return solarFromLunar(year, 1, 1);
}

/** The day of the 清明 solar term in Gregorian `year` (Beijing time): 4 or 5 April. */
export function qingmingDate(year: number): IsoDate {
  const term = lunarJs.Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()['清明'];
  if (!term) throw new Error(`lunar-javascript returned no 清明 for ${year}`);
  return term.toYmd();
}
