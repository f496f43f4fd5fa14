import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { actorOf } from '../accounts/principal.js';
import { listNotices, tenantCalendarSettings } from './calendar.repo.js';
import type { CalendarService } from './calendar-service.js';
import { loadHolidayNotice, updateTenantCalendar } from './change-calendar.js';
import { parseHolidayNotice } from './holiday-notice.js';
import { parseIcsNotice } from './ics-notice.js';
import { TenantCalendarSettingsSchema } from './tenant-calendar.js';

const LoadNoticeBodySchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal('json'), notice: z.record(z.string(), z.unknown()) }).strict(),
  z
    .object({
      format: z.literal('ics'),
      ics: z.string().min(1).max(500_000),
      year: z.number().int().min(2024).max(2099),
      region: z.enum(['CN', 'HK']).default('CN'),
      source: z.string().max(300).optional(),
    })
    .strict(),
]);

const SettingsSchema = z.object({
  base: z.string(),
  closures: z.array(z.object({ date: z.string(), name: z.string() })),
  extraWorkingDays: z.array(z.object({ date: z.string(), name: z.string() })),
});

/** Admin: the tenant's calendar settings and holiday-notice loading (both recompute open deadlines). */
export async function calendarAdminRoutes(
  app: FastifyInstance,
  opts: { calendars: CalendarService },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = app.deps;
  const db = database.db;

  r.get(
    '/calendar/settings',
    {
      schema: {
        tags: ['calendar'],
        summary: "The tenant's calendar settings",
        response: { 200: SettingsSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'calendar:manage');
      return tenantCalendarSettings(db, p.tenantId);
    },
  );

  r.put(
    '/calendar/settings',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Replace base calendar, closures and extra working days; pending deadlines are recomputed',
        body: TenantCalendarSettingsSchema,
        response: { 200: SettingsSchema.extend({ deadlinesRecomputed: z.number() }) },
      },
    },
    async (request) => {
      const p = authorize(request, 'calendar:manage');
      const ctx = { actor: actorOf(p), now: clock.now(), requestId: request.id };
      const { recomputed } = await updateTenantCalendar(db, opts.calendars, p.tenantId, request.body, ctx);
      return { ...request.body, deadlinesRecomputed: recomputed };
    },
  );

  r.get(
    '/calendar/notices',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Holiday notices loaded for this tenant and platform-wide',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                scope: z.enum(['platform', 'tenant']),
                region: z.string(),
                year: z.number(),
                days: z.number(),
                source: z.string().nullable(),
                loadedAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const p = authorize(request, 'calendar:manage');
      const rows = await listNotices(db, p.tenantId);
      return {
        items: rows.map((n) => ({
          id: n.id,
          scope: n.tenantId ? ('tenant' as const) : ('platform' as const),
          region: n.region,
          year: n.year,
          days: n.notice.days.length,
          source: n.notice.source ?? null,
          loadedAt: n.loadedAt.toISOString(),
        })),
      };
    },
  );

  r.post(
    '/calendar/notices',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Load a holiday notice (JSON or ICS) for this tenant; its pending deadlines are recomputed',
        body: LoadNoticeBodySchema,
        response: {
          201: z.object({
            noticeId: z.string(),
            year: z.number(),
            region: z.string(),
            deadlinesRecomputed: z.number(),
          }),
        },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'calendar:manage');
      const body = request.body;
      const notice =
        body.format === 'json'
          ? parseHolidayNotice(body.notice)
          : parseIcsNotice(body.ics, {
              year: body.year,
              region: body.region,
              ...(body.source ? { source: body.source } : {}),
            });
      const ctx = { actor: actorOf(p), now: clock.now(), requestId: request.id };
      const { noticeId, recomputed } = await loadHolidayNotice(db, opts.calendars, p.tenantId, notice, ctx);
      return reply.status(201).send({
        noticeId,
        year: notice.year,
        region: notice.region,
        deadlinesRecomputed: recomputed[p.tenantId] ?? 0,
      });
    },
  );
}
