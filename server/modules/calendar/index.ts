/**
 * Calendar module — working days and deadline arithmetic for mainland China (and Hong Kong tenants).
 * Other modules import only from here. Rules and worked examples: docs/domain/calendar.md.
 *
 * Invariants:
 * - Dates are 'YYYY-MM-DD' days in Asia/Shanghai; instants are JS Dates. Nothing reads the process time
 *   zone or the clock: Shanghai is a fixed UTC+8 and "now" is always passed in.
 * - A working day is Monday–Friday, minus the base calendar's off-days, plus its 调休 working weekends,
 *   then tenant closures/extra working days on top. Precedence: tenant day > loaded notice > source data.
 * - Day units exclude the start day (民法典 Art. 201): addWorkingDays(d, n) is the Nth working day after d,
 *   and workingDaysBetween(d, addWorkingDays(d, n).date).count === n. A deadline "on" a date ends at
 *   deadlineEnd(date) = 23:59:59.999 Asia/Shanghai.
 * - `provisional: true` on a result means some day consulted for it lies in a year whose official notice is
 *   not published (statutory holidays computed from the 放假办法 stand in), or in the late-December days the
 *   next, unpublished, notice may still move. Loading that year's notice makes the same inputs
 *   non-provisional; callers that stored provisional results must recompute them then.
 * - Calendars are immutable values: loading a notice or changing tenant settings means building a new one.
 * - Supported years are 2024–2099; leaving them throws UNPROCESSABLE (422).
 */
export {
  addDays,
  addMonthsToDate,
  deadlineEnd,
  isIsoDate,
  shanghaiDateOf,
  startOfShanghaiDay,
  type IsoDate,
} from './calendar-date.js';
export { calendarRoutes, type CalendarRoutesOptions } from './calendar.routes.js';
export {
  CalendarAddResponseSchema,
  CalendarDateSchema,
  DateResultSchema,
  DayInfoResponseSchema,
  InstantResultSchema,
  WorkingDaysResponseSchema,
} from './calendar.schemas.js';
export { createCnHolidaySource, PUBLISHED_CN_YEARS } from './cn-holiday-source.js';
export { createHkHolidaySource, HK_GENERAL_HOLIDAYS } from './hk-holiday-source.js';
export {
  HolidayNoticeSchema,
  holidayNoticeFromHolidayCn,
  parseHolidayNotice,
  parseHolidayNoticeJson,
  type HolidayNotice,
  type HolidayNoticeDay,
} from './holiday-notice.js';
export {
  MAX_SUPPORTED_YEAR,
  MIN_SUPPORTED_YEAR,
  type CalendarRegion,
  type DayKind,
  type DayRule,
  type HolidaySource,
  type YearRules,
} from './holiday-source.js';
export { parseIcsNotice } from './ics-notice.js';
export { statutoryHolidays } from './statutory-holidays.js';
export {
  DEFAULT_TENANT_CALENDAR,
  TenantCalendarSettingsSchema,
  parseTenantCalendarSettings,
  type TenantCalendarSettings,
  type TenantCalendarSettingsInput,
} from './tenant-calendar.js';
export {
  buildWorkCalendar,
  SUPPORTED_RANGE,
  WorkCalendar,
  type DateResult,
  type DayInfo,
  type ExtendOptions,
  type InstantResult,
  type WorkCalendarConfig,
  type WorkingDaysResult,
} from './work-calendar.js';
