import { describe, expect, it } from 'vitest';
import { DomainError } from '../../http/errors.js';
import { holidayNoticeFromHolidayCn, parseHolidayNotice, parseHolidayNoticeJson } from './holiday-notice.js';

function fieldErrors(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError && err.code === 'VALIDATION_FAILED') {
      return err.fields.map((f) => ({ path: f.path, message: f.message.en }));
    }
    throw err;
  }
  throw new Error('expected a VALIDATION_FAILED error');
}

const valid = {
  year: 2027,
  source: 'https://www.gov.cn/zhengce/…',
  days: [
    { date: '2027-01-01', kind: 'off', name: '元旦' },
    { date: '2027-09-26', kind: 'work', name: '国庆节' },
  ],
};

describe('HolidayNotice JSON', () => {
  it('accepts a notice and defaults the region to CN', () => {
    expect(parseHolidayNotice(valid)).toEqual({ region: 'CN', ...valid });
  });

  it('parses JSON text', () => {
    expect(parseHolidayNoticeJson(JSON.stringify(valid)).days).toHaveLength(2);
  });

  it.each([
    [
      'a date listed twice',
      { days: [valid.days[0], valid.days[0]] },
      'days.1.date',
      '2027-01-01 is listed twice',
    ],
    [
      'a date outside the notice',
      { days: [{ date: '2026-11-30', kind: 'off', name: '元旦' }] },
      'days.0.date',
      '2026-11-30 is outside the 2027 notice (Dec 2026 to Dec 2027)',
    ],
    [
      'a working weekday',
      { days: [{ date: '2027-09-27', kind: 'work', name: '国庆节' }] },
      'days.0.date',
      "2027-09-27 is a weekday; a 'work' day must be a Saturday or Sunday",
    ],
    [
      'an impossible date',
      { days: [{ date: '2027-02-30', kind: 'off', name: '春节' }] },
      'days.0.date',
      'must be a date written YYYY-MM-DD (e.g. 2026-10-01)',
    ],
    [
      'an unknown kind',
      { days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] },
      'days.0.kind',
      undefined,
    ],
    ['an empty name', { days: [{ date: '2027-01-01', kind: 'off', name: ' ' }] }, 'days.0.name', undefined],
    ['an unknown field', { extra: 1 }, '', undefined],
    ['no days', { days: [] }, 'days', undefined],
  ])('rejects %s with a field error', (_, patch, path, message) => {
    const errors = fieldErrors(() => parseHolidayNotice({ ...valid, ...patch }));
    expect(errors.map((e) => e.path)).toContain(path);
    if (message) expect(errors.find((e) => e.path === path)?.message).toBe(message);
  });

  it('accepts 元旦 days in the December before the notice year (as the 2023 notice did with 2022-12-31)', () => {
    const notice = parseHolidayNotice({
      year: 2028,
      days: [{ date: '2027-12-31', kind: 'off', name: '元旦' }],
    });
    expect(notice.days[0]?.date).toBe('2027-12-31');
  });

  it('reports text that is not JSON', () => {
    expect(fieldErrors(() => parseHolidayNoticeJson('{year: 2027'))[0]?.message).toMatch(/^not valid JSON/);
  });
});

describe('holiday-cn files', () => {
  it('converts {year, papers, days:[{name,date,isOffDay}]} into a notice', () => {
    const file = {
      year: 2026,
      papers: ['https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm'],
      days: [
        { name: '元旦', date: '2026-01-01', isOffDay: true },
        { name: '元旦', date: '2026-01-04', isOffDay: false },
      ],
    };
    expect(holidayNoticeFromHolidayCn(file)).toEqual({
      region: 'CN',
      year: 2026,
      source: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
      days: [
        { date: '2026-01-01', kind: 'off', name: '元旦' },
        { date: '2026-01-04', kind: 'work', name: '元旦' },
      ],
    });
  });

  it('rejects a file of another shape', () => {
    expect(fieldErrors(() => holidayNoticeFromHolidayCn({ year: 2026 })).map((e) => e.path)).toEqual([
      'days',
    ]);
  });
});
