import { z } from 'zod';
import { CALENDAR_REGIONS } from './holiday-source.js';
import { IsoDateSchema, invalidCalendarData } from './holiday-notice.js';

/**
 * A tenant's calendar choice, as data (stored by a repository as JSON): the base calendar, days the tenant
 * is closed on top of it (停业日), and days it works although the base calendar is off.
 * Tenant days override everything else, including loaded notices.
 */

const TenantDaySchema = (defaultName: string) =>
  z
    .object({
      date: IsoDateSchema,
      name: z.string().trim().min(1).max(50).default(defaultName),
    })
    .strict();

/** Validates a tenant calendar record; every field is optional and defaults to the platform calendar. */
export const TenantCalendarSettingsSchema = z
  .object({
    base: z.enum(CALENDAR_REGIONS).default('CN'),
    closures: z.array(TenantDaySchema('停业日')).max(1000).default([]),
    extraWorkingDays: z.array(TenantDaySchema('额外工作日')).max(1000).default([]),
  })
  .strict()
  .superRefine((settings, ctx) => {
    const closed = new Set<string>();
    settings.closures.forEach((day, i) => {
      if (closed.has(day.date))
        ctx.addIssue({
          code: 'custom',
          path: ['closures', i, 'date'],
          message: `${day.date} is listed twice`,
        });
      closed.add(day.date);
    });
    const working = new Set<string>();
    settings.extraWorkingDays.forEach((day, i) => {
      const path = ['extraWorkingDays', i, 'date'];
      if (working.has(day.date))
        ctx.addIssue({ code: 'custom', path, message: `${day.date} is listed twice` });
      if (closed.has(day.date))
        ctx.addIssue({ code: 'custom', path, message: `${day.date} is both a closure and a working day` });
      working.add(day.date);
    });
  });

/** A tenant's calendar settings after validation (defaults applied). */
export type TenantCalendarSettings = z.infer<typeof TenantCalendarSettingsSchema>;
/** What callers may pass before defaults are applied. */
export type TenantCalendarSettingsInput = z.input<typeof TenantCalendarSettingsSchema>;

/** The platform default: mainland China, no closures. */
export const DEFAULT_TENANT_CALENDAR: TenantCalendarSettings = {
  base: 'CN',
  closures: [],
  extraWorkingDays: [],
};

/**
 * Validates a stored or submitted tenant calendar record.
 * @throws VALIDATION_FAILED with one field error per problem.
 */
export function parseTenantCalendarSettings(input: unknown): TenantCalendarSettings {
  const result = TenantCalendarSettingsSchema.safeParse(input);
  if (!result.success) throw invalidCalendarData(result.error.issues, 'tenant');
  return result.data;
}
