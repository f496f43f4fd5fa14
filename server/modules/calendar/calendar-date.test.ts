import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonthsToDate,
  deadlineEnd,
  fromDayNumber,
  isIsoDate,
  shanghaiDateOf,
  startOfShanghaiDay,
  toDayNumber,
  weekdayOf,
} from './calendar-date.js';

describe('civil dates', () => {
  it('runs under a zone west of UTC, so any reliance on the process zone would show', () => {
    expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBeGreaterThan(0);
  });

  it.each([
    ['2026-04-30', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2026-13-01', false],
    ['2026-04-31', false],
    ['2026-4-30', false],
    ['2026-04-30T00:00:00Z', false],
  ])('isIsoDate(%s) is %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it('round-trips day numbers against Date.UTC for every day of 2000–2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10_957, max: 47_848 }), (day) => {
        const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(fromDayNumber(day)).toBe(iso);
        expect(toDayNumber(iso)).toBe(day);
      }),
    );
  });

  it.each([
    ['2026-10-10', 6],
    ['2026-10-11', 0],
    ['2026-05-06', 3],
  ])('%s is weekday %i', (date, weekday) => {
    expect(weekdayOf(toDayNumber(date))).toBe(weekday);
  });

  it('crosses month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('rejects strings that are not dates', () => {
    expect(() => toDayNumber('2026-02-30')).toThrow(RangeError);
  });
});

describe('民法典 Art. 202: month periods end on the corresponding day, else the month’s last day', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-05-06', 12, '2027-05-06'],
    ['2026-05-06', 0, '2026-05-06'],
  ])('%s + %i months = %s', (from, months, expected) => {
    expect(addMonthsToDate(from, months)).toBe(expected);
  });
});

describe('Asia/Shanghai instants', () => {
  it.each([
    ['2026-04-30T15:59:59.999Z', '2026-04-30'],
    ['2026-04-30T16:00:00.000Z', '2026-05-01'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01'],
    ['2026-05-01T00:30:00+08:00', '2026-05-01'],
  ])('%s is on %s in Shanghai', (instant, date) => {
    expect(shanghaiDateOf(new Date(instant))).toBe(date);
  });

  it('ends a deadline day at 23:59:59.999 Shanghai time', () => {
    expect(deadlineEnd('2026-05-06').toISOString()).toBe('2026-05-06T15:59:59.999Z');
    expect(shanghaiDateOf(deadlineEnd('2026-05-06'))).toBe('2026-05-06');
    expect(deadlineEnd('2026-05-06').getTime() + 1).toBe(startOfShanghaiDay('2026-05-07').getTime());
  });

  it('starts a day at 00:00 Shanghai time', () => {
    expect(startOfShanghaiDay('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});
