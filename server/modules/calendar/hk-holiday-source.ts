import type { DayRule, HolidaySource, YearRules } from './holiday-source.js';

/**
 * Hong Kong base calendar, as data: the gazetted general holidays (公众假期, General Holidays Ordinance
 * Cap. 149) for 2024–2026 other than Sundays.
 *
 * Working week: Monday–Friday. The ordinance treats Saturday as an ordinary day, but Saturday is not a
 * working day for the offices a dispute platform deals with, so it is off here; a general holiday that falls
 * on a Saturday therefore changes nothing (listed anyway, to match the gazette).
 *
 * Provenance and confidence (no gazette copy was available to us; see docs/domain/calendar.md):
 * - every lunar and solar-term date below was recomputed with lunar-javascript (hk-holiday-source.test.ts);
 * - 2024 and 2025 agree with two independent secondary lists and with the vacanza/holidays test suite;
 * - 2026 follows the substitution rules (a holiday on a Sunday moves to the next weekday) and agrees with the
 *   vacanza/holidays test suite for the special cases (the 4–7 April cluster, 佛诞翌日, 重阳节翌日), but was not
 *   checked against the gazette itself. Load the gazette as a HolidayNotice (region 'HK') to override it.
 * Years outside 2024–2026 fall back to weekends only and are flagged provisional: HK holidays are not
 * computed from rules.
 */

const off = (date: string, name: string): DayRule => ({ date, kind: 'off', name });

/** The HK general holidays of 2024–2026, by year. */
export const HK_GENERAL_HOLIDAYS: Readonly<Record<number, readonly DayRule[]>> = {
  2024: [
    off('2024-01-01', '一月一日'),
    off('2024-02-10', '农历年初一'),
    off('2024-02-12', '农历年初三'),
    off('2024-02-13', '农历年初四'), // 年初二 fell on a Sunday
    off('2024-03-29', '耶稣受难节'),
    off('2024-03-30', '耶稣受难节翌日'),
    off('2024-04-01', '复活节星期一'),
    off('2024-04-04', '清明节'),
    off('2024-05-01', '劳动节'),
    off('2024-05-15', '佛诞'),
    off('2024-06-10', '端午节'),
    off('2024-07-01', '香港特别行政区成立纪念日'),
    off('2024-09-18', '中秋节翌日'),
    off('2024-10-01', '国庆日'),
    off('2024-10-11', '重阳节'),
    off('2024-12-25', '圣诞节'),
    off('2024-12-26', '圣诞节后第一个周日'),
  ],
  2025: [
    off('2025-01-01', '一月一日'),
    off('2025-01-29', '农历年初一'),
    off('2025-01-30', '农历年初二'),
    off('2025-01-31', '农历年初三'),
    off('2025-04-04', '清明节'),
    off('2025-04-18', '耶稣受难节'),
    off('2025-04-19', '耶稣受难节翌日'),
    off('2025-04-21', '复活节星期一'),
    off('2025-05-01', '劳动节'),
    off('2025-05-05', '佛诞'),
    off('2025-05-31', '端午节'),
    off('2025-07-01', '香港特别行政区成立纪念日'),
    off('2025-10-01', '国庆日'),
    off('2025-10-07', '中秋节翌日'),
    off('2025-10-29', '重阳节'),
    off('2025-12-25', '圣诞节'),
    off('2025-12-26', '圣诞节后第一个周日'),
  ],
  2026: [
    off('2026-01-01', '一月一日'),
    off('2026-02-17', '农历年初一'),
    off('2026-02-18', '农历年初二'),
    off('2026-02-19', '农历年初三'),
    off('2026-04-03', '耶稣受难节'),
    off('2026-04-04', '耶稣受难节翌日'),
    off('2026-04-06', '清明节翌日'), // 清明 (4/5) fell on Easter Sunday
    off('2026-04-07', '复活节星期一翌日'), // Easter Monday (4/6) is taken by 清明节翌日
    off('2026-05-01', '劳动节'),
    off('2026-05-25', '佛诞翌日'), // 佛诞 (四月初八, 5/24) fell on a Sunday
    off('2026-06-19', '端午节'),
    off('2026-07-01', '香港特别行政区成立纪念日'),
    off('2026-09-26', '中秋节翌日'),
    off('2026-10-01', '国庆日'),
    off('2026-10-19', '重阳节翌日'), // 重阳 (九月初九, 10/18) fell on a Sunday
    off('2026-12-25', '圣诞节'),
    off('2026-12-26', '圣诞节后第一个周日'),
  ],
};

/** Builds the HK source over HK_GENERAL_HOLIDAYS (or another table, for tests). */
export function createHkHolidaySource(
  table: Readonly<Record<number, readonly DayRule[]>> = HK_GENERAL_HOLIDAYS,
): HolidaySource {
  return {
    region: 'HK',
    nextNoticeReachesFrom: null,
    isPublished: (year) => table[year] !== undefined,
    rulesFor(year): YearRules {
      const days = table[year];
      return days ? { year, published: true, days } : { year, published: false, days: [] };
    },
  };
}
