import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem } from '../../test/app.js';
import type { TestTenant } from '../../test/factories.js';
import { testDbKinds } from '../../test/db.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { auditEvents } from '../audit/index.js';
import { deadlineEvents, openDeadline } from '../deadlines/index.js';

// A made-up 2027 notice: 国庆 2027 runs 10/1–10/7 with 9/26 (Sun) and 10/9 (Sat) as working days.
const NOTICE_2027 = {
  region: 'CN',
  year: 2027,
  source: '国务院办公厅关于2027年部分节假日安排的通知（测试）',
  days: [
    ...['2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'].map(
      (date) => ({ date, kind: 'off', name: '国庆节' }),
    ),
    { date: '2027-09-26', kind: 'work', name: '国庆节' },
    { date: '2027-10-09', kind: 'work', name: '国庆节' },
  ],
};

describe.each(testDbKinds)('calendar administration on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  beforeAll(async () => {
    t = await createTestApp(kind);
    tenant = await t.tenant();
  });
  afterAll(() => t.close());

  it('answers the public calendar API in the issue’s exact shapes', async () => {
    const add = await t.app.inject({ url: '/api/v1/calendar/add?from=2026-04-30&workingDays=1' });
    expect(add.json()).toEqual({ date: '2026-05-06', provisional: false });
    const day = await t.app.inject({ url: '/api/v1/calendar/day/2026-10-10' });
    expect(day.json()).toEqual({
      date: '2026-10-10',
      workingDay: true,
      reason: '调休上班 (国庆节)',
      provisional: false,
    });
    const bad = await t.app.inject({ url: '/api/v1/calendar/add?from=2026-04-30' });
    expect(bad.statusCode).toBe(400);
  });

  it('lets only an admin load a notice', async () => {
    const s = await t.login(tenant, 'supervisor');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/notices',
      headers: t.as(s),
      payload: { format: 'json', notice: NOTICE_2027 },
    });
    expect(res.statusCode).toBe(403);
  });

  it('loads a notice, makes the year official and recomputes the deadlines it moves, audited', async () => {
    const calendar = await t.calendars.forTenant(tenant.id);
    const deadline = await t.db.transaction((tx) =>
      openDeadline(
        tx,
        {
          tenantId: tenant.id,
          subject: { type: 'case', id: 'case_2027' },
          kind: 'decision',
          owner: 'platform',
          clause: '31huiyi §(四)',
          startsAt: new Date('2027-09-24T02:00:00Z'),
          target: { unit: 'working_days', amount: 5 },
          onBreach: 'escalate',
        },
        { actor: SYSTEM_ACTOR, now: t.clock.now(), calendar },
      ),
    );
    expect(deadline.provisional).toBe(true);
    // Provisionally (statutory 国庆 10/1–10/3 only): 9/27, 9/28, 9/29, 9/30, then Mon 10/4.
    expect(deadline.dueAt?.toISOString()).toBe('2027-10-04T15:59:59.999Z');
    const before = (
      await t.app.inject({ url: '/api/v1/calendar/day/2027-09-26', headers: t.as({ apiKey: tenant.apiKey }) })
    ).json();
    expect(before).toMatchObject({ workingDay: false, provisional: true });

    const admin = await t.login(tenant, 'admin');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/notices',
      headers: t.as(admin),
      payload: { format: 'json', notice: NOTICE_2027 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ year: 2027, deadlinesRecomputed: 1 });

    const after = (
      await t.app.inject({ url: '/api/v1/calendar/day/2027-09-26', headers: t.as(admin) })
    ).json();
    expect(after).toEqual({
      date: '2027-09-26',
      workingDay: true,
      reason: '调休上班 (国庆节)',
      provisional: false,
    });
    const events = await t.db.select().from(deadlineEvents).where(eq(deadlineEvents.deadlineId, deadline.id));
    const recomputed = events.find((e) => e.kind === 'recomputed');
    // Under the notice Sun 9/26 is a working day, so the fifth working day after Fri 9/24 is Thu 9/30.
    expect(recomputed?.details).toMatchObject({
      cause: 'holiday_notice_loaded',
      after: { provisional: false, dueAt: '2027-09-30T15:59:59.999Z' },
    });
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, tenant.id), eq(auditEvents.action, 'calendar.notice_loaded')));
    expect(audit).toHaveLength(1);
  });

  it('rejects a malformed notice with field errors and loses nothing', async () => {
    const admin = await t.login(tenant, 'admin');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/notices',
      headers: t.as(admin),
      payload: {
        format: 'json',
        notice: { ...NOTICE_2027, days: [{ date: '2027-13-01', kind: 'off', name: 'x' }] },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(problem(res).code).toBe('VALIDATION_FAILED');
  });

  it('applies tenant closures at once and records the change', async () => {
    const admin = await t.login(tenant, 'admin');
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/calendar/settings',
      headers: t.as(admin),
      payload: { closures: [{ date: '2026-12-24', name: '年终盘点' }] },
    });
    expect(res.statusCode).toBe(200);
    const day = (await t.app.inject({ url: '/api/v1/calendar/day/2026-12-24', headers: t.as(admin) })).json();
    expect(day).toMatchObject({ workingDay: false, reason: '年终盘点' });
    const anonymous = (await t.app.inject({ url: '/api/v1/calendar/day/2026-12-24' })).json();
    expect(anonymous).toMatchObject({ workingDay: true });
  });
});
