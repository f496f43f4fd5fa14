import { and, asc, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { tenants } from '../tenants/tenants.table.js';
import { calendarNotices } from './calendar.table.js';
import type { HolidayNotice } from './holiday-notice.js';
import {
  DEFAULT_TENANT_CALENDAR,
  parseTenantCalendarSettings,
  type TenantCalendarSettings,
} from './tenant-calendar.js';

/**
 * The notices that apply to a tenant (its own and the platform's), oldest first, so that building a calendar
 * from them in order lets the newest load — and a tenant's own over the platform's — win.
 */
export async function noticesFor(db: Db, tenantId: string | null): Promise<HolidayNotice[]> {
  const rows = await db
    .select()
    .from(calendarNotices)
    .where(
      tenantId
        ? or(isNull(calendarNotices.tenantId), eq(calendarNotices.tenantId, tenantId))
        : isNull(calendarNotices.tenantId),
    )
    .orderBy(asc(calendarNotices.loadedAt), asc(calendarNotices.id));
  const platform = rows.filter((r) => r.tenantId === null);
  const own = rows.filter((r) => r.tenantId !== null);
  return [...platform, ...own].map((r) => r.notice);
}

export async function insertNotice(db: Db, row: typeof calendarNotices.$inferInsert): Promise<void> {
  await db.insert(calendarNotices).values(row);
}

export async function listNotices(db: Db, tenantId: string) {
  return db
    .select()
    .from(calendarNotices)
    .where(or(isNull(calendarNotices.tenantId), eq(calendarNotices.tenantId, tenantId)))
    .orderBy(asc(calendarNotices.loadedAt));
}

/** The tenant's calendar settings (stored under `tenants.settings.calendar`), defaults when none. */
export async function tenantCalendarSettings(db: Db, tenantId: string): Promise<TenantCalendarSettings> {
  const [t] = await db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
  const stored = t?.settings.calendar;
  return stored ? parseTenantCalendarSettings(stored) : DEFAULT_TENANT_CALENDAR;
}

export async function saveTenantCalendarSettings(db: Db, tenantId: string, settings: TenantCalendarSettings) {
  const [t] = await db
    .select({ settings: tenants.settings })
    .from(tenants)
    .where(and(eq(tenants.id, tenantId)))
    .for('update');
  await db
    .update(tenants)
    .set({ settings: { ...(t?.settings ?? {}), calendar: settings } })
    .where(eq(tenants.id, tenantId));
}
