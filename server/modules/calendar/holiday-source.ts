import { DomainError } from '../../http/errors.js';
import type { IsoDate } from './calendar-date.js';

/**
 * Where the yearly day rules come from. A source answers, per Gregorian year, which days deviate from the
 * Monday–Friday week: off-days (holidays) and working weekends (调休上班), and whether the year is backed by a
 * published notice or only computed ("provisional").
 */

/** The base calendars a tenant can choose; 'CN' (mainland China) is the default. */
export type CalendarRegion = 'CN' | 'HK';

/** All base calendars, for schemas. */
export const CALENDAR_REGIONS = ['CN', 'HK'] as const satisfies readonly CalendarRegion[];

/** Whether a listed day is a day off or a working day. */
export type DayKind = 'off' | 'work';

/**
 * One day that deviates from the plain week. `name` is the festival it belongs to ('国庆节'); a 'work' day
 * named '国庆节' is a 调休 working weekend and is explained as '调休上班 (国庆节)'.
 */
export type DayRule = { date: IsoDate; kind: DayKind; name: string };

/** The deviating days of one Gregorian year, and whether an official notice backs them. */
export type YearRules = { year: number; published: boolean; days: readonly DayRule[] };

/** A provider of yearly day rules for one base calendar. Implementations are pure and deterministic. */
export interface HolidaySource {
  readonly region: CalendarRegion;
  /** True when the year's official schedule is known (not computed from the statutory rules). */
  isPublished(year: number): boolean;
  /** Deviating days whose date lies in `year` (a notice's late-December days sit in the earlier year). */
  rulesFor(year: number): YearRules;
  /**
   * 'MM-DD' from which a year's days can still be changed by the NEXT year's notice (CN: its 元旦 run can
   * start on 30 December and its 调休 on the 29th), or null when a notice never reaches back.
   */
  readonly nextNoticeReachesFrom: string | null;
}

/**
 * Earliest year the calendar answers for: the first year whose notice we checked day by day
 * (LEGAL-AND-CALENDAR.md §1). Earlier years exist in chinese-days but are unreviewed, and a dispute
 * platform launched in 2026 never counts working days before 2024.
 */
export const MIN_SUPPORTED_YEAR = 2024;
/** Latest year the calendar answers for (the lunar tables we rely on end in 2100). */
export const MAX_SUPPORTED_YEAR = 2099;

/** True when `year` is inside the supported range. */
export function isSupportedYear(year: number): boolean {
  return Number.isInteger(year) && year >= MIN_SUPPORTED_YEAR && year <= MAX_SUPPORTED_YEAR;
}

/** The error thrown when a computation would leave the supported years. Maps to 422 UNPROCESSABLE. */
export function outOfRange(detail: string): DomainError {
  return new DomainError('UNPROCESSABLE', {
    message: `calendar out of range: ${detail}`,
    userMessage: {
      zh: `日期超出工作日历支持的范围（${MIN_SUPPORTED_YEAR}–${MAX_SUPPORTED_YEAR} 年）：${detail}`,
      en: `Date outside the supported calendar years (${MIN_SUPPORTED_YEAR}–${MAX_SUPPORTED_YEAR}): ${detail}`,
    },
  });
}
