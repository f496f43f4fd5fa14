import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CalendarAddQuerySchema,
  CalendarAddResponseSchema,
  DayInfoResponseSchema,
  DayParamsSchema,
  WorkingDaysQuerySchema,
  WorkingDaysResponseSchema,
  type CalendarAddQuery,
} from './calendar.schemas.js';
import type { DateResult, WorkCalendar } from './work-calendar.js';

/** What the calendar routes need from the app: the calendar of a tenant, or the platform's (null). */
export type CalendarRoutesOptions = { getCalendar: (tenantId: string | null) => Promise<WorkCalendar> };

/**
 * Public, read-only calendar API (mounted under /api/v1). No authentication is required; a signed-in caller
 * gets its tenant's calendar (closures, base calendar), an anonymous one the platform's mainland calendar.
 */
export async function calendarRoutes(app: FastifyInstance, opts: CalendarRoutesOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const calendarFor = (request: FastifyRequest) => opts.getCalendar(request.principal?.tenantId ?? null);

  r.get(
    '/calendar/add',
    {
      config: { public: true },
      schema: {
        tags: ['calendar'],
        summary: 'Add working days, calendar days or clock hours (start day excluded, 民法典 Art. 201)',
        querystring: CalendarAddQuerySchema,
        response: { 200: CalendarAddResponseSchema },
      },
    },
    async (request) => addUnits(await calendarFor(request), request.query),
  );

  r.get(
    '/calendar/working-days',
    {
      config: { public: true },
      schema: {
        tags: ['calendar'],
        summary: 'Working days after `from` up to and including `to` (at most 3 years)',
        querystring: WorkingDaysQuerySchema,
        response: { 200: WorkingDaysResponseSchema },
      },
    },
    async (request) => (await calendarFor(request)).workingDaysBetween(request.query.from, request.query.to),
  );

  r.get(
    '/calendar/day/:date',
    {
      config: { public: true },
      schema: {
        tags: ['calendar'],
        summary: 'Whether a day is a working day, and why',
        params: DayParamsSchema,
        response: { 200: DayInfoResponseSchema },
      },
    },
    async (request) => (await calendarFor(request)).dayInfo(request.params.date),
  );
}

// The schema guarantees exactly one unit and the matching `from` format.
function addUnits(
  calendar: WorkCalendar,
  q: CalendarAddQuery,
): DateResult | { at: string; provisional: boolean } {
  if (q.hours !== undefined) {
    const { at, provisional } = calendar.addHours(new Date(q.from), q.hours);
    return { at: at.toISOString(), provisional };
  }
  if (q.workingDays !== undefined) return calendar.addWorkingDays(q.from, q.workingDays);
  return calendar.addCalendarDays(q.from, q.calendarDays ?? 0, {
    extendPastHoliday: q.extendPastHoliday ?? false,
  });
}
