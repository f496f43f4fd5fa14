import { describe, expect, it } from 'vitest';
import { buildWorkCalendar } from '../calendar/index.js';
import { computeDue, nextFireAt, pausesFromHistory } from './deadline-rules.js';

const calendar = buildWorkCalendar();
const at = (iso: string) => new Date(iso);
const sh = (local: string) => new Date(`${local}+08:00`);

describe('computeDue', () => {
  it.each([
    // 民法典 Art. 201: the start day is not counted; 劳动节 2026 is 5/1–5/5, 5/9 (Sat) is a 调休 working day.
    [
      '1 working day from 30 Apr 2026',
      sh('2026-04-30T15:00:00'),
      { unit: 'working_days', amount: 1 },
      '2026-05-06T23:59:59.999+08:00',
    ],
    [
      '3 working days from Fri 25 Sep 2026 across 国庆',
      sh('2026-09-25T10:00:00'),
      { unit: 'working_days', amount: 3 },
      '2026-09-30T23:59:59.999+08:00',
    ],
    [
      '5 working days into 国庆 2026',
      sh('2026-09-29T10:00:00'),
      { unit: 'working_days', amount: 5 },
      '2026-10-12T23:59:59.999+08:00',
    ],
    [
      '24 clock hours ignore holidays',
      sh('2026-10-01T09:30:00'),
      { unit: 'hours', amount: 24 },
      '2026-10-02T09:30:00.000+08:00',
    ],
    [
      '7 calendar days',
      sh('2026-11-02T08:00:00'),
      { unit: 'calendar_days', amount: 7 },
      '2026-11-09T23:59:59.999+08:00',
    ],
    [
      '7 calendar days ending in 国庆, Art. 203 extension on',
      sh('2026-09-26T08:00:00'),
      { unit: 'calendar_days', amount: 7, extendPastHoliday: true },
      '2026-10-08T23:59:59.999+08:00',
    ],
    ['6 months', sh('2026-03-31T12:00:00'), { unit: 'months', amount: 6 }, '2026-09-30T23:59:59.999+08:00'],
  ] as const)('%s', (_name, startsAt, target, expected) => {
    const due = computeDue({ startsAt, target, pauses: [], warnPercent: null }, calendar);
    expect(due.dueAt?.toISOString()).toBe(at(expected).toISOString());
    expect(due.provisional).toBe(false);
  });

  it('adds paused clock time to an hours target', () => {
    const due = computeDue(
      {
        startsAt: sh('2026-11-02T09:00:00'),
        target: { unit: 'hours', amount: 24 },
        pauses: [{ from: sh('2026-11-02T12:00:00'), to: sh('2026-11-02T18:30:00') }],
        warnPercent: null,
      },
      calendar,
    );
    expect(due.dueAt).toEqual(sh('2026-11-03T15:30:00'));
  });

  it('adds the working days a pause spanned (Mon→Wed = 2), none for a pause within one day', () => {
    const base = {
      startsAt: sh('2026-11-02T09:00:00'),
      target: { unit: 'working_days', amount: 3 } as const,
      warnPercent: null,
    };
    const none = computeDue({ ...base, pauses: [] }, calendar);
    const sameDay = computeDue(
      { ...base, pauses: [{ from: sh('2026-11-02T10:00:00'), to: sh('2026-11-02T17:00:00') }] },
      calendar,
    );
    const twoDays = computeDue(
      { ...base, pauses: [{ from: sh('2026-11-02T10:00:00'), to: sh('2026-11-04T11:00:00') }] },
      calendar,
    );
    expect(none.dueAt).toEqual(at('2026-11-05T23:59:59.999+08:00'));
    expect(sameDay.dueAt).toEqual(none.dueAt);
    expect(twoDays.dueAt).toEqual(at('2026-11-09T23:59:59.999+08:00'));
  });

  it('has no due time while paused', () => {
    const due = computeDue(
      {
        startsAt: sh('2026-11-02T09:00:00'),
        target: { unit: 'hours', amount: 24 },
        pauses: [{ from: sh('2026-11-02T10:00:00'), to: null }],
        warnPercent: 80,
      },
      calendar,
    );
    expect(due).toEqual({
      dueAt: null,
      warnAt: null,
      pausedSince: sh('2026-11-02T10:00:00'),
      provisional: false,
    });
    expect(nextFireAt({ ...due, warnedAt: null })).toBeNull();
  });

  it('warns at 80% of the allowed time and fires the warning before the due time', () => {
    const due = computeDue(
      {
        startsAt: sh('2026-11-02T00:00:00'),
        target: { unit: 'hours', amount: 10 },
        pauses: [],
        warnPercent: 80,
      },
      calendar,
    );
    expect(due.warnAt).toEqual(sh('2026-11-02T08:00:00'));
    expect(nextFireAt({ ...due, warnedAt: null })).toEqual(due.warnAt);
    expect(nextFireAt({ ...due, warnedAt: sh('2026-11-02T08:00:01') })).toEqual(due.dueAt);
  });

  it('flags a due date in an unpublished year as provisional', () => {
    const due = computeDue(
      {
        startsAt: sh('2027-09-28T10:00:00'),
        target: { unit: 'working_days', amount: 5 },
        pauses: [],
        warnPercent: null,
      },
      calendar,
    );
    expect(due.provisional).toBe(true);
  });
});

describe('pausesFromHistory', () => {
  const h = (status: string, local: string) => ({ status, enteredAt: sh(local) });
  it('takes every stretch in a pausing status, merging consecutive ones, and leaves the last open', () => {
    const history = [
      h('accepted', '2026-11-02T09:00:00'),
      h('awaiting_supplement', '2026-11-02T10:00:00'),
      h('suspended', '2026-11-03T10:00:00'),
      h('investigating', '2026-11-04T10:00:00'),
      h('awaiting_supplement', '2026-11-05T10:00:00'),
    ];
    expect(
      pausesFromHistory(history, ['awaiting_supplement', 'suspended'], sh('2026-11-02T09:00:00')),
    ).toEqual([
      { from: sh('2026-11-02T10:00:00'), to: sh('2026-11-04T10:00:00') },
      { from: sh('2026-11-05T10:00:00'), to: null },
    ]);
  });

  it('ignores pauses that ended before the clock started', () => {
    const history = [h('awaiting_supplement', '2026-11-01T09:00:00'), h('accepted', '2026-11-01T12:00:00')];
    expect(pausesFromHistory(history, ['awaiting_supplement'], sh('2026-11-02T00:00:00'))).toEqual([]);
  });
});
