import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { addDays, firstDayOfYear, fromDayNumber, isWeekend } from './calendar-date.js';
import { createCnHolidaySource, loadChineseDaysDataset, PUBLISHED_CN_YEARS } from './cn-holiday-source.js';
import { buildWorkCalendar } from './work-calendar.js';

/**
 * The State Council notices for 2024–2026, typed in by hand from ../shared/reference/LEGAL-AND-CALENDAR.md §1
 * (国办发明电〔2023〕7号, 〔2024〕12号, the 2025-11-04 notice). The whole year is compared, not just the listed
 * days, so a missing or an extra day in the dataset fails.
 */
type Run = { name: string; from: string; to: string; work: string[] };
const NOTICES: Record<number, { runs: Run[]; workingDays: number }> = {
  2024: {
    workingDays: 251,
    runs: [
      { name: '元旦', from: '2024-01-01', to: '2024-01-01', work: [] },
      { name: '春节', from: '2024-02-10', to: '2024-02-17', work: ['2024-02-04', '2024-02-18'] },
      { name: '清明节', from: '2024-04-04', to: '2024-04-06', work: ['2024-04-07'] },
      { name: '劳动节', from: '2024-05-01', to: '2024-05-05', work: ['2024-04-28', '2024-05-11'] },
      { name: '端午节', from: '2024-06-10', to: '2024-06-10', work: [] },
      { name: '中秋节', from: '2024-09-15', to: '2024-09-17', work: ['2024-09-14'] },
      { name: '国庆节', from: '2024-10-01', to: '2024-10-07', work: ['2024-09-29', '2024-10-12'] },
    ],
  },
  2025: {
    workingDays: 248,
    runs: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01', work: [] },
      { name: '春节', from: '2025-01-28', to: '2025-02-04', work: ['2025-01-26', '2025-02-08'] },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06', work: [] },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05', work: ['2025-04-27'] },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02', work: [] },
      { name: '国庆节', from: '2025-10-01', to: '2025-10-08', work: ['2025-09-28', '2025-10-11'] },
    ],
  },
  2026: {
    workingDays: 248,
    runs: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03', work: ['2026-01-04'] },
      { name: '春节', from: '2026-02-15', to: '2026-02-23', work: ['2026-02-14', '2026-02-28'] },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06', work: [] },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05', work: ['2026-05-09'] },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21', work: [] },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27', work: [] },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07', work: ['2026-09-20', '2026-10-10'] },
    ],
  },
};

function daysOf(run: Run): string[] {
  const out: string[] = [];
  for (let d = run.from; d <= run.to; d = addDays(d, 1)) out.push(d);
  return out;
}

const offDays = Object.values(NOTICES).flatMap((n) =>
  n.runs.flatMap((run) => daysOf(run).map((date) => ({ date, name: run.name }))),
);
const workDays = Object.values(NOTICES).flatMap((n) =>
  n.runs.flatMap((run) => run.work.map((date) => ({ date, name: run.name }))),
);
const calendar = buildWorkCalendar();

describe('mainland calendar against the 2024–2026 State Council notices', () => {
  it.each(offDays)('$date is a day off ($name)', ({ date, name }) => {
    const info = calendar.dayInfo(date);
    expect(info.workingDay).toBe(false);
    expect(info.provisional).toBe(false);
    // A day off inside a holiday run that is an ordinary weekend keeps the festival as its reason too.
    expect(info.reason === name || (name === '国庆节' && info.reason === '中秋节')).toBe(true);
  });

  it.each(workDays)('$date is a 调休 working day (调休上班 ($name))', ({ date, name }) => {
    expect(calendar.dayInfo(date)).toEqual({
      date,
      workingDay: true,
      reason: `调休上班 (${name})`,
      provisional: false,
    });
  });

  it.each(Object.entries(NOTICES))('%s matches the notice on every day of the year', (yearText, notice) => {
    const year = Number(yearText);
    const off = new Set(notice.runs.flatMap(daysOf));
    const work = new Set(notice.runs.flatMap((r) => r.work));
    const mismatches: string[] = [];
    let working = 0;
    for (let day = firstDayOfYear(year); day < firstDayOfYear(year + 1); day++) {
      const date = fromDayNumber(day);
      const expected = work.has(date) || (!off.has(date) && !isWeekend(day));
      if (calendar.dayInfo(date).workingDay !== expected) mismatches.push(date);
      if (expected) working++;
    }
    expect(mismatches).toEqual([]);
    expect(working).toBe(notice.workingDays);
  });

  it('keeps 除夕 2024 (2024-02-09) a working day: the notice only encourages leave', () => {
    expect(calendar.dayInfo('2024-02-09')).toEqual({
      date: '2024-02-09',
      workingDay: true,
      reason: '工作日',
      provisional: false,
    });
  });

  it('names 2025-10-06 中秋节 inside the merged 国庆节、中秋节 run', () => {
    expect(calendar.dayInfo('2025-10-06').reason).toBe('中秋节');
    expect(calendar.dayInfo('2025-10-08').reason).toBe('国庆节');
  });
});

describe('published years', () => {
  it('fails when chinese-days gains a year nobody has checked against its notice', () => {
    const dataset = loadChineseDaysDataset();
    const years = new Set(
      [...Object.keys(dataset.holidays), ...Object.keys(dataset.workdays)].map((d) => Number(d.slice(0, 4))),
    );
    // A new year in the package: type its notice into NOTICES above, then add it to PUBLISHED_CN_YEARS.
    const newest = Math.max(...PUBLISHED_CN_YEARS);
    expect([...years].filter((y) => y > newest)).toEqual([]);
    for (const year of PUBLISHED_CN_YEARS) expect(years.has(year)).toBe(true);
    expect(Object.keys(NOTICES).map(Number)).toEqual([...PUBLISHED_CN_YEARS]);
  });

  it('treats 2027 as unpublished and computes its statutory days instead', () => {
    const source = createCnHolidaySource();
    expect(source.isPublished(2026)).toBe(true);
    expect(source.isPublished(2027)).toBe(false);
    expect(source.rulesFor(2027).published).toBe(false);
    expect(source.rulesFor(2027).days.map((d) => d.date)).toContain('2027-02-05');
  });

  it('agrees with a second dataset (lunar-javascript HolidayUtil) on every day of 2024–2026', () => {
    type HolidayUtil = { getHoliday(ymd: string): { isWork(): boolean } | null };
    const { HolidayUtil } = createRequire(import.meta.url)('lunar-javascript') as {
      HolidayUtil: HolidayUtil;
    };
    const mismatches: string[] = [];
    for (let day = firstDayOfYear(2024); day < firstDayOfYear(2027); day++) {
      const date = fromDayNumber(day);
      const listed = HolidayUtil.getHoliday(date);
      const expected = listed ? listed.isWork() : !isWeekend(day);
      if (calendar.dayInfo(date).workingDay !== expected) mismatches.push(date);
    }
    expect(mismatches).toEqual([]);
  });
});
