import { createRequire } from 'node:module';
import { z } from 'zod';
import { canonicalFestivalName } from './holiday-notice.js';
import type { DayRule, HolidaySource, YearRules } from './holiday-source.js';
import { statutoryHolidays } from './statutory-holidays.js';

/**
 * Mainland China's holiday source: the published State Council schedules from the `chinese-days` dataset,
 * and the statutory days computed from 《全国年节及纪念日放假办法》 for years whose notice is not out.
 *
 * We read the package's generated JSON (date-keyed strings) rather than calling `isWorkday()`/`getDayDetail()`:
 * those parse and format dates in the process time zone and are wrong for 273 of the 1,096 days of 2024–2026
 * when TZ=America/Los_Angeles (getDayDetail('2026-10-10') answers for 2026-10-09).
 */

/**
 * Years whose State Council notice is published AND whose data in `chinese-days` we accept. Maintained by
 * hand: when the package gains a year (its maintainers add it by LLM-generated PR on the day of the notice,
 * see LEGAL-AND-CALENDAR.md §1.4), a test fails until that year is typed into cn-holiday-source.test.ts from
 * the notice, checked day by day, and added here.
 */
export const PUBLISHED_CN_YEARS: readonly number[] = [2024, 2025, 2026];

const DateKeySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const DatasetSchema = z.object({
  holidays: z.record(DateKeySchema, z.string()),
  workdays: z.record(DateKeySchema, z.string()),
});

/** The chinese-days dataset as date → 'English,中文,days' maps, validated so a format change fails loudly. */
export function loadChineseDaysDataset(): z.infer<typeof DatasetSchema> {
  const raw: unknown = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json');
  return DatasetSchema.parse(raw);
}

/** '国庆节' from chinese-days' "National Day,国庆节,3" (English name, Chinese name, statutory day count). */
export function festivalName(label: string): string {
  const chinese = label.split(',')[1]?.trim();
  if (!chinese) throw new Error(`unexpected chinese-days label: ${label}`);
  return canonicalFestivalName(chinese);
}

/** Builds the CN source. `publishedYears` is injectable for tests; production uses PUBLISHED_CN_YEARS. */
export function createCnHolidaySource(publishedYears: readonly number[] = PUBLISHED_CN_YEARS): HolidaySource {
  const published = new Set(publishedYears);
  const byYear = indexByYear(loadChineseDaysDataset());
  const cache = new Map<number, YearRules>();
  const build = (year: number): YearRules =>
    published.has(year)
      ? { year, published: true, days: byYear.get(year) ?? [] }
      : { year, published: false, days: statutoryHolidays(year) };
  return {
    region: 'CN',
    // The earliest December day a 元旦 arrangement has touched: 2007-12-29 and 2018-12-29 were 调休上班 days
    // of the 2008 and 2019 notices; with 元旦 on a Tuesday the 3-day pattern starts on the 29th again.
    nextNoticeReachesFrom: '12-29',
    isPublished: (year) => published.has(year),
    rulesFor(year) {
      let rules = cache.get(year);
      if (!rules) cache.set(year, (rules = build(year)));
      return rules;
    },
  };
}

function indexByYear(dataset: z.infer<typeof DatasetSchema>): Map<number, DayRule[]> {
  const byYear = new Map<number, DayRule[]>();
  const push = (date: string, kind: DayRule['kind'], label: string) => {
    const year = Number(date.slice(0, 4));
    const list = byYear.get(year) ?? [];
    list.push({ date, kind, name: festivalName(label) });
    byYear.set(year, list);
  };
  for (const [date, label] of Object.entries(dataset.holidays)) push(date, 'off', label);
  for (const [date, label] of Object.entries(dataset.workdays)) push(date, 'work', label);
  for (const list of byYear.values()) list.sort((a, b) => (a.date < b.date ? -1 : 1));
  return byYear;
}
