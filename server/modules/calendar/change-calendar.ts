import type { Db } from '../../db/client.js';
import { newId } from '../../lib/ids.js';
import { appendAudit, type ActorSnapshot } from '../audit/index.js';
import { recomputePendingForTenant } from '../deadlines/index.js';
import { tenants } from '../tenants/tenants.table.js';
import { insertNotice, saveTenantCalendarSettings, tenantCalendarSettings } from './calendar.repo.js';
import type { CalendarService } from './calendar-service.js';
import type { HolidayNotice } from './holiday-notice.js';
import type { TenantCalendarSettings } from './tenant-calendar.js';

type Ctx = { actor: ActorSnapshot; now: Date; requestId?: string };

/**
 * Loads a holiday notice — for one tenant, or platform-wide when `tenantId` is null — without a release, and
 * in the same transaction recomputes every pending deadline it can move (audited in each tenant's chain).
 * Returns how many deadlines moved, per tenant.
 */
export async function loadHolidayNotice(
  db: Db,
  calendars: CalendarService,
  tenantId: string | null,
  notice: HolidayNotice,
  ctx: Ctx,
): Promise<{ noticeId: string; recomputed: Record<string, number> }> {
  const noticeId = newId('ntc', ctx.now.getTime());
  const recomputed: Record<string, number> = {};
  await db.transaction(async (tx) => {
    await insertNotice(tx, {
      id: noticeId,
      tenantId,
      region: notice.region,
      year: notice.year,
      notice,
      loadedAt: ctx.now,
      loadedBy: ctx.actor,
    });
    const affected = tenantId
      ? [tenantId]
      : (await tx.select({ id: tenants.id }).from(tenants)).map((t) => t.id);
    for (const id of affected) {
      const calendar = await calendars.forTenant(id, tx);
      const reason = { cause: 'holiday_notice_loaded', noticeId, region: notice.region, year: notice.year };
      recomputed[id] = await recomputePendingForTenant(tx, id, { ...ctx, calendar }, reason, notice.year);
      await appendAudit(
        tx,
        {
          tenantId: id,
          actor: ctx.actor,
          action: 'calendar.notice_loaded',
          target: { type: 'calendar_notice', id: noticeId },
          summary: {
            scope: tenantId ? 'tenant' : 'platform',
            region: notice.region,
            year: notice.year,
            days: notice.days.length,
            deadlinesRecomputed: recomputed[id],
          },
          requestId: ctx.requestId ?? null,
        },
        ctx.now,
      );
    }
  });
  calendars.invalidate();
  return { noticeId, recomputed };
}

/** Replaces a tenant's calendar settings (base, closures, extra working days) and recomputes its deadlines. */
export async function updateTenantCalendar(
  db: Db,
  calendars: CalendarService,
  tenantId: string,
  settings: TenantCalendarSettings,
  ctx: Ctx,
): Promise<{ recomputed: number }> {
  let recomputed = 0;
  await db.transaction(async (tx) => {
    const before = await tenantCalendarSettings(tx, tenantId);
    await saveTenantCalendarSettings(tx, tenantId, settings);
    const calendar = await calendars.forTenant(tenantId, tx);
    recomputed = await recomputePendingForTenant(
      tx,
      tenantId,
      { ...ctx, calendar },
      { cause: 'tenant_calendar_changed' },
    );
    await appendAudit(
      tx,
      {
        tenantId,
        actor: ctx.actor,
        action: 'calendar.settings_changed',
        target: { type: 'tenant', id: tenantId },
        summary: { before, after: settings, deadlinesRecomputed: recomputed },
        requestId: ctx.requestId ?? null,
      },
      ctx.now,
    );
  });
  calendars.invalidate();
  return { recomputed };
}
