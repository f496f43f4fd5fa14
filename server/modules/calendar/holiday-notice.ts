import { z } from 'zod';
import { DomainError } from '../../http/errors.js';
import { isIsoDate, isWeekend, toDayNumber } from './calendar-date.js';
import { CALENDAR_REGIONS, MAX_SUPPORTED_YEAR, MIN_SUPPORTED_YEAR } from './holiday-source.js';

/**
 * A holiday notice loaded by an admin (JSON or ICS): the official schedule of one year for one base
 * calendar. Once loaded it replaces the source's data for that year and makes the year non-provisional.
 * Stored by a repository as JSON exactly as `HolidayNotice` (the output of HolidayNoticeSchema).
 */

/** A 'YYYY-MM-DD' string naming a real day. */
export const IsoDateSchema = z
  .string()
  .refine(isIsoDate, { message: 'must be a date written YYYY-MM-DD (e.g. 2026-10-01)' });

/** One listed day: a day off, or a working day (调休上班) on a weekend. */
export const HolidayNoticeDaySchema = z
  .object({
    date: IsoDateSchema,
    kind: z.enum(['off', 'work']),
    name: z.string().trim().min(1).max(50),
  })
  .strict();

/**
 * A year's notice. Days may lie in that year or in the December before it: a notice is titled by the year
 * of its holidays, and its 元旦 run can start on 30 or 31 December (the 2023 notice made 2022-12-31 a day off).
 */
export const HolidayNoticeSchema = z
  .object({
    region: z.enum(CALENDAR_REGIONS).default('CN'),
    year: z.number().int().min(MIN_SUPPORTED_YEAR).max(MAX_SUPPORTED_YEAR),
    /** Where the schedule comes from: the gov.cn URL or document number (国办发明电〔2025〕7号). */
    source: z.string().trim().min(1).max(500).optional(),
    days: z.array(HolidayNoticeDaySchema).min(1).max(400),
  })
  .strict()
  .superRefine((notice, ctx) => {
    const seen = new Set<string>();
    notice.days.forEach((day, i) => {
      const path = ['days', i, 'date'];
      if (!isIsoDate(day.date)) return;
      if (day.date < `${notice.year - 1}-12-01` || day.date > `${notice.year}-12-31`) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `${day.date} is outside the ${notice.year} notice (Dec ${notice.year - 1} to Dec ${notice.year})`,
        });
      }
      if (seen.has(day.date)) ctx.addIssue({ code: 'custom', path, message: `${day.date} is listed twice` });
      seen.add(day.date);
      // A notice only ever moves work onto a weekend; 'work' on a weekday is a typo (e.g. a wrong month).
      if (day.kind === 'work' && !isWeekend(toDayNumber(day.date))) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `${day.date} is a weekday; a 'work' day must be a Saturday or Sunday`,
        });
      }
    });
  });

// Some sources (chinese-days, ICS feeds) drop the 节 of three festivals; reasons use the notices' names.
const NOTICE_NAMES: Readonly<Record<string, string>> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

/** The name a State Council notice uses for a festival: '清明' → '清明节'; other names unchanged. */
export function canonicalFestivalName(name: string): string {
  const trimmed = name.trim();
  return NOTICE_NAMES[trimmed] ?? trimmed;
}

/** A validated holiday notice (what repositories store). */
export type HolidayNotice = z.infer<typeof HolidayNoticeSchema>;
/** One day of a holiday notice. */
export type HolidayNoticeDay = z.infer<typeof HolidayNoticeDaySchema>;

/**
 * Validates a notice given as a parsed JSON value.
 * @throws VALIDATION_FAILED with one field error per problem ("days.3.date: … is listed twice").
 */
export function parseHolidayNotice(input: unknown): HolidayNotice {
  const result = HolidayNoticeSchema.safeParse(input);
  if (!result.success) throw invalidCalendarData(result.error.issues);
  return result.data;
}

/**
 * Validates a notice given as JSON text.
 * @throws VALIDATION_FAILED when the text is not JSON or the notice is invalid.
 */
export function parseHolidayNoticeJson(text: string): HolidayNotice {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalidCalendarData([{ path: [], message: `not valid JSON: ${(err as Error).message}` }]);
  }
  return parseHolidayNotice(value);
}

const HolidayCnFileSchema = z.object({
  year: z.number().int(),
  papers: z.array(z.string()).default([]),
  days: z.array(z.object({ name: z.string(), date: z.string(), isOffDay: z.boolean() })),
});

/**
 * Converts a NateScarlet/holiday-cn `{year}.json` file ({year, papers, days:[{name,date,isOffDay}]}), the
 * dataset that updates on the day a notice comes out, into a HolidayNotice.
 * @throws VALIDATION_FAILED when the file does not have that shape or its days are invalid.
 */
export function holidayNoticeFromHolidayCn(input: unknown): HolidayNotice {
  const file = HolidayCnFileSchema.safeParse(input);
  if (!file.success) throw invalidCalendarData(file.error.issues);
  return parseHolidayNotice({
    region: 'CN',
    year: file.data.year,
    ...(file.data.papers[0] ? { source: file.data.papers[0] } : {}),
    days: file.data.days.map((d) => ({ date: d.date, kind: d.isOffDay ? 'off' : 'work', name: d.name })),
  });
}

const SUBJECTS = {
  notice: {
    zh: '节假日安排数据有误，请检查标出的项',
    en: 'The holiday notice is invalid; see the listed fields',
  },
  tenant: {
    zh: '租户日历设置有误，请检查标出的项',
    en: 'The tenant calendar settings are invalid; see the listed fields',
  },
} as const;

/** Turns Zod-style issues into the VALIDATION_FAILED error the HTTP layer renders as problem+json. */
export function invalidCalendarData(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  subject: keyof typeof SUBJECTS = 'notice',
): DomainError {
  return new DomainError('VALIDATION_FAILED', {
    message: `invalid ${subject} data: ${issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    userMessage: SUBJECTS[subject],
    fields: issues.map((i) => ({
      path: i.path.map(String).join('.'),
      code: 'invalid_calendar_data',
      message: { zh: i.message, en: i.message },
    })),
  });
}
