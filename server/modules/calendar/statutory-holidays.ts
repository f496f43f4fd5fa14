import { fromDayNumber, toDayNumber, type IsoDate } from './calendar-date.js';
import type { DayRule } from './holiday-source.js';
import { lunarNewYear, qingmingDate, solarFromLunar } from './lunar.js';

/**
 * The statutory days off (全体公民放假的节日) of 《全国年节及纪念日放假办法》 Art. 2 for a year, computed from the
 * rules alone. Used for years whose State Council notice is not out yet: the real notice only ADDS days
 * (bridges, 调休), so these are a lower bound of that year's off-days, and results built on them are flagged
 * provisional.
 *
 * Regimes (see docs/domain/calendar.md):
 * - from 2025-01-01 (国务院令第795号, Art. 2(2) and 2(4)): 春节 is 除夕 + 初一–初三 (4 days) and 劳动节 is
 *   5/1–5/2 — 13 days a year;
 * - 2014–2024: 春节 初一–初三, 劳动节 5/1 — 11 days (除夕 had been removed from 2014).
 * 元旦 1/1, 清明 (the solar term's day), 端午 (五月初五), 中秋 (八月十五) and 国庆 10/1–10/3 are the same in both.
 * The 2014 regime is kept so tests can check the lunar arithmetic against the reference file's 2024 list.
 */

/** First year whose statutory days this module can compute (the 2014 regime). */
export const FIRST_COMPUTABLE_YEAR = 2014;

/**
 * The statutory off-days of `year`, sorted by date, kind 'off'. A date claimed by two festivals (中秋 on 10/1,
 * as in 2020) is listed once, named '国庆节、中秋节'.
 * @throws RangeError for years before 2014, whose rules this module does not model.
 */
export function statutoryHolidays(year: number): DayRule[] {
  if (year < FIRST_COMPUTABLE_YEAR)
    throw new RangeError(`statutory rules before ${FIRST_COMPUTABLE_YEAR} are not modelled`);
  const byDate = new Map<IsoDate, string>();
  const add = (date: IsoDate, name: string) => {
    const existing = byDate.get(date);
    byDate.set(date, existing && existing !== name ? `${existing}、${name}` : name);
  };
  add(`${year}-01-01`, '元旦');
  for (const date of springFestivalDays(year)) add(date, '春节');
  add(qingmingDate(year), '清明节');
  add(`${year}-05-01`, '劳动节');
  if (year >= 2025) add(`${year}-05-02`, '劳动节');
  add(solarFromLunar(year, 5, 5), '端午节');
  for (const d of [1, 2, 3]) add(`${year}-10-0${d}`, '国庆节');
  add(solarFromLunar(year, 8, 15), '中秋节');
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, name]) => ({ date, kind: 'off' as const, name }));
}

/**
 * 春节 days of the lunar year starting in `year`. 除夕 is the day before 初一, not "腊月三十": the twelfth lunar
 * month has only 29 days in some years (lunar 2026 does, so 除夕 2027 is 腊月廿九 = 2027-02-05).
 */
function springFestivalDays(year: number): IsoDate[] {
  const chuyi = toDayNumber(lunarNewYear(year));
  const offsets = year >= 2025 ? [-1, 0, 1, 2] : [0, 1, 2];
  return offsets.map((offset) => fromDayNumber(chuyi + offset));
}
