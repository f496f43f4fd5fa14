import { fromDayNumber, toDayNumber, isIsoDate } from './calendar-date.js';
import type { CalendarRegion } from './holiday-source.js';
import {
  canonicalFestivalName,
  invalidCalendarData,
  parseHolidayNotice,
  type HolidayNotice,
} from './holiday-notice.js';

/**
 * Imports a holiday notice from an iCalendar (RFC 5545) file, e.g. the feeds published by chinese-days and
 * holiday-cn, or one an admin exports from a calendar app.
 *
 * Convention (documented in docs/domain/calendar.md):
 * - each VEVENT is an all-day run: DTSTART and DTEND are DATE values (YYYYMMDD), DTEND exclusive and
 *   optional (missing = one day). Date-time values are rejected: a holiday is a whole Shanghai day.
 * - SUMMARY containing 班 ('国庆节(班)', '调休上班', '补班') marks WORKING days; any other summary marks days off.
 * - the festival name is the SUMMARY without bracketed notes and without a trailing 休/班 word:
 *   '国庆节(班)' → '国庆节', '春节（休）' → '春节', '清明' → '清明节'.
 * - only days of the requested notice are kept, so a multi-year feed can be imported one year at a time:
 *   days in that year, plus 元旦 days in the December before it (a notice's 元旦 run may start there).
 * - a date covered by two events of the same kind keeps both names ('国庆节、中秋节'); of different kinds is an error.
 */

type IcsEvent = { index: number; props: Map<string, { value: string }> };
type ImportedDay = { date: string; kind: 'off' | 'work'; name: string };

const MAX_EVENT_DAYS = 60;

/**
 * Parses ICS text into the HolidayNotice of `year`.
 * @throws VALIDATION_FAILED naming the offending event ('VEVENT[2].DTSTART: …') or notice field.
 */
export function parseIcsNotice(
  text: string,
  options: { year: number; region?: CalendarRegion; source?: string },
): HolidayNotice {
  const events = readEvents(text);
  if (events.length === 0)
    throw invalidCalendarData([{ path: [], message: 'no VEVENT found in the ICS file' }]);
  const byDate = new Map<string, ImportedDay>();
  const issues: { path: string[]; message: string }[] = [];
  for (const event of events) {
    try {
      for (const day of expandEvent(event)) {
        if (belongsToNotice(day, options.year)) mergeDay(byDate, day);
      }
    } catch (err) {
      issues.push({ path: [`VEVENT[${event.index}]`], message: (err as Error).message });
    }
  }
  if (issues.length > 0) throw invalidCalendarData(issues);
  if (byDate.size === 0)
    throw invalidCalendarData([{ path: [], message: `the ICS file has no days for ${options.year}` }]);
  const days = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  return parseHolidayNotice({
    region: options.region ?? 'CN',
    year: options.year,
    source: options.source,
    days,
  });
}

function belongsToNotice(day: ImportedDay, year: number): boolean {
  if (day.date.startsWith(`${year}-`)) return true;
  return day.date.startsWith(`${year - 1}-12-`) && day.name === '元旦';
}

function mergeDay(byDate: Map<string, ImportedDay>, day: ImportedDay): void {
  const existing = byDate.get(day.date);
  if (!existing) return void byDate.set(day.date, day);
  if (existing.kind !== day.kind) {
    throw new Error(`${day.date} is both a day off (${existing.name}) and a working day (${day.name})`);
  }
  if (!existing.name.split('、').includes(day.name)) existing.name = `${existing.name}、${day.name}`;
}

function expandEvent(event: IcsEvent): ImportedDay[] {
  const summary = event.props.get('SUMMARY')?.value;
  if (!summary?.trim()) throw new Error('SUMMARY is missing');
  const start = icsDate(event, 'DTSTART', true) as number;
  const end = icsDate(event, 'DTEND', false) ?? start + 1;
  if (end <= start) throw new Error('DTEND must be after DTSTART (DTEND is exclusive)');
  if (end - start > MAX_EVENT_DAYS) throw new Error(`an event may span at most ${MAX_EVENT_DAYS} days`);
  const kind = summary.includes('班') ? 'work' : 'off';
  const name = festivalNameOf(summary);
  return Array.from({ length: end - start }, (_, i) => ({ date: fromDayNumber(start + i), kind, name }));
}

function icsDate(event: IcsEvent, prop: 'DTSTART' | 'DTEND', required: boolean): number | undefined {
  const entry = event.props.get(prop);
  if (!entry) {
    if (required) throw new Error(`${prop} is missing`);
    return undefined;
  }
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(entry.value.trim());
  if (!m)
    throw new Error(
      `${prop} must be an all-day DATE value like 20261001, got ${JSON.stringify(entry.value)}`,
    );
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  if (!isIsoDate(iso)) throw new Error(`${prop} ${entry.value} is not a real date`);
  return toDayNumber(iso);
}

function festivalNameOf(summary: string): string {
  const stripped = summary
    .replace(/[(（[【][^)）\]】]*[)）\]】]/g, '')
    .replace(/\s*(调休上班|调休|补班|上班|班|休息日|休息|放假|休)\s*$/u, '')
    .trim();
  return canonicalFestivalName(stripped || summary);
}

/** Splits unfolded content lines into VEVENT property maps (first occurrence of a property wins). */
function readEvents(text: string): IcsEvent[] {
  const events: IcsEvent[] = [];
  let current: IcsEvent | undefined;
  for (const line of unfold(text)) {
    const upper = line.toUpperCase();
    if (upper === 'BEGIN:VEVENT') current = { index: events.length, props: new Map() };
    else if (upper === 'END:VEVENT' && current) {
      events.push(current);
      current = undefined;
    } else if (current) {
      const prop = splitProperty(line);
      if (prop && !current.props.has(prop.name)) current.props.set(prop.name, { value: prop.value });
    }
  }
  return events;
}

// RFC 5545 §3.1: a long line is folded by inserting CRLF followed by one space or tab.
function unfold(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r\n|\n|\r/)) {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && out.length > 0) out[out.length - 1] += raw.slice(1);
    else if (raw.length > 0) out.push(raw);
  }
  return out;
}

// name *(";" param) ":" value — the first colon outside a quoted parameter value ends the parameters.
function splitProperty(line: string): { name: string; value: string } | undefined {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ':' && !quoted) {
      const name = line.slice(0, i).split(';')[0]?.toUpperCase() ?? '';
      return { name, value: unescapeText(line.slice(i + 1)) };
    }
  }
  return undefined;
}

// RFC 5545 §3.3.11 TEXT escapes.
function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}
