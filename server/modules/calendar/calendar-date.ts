/**
 * Civil-date arithmetic for the calendar module, independent of the process time zone.
 *
 * Dates are 'YYYY-MM-DD' strings meaning a day in Asia/Shanghai. Internally a date is a "day number": whole
 * days since 1970-01-01. Asia/Shanghai is UTC+8 with no DST since 1991, so an instant's Shanghai date is its
 * UTC date after adding 8 hours — no time-zone database, and never `Date#getDate()` (process-local).
 */

/** A day in Asia/Shanghai written 'YYYY-MM-DD'. */
export type IsoDate = string;

/** Asia/Shanghai's fixed offset from UTC (no DST since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const DAY_MS = 86_400_000;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in a month of the proleptic Gregorian calendar; `month` is 1–12. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** True when `value` is 'YYYY-MM-DD' and names a real day (rejects 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE_RE.exec(value);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

/**
 * Day number of a date (days since 1970-01-01).
 * @throws RangeError when the string is not a real 'YYYY-MM-DD' date.
 */
export function toDayNumber(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/** The 'YYYY-MM-DD' date of a day number. */
export function fromDayNumber(day: number): IsoDate {
  const { year, month, dayOfMonth } = civilFromDays(day);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${dayOfMonth < 10 ? '0' : ''}${dayOfMonth}`;
}

/** Day of the week of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** True for Saturday and Sunday. */
export function isWeekend(day: number): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

/** Gregorian year of a day number. */
export function yearOfDay(day: number): number {
  return civilFromDays(day).year;
}

/** Day number of 1 January of `year`. */
export function firstDayOfYear(year: number): number {
  return daysFromCivil(year, 1, 1);
}

/** Adds whole days to a date. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * Adds calendar months the way 民法典 Art. 202 counts them: the period ends on the corresponding day of the
 * final month, or on that month's last day when it has no corresponding day (2026-01-31 + 1 month → 2026-02-28).
 */
export function addMonthsToDate(date: IsoDate, months: number): IsoDate {
  toDayNumber(date);
  const year = Number(date.slice(0, 4));
  const month0 = Number(date.slice(5, 7)) - 1 + months;
  const targetYear = year + Math.floor(month0 / 12);
  const targetMonth = (((month0 % 12) + 12) % 12) + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(targetYear, targetMonth));
  return fromDayNumber(daysFromCivil(targetYear, targetMonth, day));
}

/** The Asia/Shanghai calendar date of an instant (e.g. 2026-04-30T16:30Z → '2026-05-01'). */
export function shanghaiDateOf(instant: Date): IsoDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  return fromDayNumber(Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** 00:00:00.000 Asia/Shanghai at the start of `date`, as an instant. */
export function startOfShanghaiDay(date: IsoDate): Date {
  return new Date(toDayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/**
 * 23:59:59.999 Asia/Shanghai on `date`, as an instant: the moment a deadline "on that day" expires
 * (民法典 Art. 203 ¶2: the last day ends at 24:00). '2026-05-06' → 2026-05-06T15:59:59.999Z.
 */
export function deadlineEnd(date: IsoDate): Date {
  return new Date((toDayNumber(date) + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1);
}

// Howard Hinnant's days_from_civil / civil_from_days: exact integer arithmetic, no Date objects, so the hot
// path of addWorkingDays stays allocation-light and can never touch the process time zone.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(days: number): { year: number; month: number; dayOfMonth: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dayOfMonth = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth };
}
