import { describe, expect, it } from 'vitest';
import { addDays, toDayNumber, weekdayOf } from './calendar-date.js';
import { createHkHolidaySource, HK_GENERAL_HOLIDAYS } from './hk-holiday-source.js';
import { lunarNewYear, qingmingDate, solarFromLunar } from './lunar.js';

// A holiday falling on a Sunday moves to the next day (General Holidays Ordinance, Cap. 149).
const observed = (date: string) => (weekdayOf(toDayNumber(date)) === 0 ? addDays(date, 1) : date);
const datesOf = (year: number) => (HK_GENERAL_HOLIDAYS[year] ?? []).map((d) => d.date);

describe('Hong Kong general holidays 2024–2026 (data)', () => {
  it.each([2024, 2025, 2026])('%i lists 17 general holidays, in order, none on a Sunday', (year) => {
    const dates = datesOf(year);
    expect(dates).toHaveLength(17);
    expect([...dates].sort()).toEqual(dates);
    expect(dates.filter((d) => weekdayOf(toDayNumber(d)) === 0)).toEqual([]);
  });

  it.each([2024, 2025, 2026])(
    '%i places its lunar and solar-term holidays where the lunar calendar says',
    (year) => {
      const dates = datesOf(year);
      expect(dates).toContain(observed(solarFromLunar(year, 4, 8))); // 佛诞
      expect(dates).toContain(observed(solarFromLunar(year, 5, 5))); // 端午节
      expect(dates).toContain(addDays(solarFromLunar(year, 8, 15), 1)); // 中秋节翌日
      expect(dates).toContain(observed(solarFromLunar(year, 9, 9))); // 重阳节
      const qingming = observed(qingmingDate(year));
      expect(dates.includes(qingming) || dates.includes(addDays(qingming, 1))).toBe(true);
      const newYear = lunarNewYear(year);
      const lunarNewYearDays = [0, 1, 2, 3].map((i) => addDays(newYear, i));
      expect(dates.filter((d) => lunarNewYearDays.includes(d))).toHaveLength(3);
    },
  );

  it('marks years without data as unpublished, weekends only', () => {
    const source = createHkHolidaySource();
    expect(source.isPublished(2026)).toBe(true);
    expect(source.rulesFor(2027)).toEqual({ year: 2027, published: false, days: [] });
  });
});
