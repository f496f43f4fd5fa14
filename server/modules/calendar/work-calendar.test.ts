import { describe, expect, it } from 'vitest';
import { DomainError } from '../../http/errors.js';
import type { HolidayNotice } from './holiday-notice.js';
import { buildWorkCalendar } from './work-calendar.js';

const cn = buildWorkCalendar();

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainError ? err.code : (err as Error).name;
  }
  return undefined;
}

describe('dayInfo', () => {
  it.each([
    ['2026-10-10', true, '调休上班 (国庆节)', false],
    ['2026-10-12', true, '工作日', false],
    ['2026-10-17', false, '周末', false],
    ['2026-10-01', false, '国庆节', false],
    ['2026-02-14', true, '调休上班 (春节)', false],
    ['2026-12-28', true, '工作日', false],
    // The 2027 notice may still move late-December days for its 元旦 (2018-12-29 was worked for 2019's).
    ['2026-12-29', true, '工作日', true],
    ['2027-01-01', false, '元旦', true],
    ['2027-02-05', false, '春节', true],
    ['2027-10-04', true, '工作日', true],
  ])('%s → workingDay %s, %s, provisional %s', (date, workingDay, reason, provisional) => {
    expect(cn.dayInfo(date)).toEqual({ date, workingDay, reason, provisional });
  });
});

describe('addWorkingDays: the Nth working day after the day of X (民法典 Art. 201)', () => {
  it.each([
    ['2026-04-30', 1, '2026-05-06', false],
    ['2026-04-30', 4, '2026-05-09', false],
    ['2026-05-08', 1, '2026-05-09', false],
    ['2026-09-30', 1, '2026-10-08', false],
    ['2026-10-09', 1, '2026-10-10', false],
    ['2026-02-13', 2, '2026-02-24', false],
    ['2026-10-03', 1, '2026-10-08', false],
    ['2026-10-17', 1, '2026-10-19', false],
    ['2025-12-31', 1, '2026-01-04', false],
    ['2024-12-31', 1, '2025-01-02', false],
    ['2026-05-06', 0, '2026-05-06', false],
    // 5/6, 5/7, 5/8, 5/9 (调休 Saturday), 5/11 … 5/15, 5/18
    ['2026-04-30', 10, '2026-05-18', false],
    ['2026-12-01', 5, '2026-12-08', false],
    ['2026-12-28', 1, '2026-12-29', true],
    ['2026-12-30', 2, '2027-01-04', true],
    ['2025-12-31', 248, '2026-12-31', true],
  ])('%s + %i working days = %s (provisional %s)', (from, n, date, provisional) => {
    expect(cn.addWorkingDays(from, n)).toEqual({ date, provisional });
  });

  it('rejects a negative or fractional count', () => {
    expect(errorCode(() => cn.addWorkingDays('2026-04-30', -1))).toBe('RangeError');
    expect(errorCode(() => cn.addWorkingDays('2026-04-30', 1.5))).toBe('RangeError');
  });

  it('refuses to walk past 2099 with UNPROCESSABLE', () => {
    expect(errorCode(() => cn.addWorkingDays('2099-12-30', 5))).toBe('UNPROCESSABLE');
    expect(errorCode(() => cn.dayInfo('2023-12-31'))).toBe('UNPROCESSABLE');
  });
});

