import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, deadlineEnd, fromDayNumber, shanghaiDateOf, toDayNumber } from './calendar-date.js';
import { buildWorkCalendar, type WorkCalendar } from './work-calendar.js';

// 2024-01-01 … 2030-12-31: three published years, then provisional ones.
const dateArb = fc
  .integer({ min: toDayNumber('2024-01-01'), max: toDayNumber('2030-12-31') })
  .map(fromDayNumber);
const countArb = fc.integer({ min: 0, max: 400 });
const closuresArb = fc
  .uniqueArray(dateArb, { maxLength: 30 })
  .map((dates) => dates.map((date) => ({ date })));
const calendarArb = fc.oneof(
  fc.constant(buildWorkCalendar()),
  fc.constant(buildWorkCalendar({ tenant: { base: 'HK' } })),
  closuresArb.map((closures) => buildWorkCalendar({ tenant: { closures } })),
);

// The obvious day-by-day walk, to check the table-and-binary-search implementation against.
function naiveAdd(calendar: WorkCalendar, from: string, n: number): { date: string; provisional: boolean } {
  let date = from;
  let provisional = false;
  for (let left = n; left > 0;) {
    date = addDays(date, 1);
    const info = calendar.dayInfo(date);
    provisional ||= info.provisional;
    if (info.workingDay) left--;
  }
  return { date, provisional };
}

describe('working-day arithmetic properties', () => {
  it('lands on a working day after the start for n ≥ 1', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, fc.integer({ min: 1, max: 400 }), (calendar, from, n) => {
        const { date } = calendar.addWorkingDays(from, n);
        expect(date > from).toBe(true);
        expect(calendar.dayInfo(date).workingDay).toBe(true);
      }),
    );
  });

  it('is strictly monotonic in n', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, countArb, countArb, (calendar, from, a, b) => {
        fc.pre(a !== b);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(calendar.addWorkingDays(from, lo).date < calendar.addWorkingDays(from, hi).date).toBe(true);
      }),
    );
  });

  it('counts back what it added: workingDaysBetween(d, addWorkingDays(d, n)).count === n', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, countArb, (calendar, from, n) => {
        expect(calendar.workingDaysBetween(from, calendar.addWorkingDays(from, n).date).count).toBe(n);
      }),
    );
  });

  it('composes: adding n then 1 equals adding n + 1', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, countArb, (calendar, from, n) => {
        const step = calendar.addWorkingDays(calendar.addWorkingDays(from, n).date, 1).date;
        expect(calendar.addWorkingDays(from, n + 1).date).toBe(step);
      }),
    );
  });

  it('agrees with a day-by-day walk, provisional flag included', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, fc.integer({ min: 0, max: 60 }), (calendar, from, n) => {
        expect(calendar.addWorkingDays(from, n)).toEqual(naiveAdd(calendar, from, n));
      }),
    );
  });

  it('splits ranges: count(a, c) = count(a, b) + count(b, c)', () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.uniqueArray(dateArb, { minLength: 3, maxLength: 3 }),
        (calendar, picked) => {
          const [a, b, c] = [...picked].sort() as [string, string, string];
          expect(calendar.workingDaysBetween(a, c).count).toBe(
            calendar.workingDaysBetween(a, b).count + calendar.workingDaysBetween(b, c).count,
          );
        },
      ),
    );
  });
});

describe('Art. 203 extension and deadline instants', () => {
  it('runs a window ending on a non-working day to the next working day, and no further', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, fc.integer({ min: 0, max: 60 }), (calendar, from, n) => {
        const plain = calendar.addCalendarDays(from, n).date;
        const { date } = calendar.addCalendarDays(from, n, { extendPastHoliday: true });
        expect(calendar.dayInfo(date).workingDay).toBe(true);
        for (let d = plain; d < date; d = addDays(d, 1)) expect(calendar.dayInfo(d).workingDay).toBe(false);
      }),
    );
  });

  it('ends every deadline day in the same Shanghai day, 1 ms before the next one starts', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        const end = deadlineEnd(date);
        expect(shanghaiDateOf(end)).toBe(date);
        expect(shanghaiDateOf(new Date(end.getTime() + 1))).toBe(addDays(date, 1));
      }),
    );
  });
});
