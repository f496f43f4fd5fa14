import { deadlineEnd, shanghaiDateOf, type WorkCalendar } from '../calendar/index.js';
import type { ConsequenceAction, WindowRule, WindowTarget } from './policy-parts.schema.js';
import type { PolicyDeadline } from './result.js';

/** When a window that starts at `from` ends: its last Asia/Shanghai day and the instant it expires. */
export type WindowEnd = { date: string; dueAt: Date; provisional: boolean };

/**
 * The end of a period of `target` starting at the instant `from`, on `calendar`. Day units exclude the
 * start day (民法典 Art. 201: "7 days from signing" counts from the next day, 七日办法 Art. 10) and end at
 * 23:59:59.999 Asia/Shanghai; a calendar-day or month window ending on a non-working day runs to the next
 * working day when the target says so, else when the pack's Art. 203 setting `extendDefault` does.
 */
export function windowEnd(
  calendar: WorkCalendar,
  from: Date,
  target: WindowTarget,
  extendDefault: boolean,
): WindowEnd {
  const extend = { extendPastHoliday: target.extendPastHoliday ?? extendDefault };
  switch (target.unit) {
    case 'hours': {
      const r = calendar.addHours(from, target.amount);
      return { date: shanghaiDateOf(r.at), dueAt: r.at, provisional: r.provisional };
    }
    case 'calendar_days': {
      const r = calendar.addCalendarDays(shanghaiDateOf(from), target.amount, extend);
      return { date: r.date, dueAt: deadlineEnd(r.date), provisional: r.provisional };
    }
    case 'working_days': {
      const r = calendar.addWorkingDays(shanghaiDateOf(from), target.amount);
      return { date: r.date, dueAt: deadlineEnd(r.date), provisional: r.provisional };
    }
    case 'months': {
      const r = calendar.addMonths(shanghaiDateOf(from), target.amount, extend);
      return { date: r.date, dueAt: deadlineEnd(r.date), provisional: r.provisional };
    }
  }
}

/** True when `at` falls within the window of `rule` that starts at `from`. */
export function isWithin(
  calendar: WorkCalendar,
  from: Date,
  rule: WindowRule,
  extendDefault: boolean,
  at: Date,
): boolean {
  return at.getTime() <= windowEnd(calendar, from, rule.target, extendDefault).dueAt.getTime();
}

/** A deadline of `kind` under `rule`, starting at `from`, as the evaluation reports it. */
export function deadlineOf(
  kind: string,
  rule: WindowRule,
  from: Date,
  ctx: { calendar: WorkCalendar; extendDefault: boolean; now: Date },
  consequence: ConsequenceAction | null = null,
): PolicyDeadline {
  const end = windowEnd(ctx.calendar, from, rule.target, ctx.extendDefault);
  return {
    kind,
    owner: rule.owner,
    clause: rule.clause,
    startsAt: from,
    target: rule.target,
    date: end.date,
    dueAt: end.dueAt,
    provisional: end.provisional,
    overdue: ctx.now.getTime() > end.dueAt.getTime(),
    consequence,
  };
}
