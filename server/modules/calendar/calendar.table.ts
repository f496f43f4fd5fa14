import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { ActorSnapshot } from '../audit/audit.table.js';
import type { HolidayNotice } from './holiday-notice.js';

/**
 * Holiday notices loaded at run time (a State Council notice that came out after the release). `tenant_id`
 * null = platform-wide (loaded by the operator's CLI); otherwise the tenant's own. For one region and year the
 * newest load wins, a tenant's own over the platform's. Rows are kept, never edited: the history of what
 * calendar applied when.
 */
export const calendarNotices = pgTable(
  'calendar_notices',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id'),
    region: text('region').notNull(),
    year: integer('year').notNull(),
    notice: jsonb('notice').$type<HolidayNotice>().notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true, precision: 3 }).notNull(),
    loadedBy: jsonb('loaded_by').$type<ActorSnapshot>().notNull(),
  },
  (t) => [index('calendar_notices_scope_idx').on(t.tenantId, t.region, t.year)],
);