describe('addCalendarDays and addMonths, with the Art. 203 setting', () => {
  it.each([
    ['2026-04-30', 1, false, '2026-05-01', false],
    ['2026-04-30', 1, true, '2026-05-06', false],
    ['2026-09-28', 3, true, '2026-10-08', false],
    ['2026-10-07', 3, true, '2026-10-10', false],
    ['2026-05-06', 7, true, '2026-05-13', false],
    ['2026-05-03', 7, true, '2026-05-11', false],
    ['2026-12-25', 7, false, '2027-01-01', false],
    ['2026-12-25', 7, true, '2027-01-04', true],
  ])(
    '%s + %i calendar days (extend %s) = %s (provisional %s)',
    (from, n, extendPastHoliday, date, provisional) => {
      expect(cn.addCalendarDays(from, n, { extendPastHoliday })).toEqual({ date, provisional });
    },
  );

  it.each([
    ['2026-01-31', 1, false, '2026-02-28'],
    // 2026-02-28 is a Saturday, but a 调休 working day: the period ends there.
    ['2026-01-31', 1, true, '2026-02-28'],
    ['2026-03-31', 2, false, '2026-05-31'],
    ['2026-03-31', 2, true, '2026-06-01'],
    ['2026-09-01', 1, true, '2026-10-08'],
  ])('%s + %i months (extend %s) = %s', (from, n, extendPastHoliday, date) => {
    expect(cn.addMonths(from, n, { extendPastHoliday })).toEqual({ date, provisional: false });
  });
});

describe('addHours counts clock hours, holidays included', () => {
  it('adds 24 h across 劳动节', () => {
    const { at, provisional } = cn.addHours(new Date('2026-04-30T10:00:00+08:00'), 24);
    expect(at.toISOString()).toBe('2026-05-01T02:00:00.000Z');
    expect(provisional).toBe(false);
  });

  it('accepts fractions and refuses negatives', () => {
    expect(cn.addHours(new Date('2026-04-30T00:00:00Z'), 1.5).at.toISOString()).toBe(
      '2026-04-30T01:30:00.000Z',
    );
    expect(errorCode(() => cn.addHours(new Date(), -1))).toBe('RangeError');
  });
});

describe('workingDaysBetween: from excluded, to included', () => {
  it.each([
    ['2026-04-30', '2026-05-06', ['2026-05-06'], false],
    ['2026-04-30', '2026-04-30', [], false],
    ['2026-09-30', '2026-10-10', ['2026-10-08', '2026-10-09', '2026-10-10'], false],
    ['2026-12-30', '2027-01-05', ['2026-12-31', '2027-01-04', '2027-01-05'], true],
  ])('%s → %s', (from, to, days, provisional) => {
    expect(cn.workingDaysBetween(from, to)).toEqual({ count: days.length, days, provisional });
  });

  it('counts a whole year: 248 working days in 2026', () => {
    expect(cn.workingDaysBetween('2025-12-31', '2026-12-31').count).toBe(248);
  });

  it('rejects a range that ends before it starts', () => {
    expect(errorCode(() => cn.workingDaysBetween('2026-05-06', '2026-05-05'))).toBe('RangeError');
  });
});

