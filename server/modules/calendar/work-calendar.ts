import {
  addMonthsToDate,
  deadlineEnd,
  firstDayOfYear,
  fromDayNumber,
  toDayNumber,
  yearOfDay,
  type IsoDate,
} from './calendar-date.js';
import { createCnHolidaySource } from './cn-holiday-source.js';
import { createHkHolidaySource } from './hk-holiday-source.js';
import { parseHolidayNotice, type HolidayNotice } from './holiday-notice.js';
import {
  isSupportedYear,
  MAX_SUPPORTED_YEAR,
  MIN_SUPPORTED_YEAR,
  outOfRange,
  type CalendarRegion,
  type HolidaySource,
} from './holiday-source.js';
import { parseTenantCalendarSettings, type TenantCalendarSettingsInput } from './tenant-calendar.js';
import {
  buildYearTable,
  firstIndexReaching,
  noticeDayReason,
  reasonAt,
  type ResolvedDay,
  type YearTable,
} from './year-table.js';

/** What `dayInfo` answers: whether the day is worked and why ('调休上班 (国庆节)', '周末', '工作日', '国庆节'). */
export type DayInfo = { date: IsoDate; workingDay: boolean; reason: string; provisional: boolean };
/** A computed date, provisional when any day consulted for it lies in an unpublished year. */
export type DateResult = { date: IsoDate; provisional: boolean };
/** A computed instant. */
export type InstantResult = { at: Date; provisional: boolean };
/** Working days in a range (start excluded, end included). */
export type WorkingDaysResult = { count: number; days: IsoDate[]; provisional: boolean };
/** 民法典 Art. 203: whether a window ending on a non-working day runs on to the next working day. */
export type ExtendOptions = { extendPastHoliday?: boolean };

/** Everything a calendar is built from; all of it plain data a repository can store as JSON. */
export type WorkCalendarConfig = {
  /** The tenant's settings; omitted = mainland China with no closures. */
  tenant?: TenantCalendarSettingsInput | undefined;
  /** Loaded notices of any region; those of the tenant's base apply, a later one wins for the same year. */
  notices?: readonly HolidayNotice[] | undefined;
  /** Replaces the built-in sources (tests). */
  sources?: Partial<Record<CalendarRegion, HolidaySource>> | undefined;
};

const HOUR_MS = 3_600_000;
let builtInSources: Record<CalendarRegion, HolidaySource> | undefined;

/**
 * A working-day calendar for one tenant: base calendar + loaded notices + tenant days, in that order of
 * precedence (tenant days win). Immutable: loading a notice means building a new calendar. Year tables are
 * built lazily and cached, so building a calendar is cheap and a call is O(log days).
 */
export class WorkCalendar {
  readonly region: CalendarRegion;
  private readonly tables: (YearTable | undefined)[] = [];
  private readonly notices = new Map<number, HolidayNotice>();
  private readonly tenantDays = new Map<number, ResolvedDay[]>();

  /** Use buildWorkCalendar(); the constructor takes already-validated data. */
  constructor(
    private readonly source: HolidaySource,
    notices: readonly HolidayNotice[],
    tenantDays: readonly ResolvedDay[],
  ) {
    this.region = source.region;
    for (const notice of notices) if (notice.region === source.region) this.notices.set(notice.year, notice);
    for (const day of tenantDays) {
      const year = Number(day.date.slice(0, 4));
      this.tenantDays.set(year, [...(this.tenantDays.get(year) ?? []), day]);
    }
  }

  /** True when `year`'s official schedule is known: a loaded notice, or a published year of the source. */
  isPublished(year: number): boolean {
    return this.notices.has(year) || (isSupportedYear(year) && this.source.isPublished(year));
  }

  /** Whether `date` is a working day, and why. @throws UNPROCESSABLE outside 2024–2099. */
  dayInfo(date: IsoDate): DayInfo {
    const day = toDayNumber(date);
    const table = this.tableOf(day);
    const index = day - table.start;
    return {
      date,
      workingDay: table.working[index] === 1,
      reason: reasonAt(table, index),
      provisional: index >= table.provisionalFrom,
    };
  }

  /**
   * The Nth working day after `from`: the start day is not counted (民法典 Art. 201), so 2026-04-30 + 1
   * working day is 2026-05-06 (5/1–5/5 are 劳动节). n = 0 returns `from` unchanged.
   * @throws UNPROCESSABLE when the walk leaves 2024–2099.
   */
  addWorkingDays(from: IsoDate, n: number): DateResult {
    assertCount(n, 'n');
    const start = toDayNumber(from);
    this.tableOf(start);
    if (n === 0) return { date: from, provisional: false };
    let remaining = n;
    let provisional = false;
    let cursor = start + 1;
    for (;;) {
      const table = this.tableOf(cursor);
      const index = cursor - table.start;
      const before = index > 0 ? (table.cum[index - 1] ?? 0) : 0;
      const available = table.total - before;
      if (available >= remaining) {
        const hit = firstIndexReaching(table, before + remaining, index);
        return {
          date: fromDayNumber(table.start + hit),
          provisional: provisional || hit >= table.provisionalFrom,
        };
      }
      remaining -= available;
      provisional ||= table.provisionalFrom < table.length;
      cursor = table.start + table.length;
    }
  }

  /**
   * `from` + n calendar days (start day excluded, Art. 201). With extendPastHoliday (Art. 203) a window
   * ending on a non-working day ends on the next working day instead; only then is the calendar consulted,
   * so only then can the result be provisional.
   */
  addCalendarDays(from: IsoDate, n: number, options: ExtendOptions = {}): DateResult {
    assertCount(n, 'n');
    return this.endOfWindow(toDayNumber(from) + n, options);
  }

