import { describe, expect, it } from 'vitest';
import { statutoryHolidays } from './statutory-holidays.js';

const dates = (year: number) => statutoryHolidays(year).map((d) => d.date);

describe('statutory holidays computed from 《全国年节及纪念日放假办法》', () => {
  // LEGAL-AND-CALENDAR.md §1.1–1.3 list the statutory days of each year [DERIVED from the 放假办法].
  it.each([
    [
      2024,
      [
        '2024-01-01',
        '2024-02-10',
        '2024-02-11',
        '2024-02-12',
        '2024-04-04',
        '2024-05-01',
        '2024-06-10',
        '2024-09-17',
        '2024-10-01',
        '2024-10-02',
        '2024-10-03',
      ],
    ],
    [
      2025,
      [
        '2025-01-01',
        '2025-01-28',
        '2025-01-29',
        '2025-01-30',
        '2025-01-31',
        '2025-04-04',
        '2025-05-01',
        '2025-05-02',
        '2025-05-31',
        '2025-10-01',
        '2025-10-02',
        '2025-10-03',
        '2025-10-06',
      ],
    ],
    [
      2026,
      [
        '2026-01-01',
        '2026-02-16',
        '2026-02-17',
        '2026-02-18',
        '2026-02-19',
        '2026-04-05',
        '2026-05-01',
        '2026-05-02',
        '2026-06-19',
        '2026-09-25',
        '2026-10-01',
        '2026-10-02',
        '2026-10-03',
      ],
    ],
  ])('reproduces the reference file’s statutory days of %i', (year, expected) => {
    expect(dates(year)).toEqual(expected);
  });

  it('gives 11 days under the 2014 rules and 13 from 2025 (国务院令第795号: 除夕 and 5/2 added)', () => {
    expect(dates(2024)).toHaveLength(11);
    expect(dates(2025)).toHaveLength(13);
  });

  // Lunar and solar-term dates cross-checked with chinese-days' own lunar functions run under TZ=UTC.
  it.each([
    [
      2027,
      {
        春节: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'],
        清明节: ['2027-04-05'],
        端午节: ['2027-06-09'],
        中秋节: ['2027-09-15'],
      },
    ],
    [
      2029,
      {
        春节: ['2029-02-12', '2029-02-13', '2029-02-14', '2029-02-15'],
        清明节: ['2029-04-04'],
        端午节: ['2029-06-16'],
        中秋节: ['2029-09-22'],
      },
    ],
    [
      2030,
      {
        春节: ['2030-02-02', '2030-02-03', '2030-02-04', '2030-02-05'],
        清明节: ['2030-04-05'],
        端午节: ['2030-06-05'],
        中秋节: ['2030-09-12'],
      },
    ],
  ])('computes the lunar festivals of unpublished %i', (year, expected) => {
    const byName = (name: string) =>
      statutoryHolidays(year)
        .filter((d) => d.name === name)
        .map((d) => d.date);
    for (const [name, days] of Object.entries(expected)) expect(byName(name)).toEqual(days);
  });

  it('takes 除夕 2027 as 腊月廿九 (2027-02-05): the twelfth month of lunar 2026 has only 29 days', () => {
    expect(statutoryHolidays(2027).find((d) => d.date === '2027-02-05')?.name).toBe('春节');
  });

  it('lists all thirteen days of 2027 with their names', () => {
    expect(statutoryHolidays(2027)).toEqual([
      { date: '2027-01-01', kind: 'off', name: '元旦' },
      { date: '2027-02-05', kind: 'off', name: '春节' },
      { date: '2027-02-06', kind: 'off', name: '春节' },
      { date: '2027-02-07', kind: 'off', name: '春节' },
      { date: '2027-02-08', kind: 'off', name: '春节' },
      { date: '2027-04-05', kind: 'off', name: '清明节' },
      { date: '2027-05-01', kind: 'off', name: '劳动节' },
      { date: '2027-05-02', kind: 'off', name: '劳动节' },
      { date: '2027-06-09', kind: 'off', name: '端午节' },
      { date: '2027-09-15', kind: 'off', name: '中秋节' },
      { date: '2027-10-01', kind: 'off', name: '国庆节' },
      { date: '2027-10-02', kind: 'off', name: '国庆节' },
      { date: '2027-10-03', kind: 'off', name: '国庆节' },
    ]);
  });

  it('merges 中秋 into 国庆 when they fall on the same day (2028-10-03, 2031-10-01)', () => {
    expect(statutoryHolidays(2028).find((d) => d.date === '2028-10-03')?.name).toBe('国庆节、中秋节');
    expect(statutoryHolidays(2028)).toHaveLength(12);
    expect(statutoryHolidays(2031).find((d) => d.date === '2031-10-01')?.name).toBe('国庆节、中秋节');
  });

  it('refuses years before 2014, whose rules are not modelled', () => {
    expect(() => statutoryHolidays(2013)).toThrow(RangeError);
  });
});
