import type { Db } from '../../db/client.js';
import { noticesFor, tenantCalendarSettings } from './calendar.repo.js';
import { buildWorkCalendar, type WorkCalendar } from './work-calendar.js';

// Another process may load a notice; its stored deadlines are recomputed in that transaction, so only ad-hoc
// calendar reads here can be stale, and for at most this long.
const TTL_MS = 30_000;

/**
 * Builds each tenant's calendar from the database (settings + loaded notices) and caches it, because a
 * calendar fills its year tables on first use and rebuilding one per request would throw that work away.
 */
export class CalendarService {
  private readonly cache = new Map<string, { at: number; calendar: Promise<WorkCalendar> }>();

  constructor(
    private readonly db: Db,
    private readonly clockMs: () => number = Date.now,
  ) {}

  /** The calendar of a tenant, or the platform's when `tenantId` is null. */
  forTenant(tenantId: string | null, db: Db = this.db): Promise<WorkCalendar> {
    // Inside a transaction read fresh: the caller may just have changed what the calendar is built from.
    if (db !== this.db) return this.build(tenantId, db);
    const key = tenantId ?? '*';
    const hit = this.cache.get(key);
    if (hit && this.clockMs() - hit.at < TTL_MS) return hit.calendar;
    const calendar = this.build(tenantId, db);
    this.cache.set(key, { at: this.clockMs(), calendar });
    calendar.catch(() => this.cache.delete(key));
    return calendar;
  }

  /** Drops cached calendars (after a load or a settings change in this process). */
  invalidate(): void {
    this.cache.clear();
  }

  private async build(tenantId: string | null, db: Db): Promise<WorkCalendar> {
    const [notices, tenant] = await Promise.all([
      noticesFor(db, tenantId),
      tenantId ? tenantCalendarSettings(db, tenantId) : Promise.resolve(undefined),
    ]);
    return buildWorkCalendar({ tenant, notices });
  }
}