  /**
   * `from` + n months, ending on the corresponding day or the month's last day (民法典 Art. 202), then
   * optionally extended past a non-working day (Art. 203).
   */
  addMonths(from: IsoDate, n: number, options: ExtendOptions = {}): DateResult {
    assertCount(n, 'n');
    return this.endOfWindow(toDayNumber(addMonthsToDate(from, n)), options);
  }

  /** `from` + h clock hours (fractions allowed, millisecond precision). Never provisional. */
  addHours(from: Date, hours: number): InstantResult {
    if (!Number.isFinite(hours) || hours < 0)
      throw new RangeError(`hours must be a finite number ≥ 0, got ${hours}`);
    const at = new Date(from.getTime() + Math.round(hours * HOUR_MS));
    if (Number.isNaN(at.getTime())) throw new RangeError('invalid Date');
    return { at, provisional: false };
  }

  /**
   * Working days after `from` up to and including `to` (same convention as addWorkingDays, so
   * workingDaysBetween(d, addWorkingDays(d, n).date).count === n).
   * @throws RangeError when `to` is before `from`.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): WorkingDaysResult {
    const first = toDayNumber(from) + 1;
    const last = toDayNumber(to);
    if (last < first - 1) throw new RangeError(`to (${to}) is before from (${from})`);
    this.tableOf(first - 1);
    const days: IsoDate[] = [];
    let provisional = false;
    for (let cursor = first; cursor <= last;) {
      const table = this.tableOf(cursor);
      const endIndex = Math.min(last - table.start, table.length - 1);
      for (let i = cursor - table.start; i <= endIndex; i++)
        if (table.working[i] === 1) days.push(fromDayNumber(table.start + i));
      provisional ||= endIndex >= table.provisionalFrom;
      cursor = table.start + endIndex + 1;
    }
    return { count: days.length, days, provisional };
  }

  /** 23:59:59.999 Asia/Shanghai on `date`, as an instant. */
  deadlineEnd(date: IsoDate): Date {
    return deadlineEnd(date);
  }

  private endOfWindow(end: number, options: ExtendOptions): DateResult {
    if (!options.extendPastHoliday) {
      this.assertSupported(end);
      return { date: fromDayNumber(end), provisional: false };
    }
    let provisional = false;
    for (let day = end; ; day++) {
      const table = this.tableOf(day);
      const index = day - table.start;
      provisional ||= index >= table.provisionalFrom;
      if (table.working[index] === 1) return { date: fromDayNumber(day), provisional };
    }
  }

  private assertSupported(day: number): void {
    if (!isSupportedYear(yearOfDay(day))) throw outOfRange(fromDayNumber(day));
  }

  private tableOf(day: number): YearTable {
    const year = yearOfDay(day);
    if (!isSupportedYear(year)) throw outOfRange(fromDayNumber(day));
    const slot = year - MIN_SUPPORTED_YEAR;
    return (this.tables[slot] ??= this.buildYear(year));
  }

  private buildYear(year: number): YearTable {
    const own = this.notices.get(year);
    const base = own ? own.days : this.source.rulesFor(year).days;
    const spill = this.notices.get(year + 1)?.days ?? [];
    const listed: ResolvedDay[] = [...base, ...spill]
      .filter((rule) => rule.date.startsWith(`${year}-`))
      .map((rule) => ({ date: rule.date, working: rule.kind === 'work', reason: noticeDayReason(rule) }));
    listed.push(...(this.tenantDays.get(year) ?? []));
    return buildYearTable(year, listed, this.provisionalFrom(year));
  }

  // A day is provisional when its year is unpublished, or when it is late enough in December for the next,
  // unpublished, year's notice to move it (its 元旦 arrangement). Such days always form a suffix of the year.
  private provisionalFrom(year: number): number {
    if (!this.isPublished(year)) return 0;
    const reach = this.source.nextNoticeReachesFrom;
    if (reach === null || this.isPublished(year + 1)) return Number.POSITIVE_INFINITY;
    return toDayNumber(`${year}-${reach}`) - firstDayOfYear(year);
  }
}

/**
 * Builds a tenant's calendar from plain data (validated here, so stored JSON can be passed as is).
 * @throws VALIDATION_FAILED when a notice or the tenant settings are invalid.
 */
export function buildWorkCalendar(config: WorkCalendarConfig = {}): WorkCalendar {
  const tenant = parseTenantCalendarSettings(config.tenant ?? {});
  const sources = { ...defaultSources(), ...config.sources };
  const notices = (config.notices ?? []).map((n) => parseHolidayNotice(n));
  const tenantDays: ResolvedDay[] = [
    ...tenant.closures.map((d) => ({ date: d.date, working: false, reason: d.name })),
    ...tenant.extraWorkingDays.map((d) => ({ date: d.date, working: true, reason: d.name })),
  ];
  const source = sources[tenant.base];
  if (!source) throw new Error(`no holiday source for ${tenant.base}`);
  return new WorkCalendar(source, notices, tenantDays);
}

function defaultSources(): Record<CalendarRegion, HolidaySource> {
  return (builtInSources ??= { CN: createCnHolidaySource(), HK: createHkHolidaySource() });
}

function assertCount(n: number, name: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${n}`);
}

/** The first and last date the calendar answers for. */
export const SUPPORTED_RANGE = {
  from: `${MIN_SUPPORTED_YEAR}-01-01`,
  to: `${MAX_SUPPORTED_YEAR}-12-31`,
} as const;