describe('loaded notices', () => {
  // A made-up 2027 notice for the test only; it is NOT the real schedule.
  const notice2027: HolidayNotice = {
    region: 'CN',
    year: 2027,
    source: 'test fixture',
    days: [
      { date: '2026-12-31', kind: 'off', name: '元旦' },
      { date: '2027-01-01', kind: 'off', name: '元旦' },
      { date: '2027-09-26', kind: 'work', name: '国庆节' },
      ...[1, 2, 3, 4, 5, 6, 7].map((d) => ({ date: `2027-10-0${d}`, kind: 'off' as const, name: '国庆节' })),
    ],
  };
  const loaded = buildWorkCalendar({ notices: [notice2027] });

  it('makes its year published and non-provisional', () => {
    expect(loaded.isPublished(2027)).toBe(true);
    expect(loaded.dayInfo('2027-10-04')).toEqual({
      date: '2027-10-04',
      workingDay: false,
      reason: '国庆节',
      provisional: false,
    });
    expect(loaded.dayInfo('2027-09-26')).toEqual({
      date: '2027-09-26',
      workingDay: true,
      reason: '调休上班 (国庆节)',
      provisional: false,
    });
  });

  it('replaces the computed statutory days of its year', () => {
    expect(loaded.dayInfo('2027-02-05')).toMatchObject({ workingDay: true, reason: '工作日' });
  });

  it('applies its late-December days to the previous year and settles them', () => {
    expect(loaded.dayInfo('2026-12-31')).toEqual({
      date: '2026-12-31',
      workingDay: false,
      reason: '元旦',
      provisional: false,
    });
    expect(loaded.addWorkingDays('2026-12-30', 1)).toEqual({ date: '2027-01-04', provisional: false });
  });

  it('is ignored by a calendar of another base', () => {
    const hk = buildWorkCalendar({ tenant: { base: 'HK' }, notices: [notice2027] });
    expect(hk.dayInfo('2027-10-04').workingDay).toBe(true);
  });

  it('replaces a published year as a whole, a later notice for the same year winning', () => {
    const first: HolidayNotice = {
      region: 'CN',
      year: 2026,
      days: [{ date: '2026-10-09', kind: 'off', name: '国庆节' }],
    };
    const second: HolidayNotice = {
      region: 'CN',
      year: 2026,
      days: [{ date: '2026-10-08', kind: 'off', name: '国庆节' }],
    };
    const corrected = buildWorkCalendar({ notices: [first, second] });
    expect(corrected.dayInfo('2026-10-08').workingDay).toBe(false);
    expect(corrected.dayInfo('2026-10-09').workingDay).toBe(true);
    expect(corrected.dayInfo('2026-10-01')).toMatchObject({ workingDay: true, reason: '工作日' });
  });
});

describe('tenant calendars', () => {
  it('closes a tenant on its own closure days', () => {
    const tenant = buildWorkCalendar({
      tenant: { closures: [{ date: '2026-05-06', name: '年中盘点' }, { date: '2026-05-07' }] },
    });
    expect(tenant.dayInfo('2026-05-06')).toEqual({
      date: '2026-05-06',
      workingDay: false,
      reason: '年中盘点',
      provisional: false,
    });
    expect(tenant.dayInfo('2026-05-07').reason).toBe('停业日');
    expect(tenant.addWorkingDays('2026-04-30', 1)).toEqual({ date: '2026-05-08', provisional: false });
  });

  it('opens a tenant on its extra working days, even on a holiday', () => {
    const tenant = buildWorkCalendar({
      tenant: { extraWorkingDays: [{ date: '2026-10-03', name: '值班' }] },
    });
    expect(tenant.dayInfo('2026-10-03')).toMatchObject({ workingDay: true, reason: '值班' });
    expect(tenant.addWorkingDays('2026-09-30', 1).date).toBe('2026-10-03');
  });

  it('rejects a day that is both a closure and a working day', () => {
    const both = { closures: [{ date: '2026-05-06' }], extraWorkingDays: [{ date: '2026-05-06' }] };
    expect(errorCode(() => buildWorkCalendar({ tenant: both }))).toBe('VALIDATION_FAILED');
  });

  describe('Hong Kong base calendar', () => {
    const hk = buildWorkCalendar({ tenant: { base: 'HK' } });

    it.each([
      ['2026-04-07', false, '复活节星期一翌日', false],
      ['2026-10-02', true, '工作日', false],
      ['2026-10-10', false, '周末', false],
      ['2025-10-07', false, '中秋节翌日', false],
      ['2027-02-08', true, '工作日', true],
    ])('%s → workingDay %s, %s, provisional %s', (date, workingDay, reason, provisional) => {
      expect(hk.dayInfo(date)).toEqual({ date, workingDay, reason, provisional });
    });

    it('skips the Easter / 清明 cluster of 2026', () => {
      expect(hk.addWorkingDays('2026-04-02', 1)).toEqual({ date: '2026-04-08', provisional: false });
    });

    it('has no late-December uncertainty: HK gazettes never reach back a year', () => {
      expect(hk.dayInfo('2026-12-30').provisional).toBe(false);
    });
  });
});
