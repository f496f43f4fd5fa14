import { z } from 'zod';
import { addMonthsToDate, isIsoDate } from './calendar-date.js';
import { MAX_SUPPORTED_YEAR, MIN_SUPPORTED_YEAR } from './holiday-source.js';

/**
 * Zod contracts of the public calendar API (GET /api/v1/calendar/…). Shapes are a contract other tools rely
 * on: add fields, never rename.
 */

const FIRST = `${MIN_SUPPORTED_YEAR}-01-01`;
const LAST = `${MAX_SUPPORTED_YEAR}-12-31`;
/** The longest range /calendar/working-days accepts. */
export const MAX_RANGE_MONTHS = 36;

/** A supported 'YYYY-MM-DD' date. */
export const CalendarDateSchema = z
  .string()
  .refine(isIsoDate, { message: 'must be a date written YYYY-MM-DD (e.g. 2026-04-30)' })
  .refine((d) => d >= FIRST && d <= LAST, { message: `must be between ${FIRST} and ${LAST}` });

const wholeNumber = (max: number) =>
  z
    .string()
    .regex(/^\d{1,7}$/, { message: 'must be a whole number ≥ 0' })
    .transform(Number)
    .pipe(z.number().max(max, { message: `must be at most ${max}` }));

const DateTimeSchema = z.iso.datetime({ offset: true });

/** GET /calendar/add — exactly one unit; `from` is a date for day units and a date-time for hours. */
export const CalendarAddQuerySchema = z
  .object({
    from: z.string().min(1).max(40),
    workingDays: wholeNumber(3650).optional(),
    calendarDays: wholeNumber(36_500).optional(),
    hours: z
      .string()
      .regex(/^\d{1,6}(\.\d{1,3})?$/, { message: 'must be a number of hours ≥ 0 (up to 3 decimals)' })
      .transform(Number)
      .pipe(z.number().max(87_600, { message: 'must be at most 87600 (10 years)' }))
      .optional(),
    extendPastHoliday: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
  })
  .superRefine((q, ctx) => {
    const units = [q.workingDays, q.calendarDays, q.hours].filter((u) => u !== undefined).length;
    if (units !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'give exactly one of workingDays, calendarDays, hours',
      });
      return;
    }
    if (q.extendPastHoliday !== undefined && q.calendarDays === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['extendPastHoliday'],
        message: 'extendPastHoliday applies to calendarDays only',
      });
    }
    const fromIssue = q.hours === undefined ? dateIssue(q.from) : dateTimeIssue(q.from);
    if (fromIssue) ctx.addIssue({ code: 'custom', path: ['from'], message: fromIssue });
  });

function dateIssue(from: string): string | undefined {
  const parsed = CalendarDateSchema.safeParse(from);
  if (parsed.success) return undefined;
  return `with workingDays or calendarDays, from ${parsed.error.issues[0]?.message ?? 'is invalid'}`;
}

function dateTimeIssue(from: string): string | undefined {
  if (!DateTimeSchema.safeParse(from).success) {
    return 'with hours, from must be an ISO 8601 date-time with an offset (e.g. 2026-04-30T10:00:00+08:00)';
  }
  const year = new Date(from).getUTCFullYear();
  return year < MIN_SUPPORTED_YEAR || year > MAX_SUPPORTED_YEAR
    ? `with hours, from must be between ${FIRST} and ${LAST}`
    : undefined;
}

/** GET /calendar/working-days — `from` excluded, `to` included, at most 3 years apart. */
export const WorkingDaysQuerySchema = z
  .object({ from: CalendarDateSchema, to: CalendarDateSchema })
  .superRefine((q, ctx) => {
    // Zod still runs this refinement when a field failed; only compare two real dates.
    if (!isIsoDate(q.from) || !isIsoDate(q.to)) return;
    if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    else if (q.to > addMonthsToDate(q.from, MAX_RANGE_MONTHS)) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the range may span at most 3 years (to ≤ from + ${MAX_RANGE_MONTHS} months)`,
      });
    }
  });

/** GET /calendar/day/:date */
export const DayParamsSchema = z.object({ date: CalendarDateSchema });

/** A computed date: `{"date":"2026-05-06","provisional":false}`. */
export const DateResultSchema = z.object({ date: z.string(), provisional: z.boolean() });
/** A computed instant: `{"at":"2026-05-01T02:00:00.000Z","provisional":false}`. */
export const InstantResultSchema = z.object({ at: z.string(), provisional: z.boolean() });
/** The answer of /calendar/add: a date for day units, an instant for hours. */
export const CalendarAddResponseSchema = z.union([DateResultSchema, InstantResultSchema]);
/** The answer of /calendar/working-days. */
export const WorkingDaysResponseSchema = z.object({
  count: z.number().int(),
  days: z.array(z.string()),
  provisional: z.boolean(),
});
/** The answer of /calendar/day/:date. */
export const DayInfoResponseSchema = z.object({
  date: z.string(),
  workingDay: z.boolean(),
  reason: z.string(),
  provisional: z.boolean(),
});

/** Parsed query of /calendar/add. */
export type CalendarAddQuery = z.infer<typeof CalendarAddQuerySchema>;
