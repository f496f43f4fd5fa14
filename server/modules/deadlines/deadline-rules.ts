import { deadlineEnd, shanghaiDateOf, type WorkCalendar } from '../calendar/index.js';
import type { DeadlineTarget } from './deadlines.table.js';

/** A stretch of time during which the clock stood still; `to` null = still paused. */
export type Pause = { from: Date; to: Date | null };

export type ComputedDue = {
  /** null while paused: a stopped clock has no due time. */
  dueAt: Date | null;
  warnAt: Date | null;
  pausedSince: Date | null;
  provisional: boolean;
};

/**
 * Pauses from a status history: every stretch spent in one of `pauseStatuses`. History must be in time order;
 * each entry lasts until the next one.
 */
export function pausesFromHistory(
  history: readonly { status: string; enteredAt: Date }[],
  pauseStatuses: readonly string[],
  since: Date,
): Pause[] {
  const pauses: Pause[] = [];
  history.forEach((entry, i) => {
    if (!pauseStatuses.includes(entry.status)) return;
    const next = history[i + 1];
    const to = next ? next.enteredAt : null;
    const from = entry.enteredAt < since ? since : entry.enteredAt;
    if (to && to <= from) return;
    const last = pauses[pauses.length - 1];
    // Consecutive pausing statuses (supplement → suspended) form one pause.
    if (last && last.to && last.to.getTime() === from.getTime()) last.to = to;
    else pauses.push({ from, to });
  });
  return pauses;
}

/**
 * When a deadline falls due, given when its clock started, its target and the pauses since.
 *
 * - hours: clock hours; each pause adds its exact length.
 * - working days / calendar days: the start day is not counted (民法典 Art. 201) and the deadline ends at
 *   23:59:59.999 Asia/Shanghai of the last day. A pause adds the days between the day it began and the day it
 *   ended, counted the same way and in the same unit (paused Monday, resumed Wednesday = 2 more days; paused
 *   and resumed on one day = none).
 * - months: the same day N months later (clamped to month end), plus pauses as calendar days.
 * The warning falls at `warnPercent` of the allowed wall-clock time (null = no warning).
 */
export function computeDue(
  input: { startsAt: Date; target: DeadlineTarget; pauses: readonly Pause[]; warnPercent: number | null },
  calendar: WorkCalendar,
): ComputedDue {
  const { startsAt, target, pauses, warnPercent } = input;
  const open = pauses.find((p) => p.to === null);
  if (open) return { dueAt: null, warnAt: null, pausedSince: open.from, provisional: false };
  const closed = pauses as readonly { from: Date; to: Date }[];
  const startDate = shanghaiDateOf(startsAt);
  const extend = { extendPastHoliday: target.extendPastHoliday ?? false };
  let dueAt: Date;
  let provisional = false;
  switch (target.unit) {
    case 'hours': {
      const pausedMs = closed.reduce((sum, p) => sum + (p.to.getTime() - p.from.getTime()), 0);
      const r = calendar.addHours(startsAt, target.amount);
      dueAt = new Date(r.at.getTime() + pausedMs);
      provisional = r.provisional;
      break;
    }
    case 'working_days': {
      let extra = 0;
      for (const p of closed) {
        const between = calendar.workingDaysBetween(shanghaiDateOf(p.from), shanghaiDateOf(p.to));
        extra += between.count;
        provisional ||= between.provisional;
      }
      const r = calendar.addWorkingDays(startDate, target.amount + extra);
      dueAt = deadlineEnd(r.date);
      provisional ||= r.provisional;
      break;
    }
    case 'calendar_days':
    case 'months': {
      const extra = closed.reduce((sum, p) => sum + dayDiff(shanghaiDateOf(p.from), shanghaiDateOf(p.to)), 0);
      const r =
        target.unit === 'months'
          ? calendar.addMonths(startDate, target.amount, extend)
          : calendar.addCalendarDays(startDate, target.amount + extra, extend);
      const date =
        target.unit === 'months' && extra > 0 ? calendar.addCalendarDays(r.date, extra, extend) : r;
      dueAt = deadlineEnd(date.date);
      provisional = r.provisional || date.provisional;
      break;
    }
  }
  const warnAt =
    warnPercent === null
      ? null
      : new Date(
          startsAt.getTime() + Math.floor(((dueAt.getTime() - startsAt.getTime()) * warnPercent) / 100),
        );
  return { dueAt, warnAt: warnAt && warnAt < dueAt ? warnAt : null, pausedSince: null, provisional };
}

function dayDiff(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** When the sweep must next look at a pending deadline: the warning if not yet given, else the due time. */
export function nextFireAt(d: {
  dueAt: Date | null;
  warnAt: Date | null;
  warnedAt: Date | null;
}): Date | null {
  if (!d.dueAt) return null;
  if (d.warnAt && !d.warnedAt && d.warnAt < d.dueAt) return d.warnAt;
  return d.dueAt;
}
