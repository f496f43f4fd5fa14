import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/client.js';
import { queryRows } from '../../db/client.js';
import { newId } from '../../lib/ids.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { verifyAuditChain } from '../audit/index.js';
import { buildWorkCalendar } from '../calendar/index.js';
import { jobs } from '../jobs/jobs.table.js';
import { insertTenant } from '../tenants/tenants.repo.js';
import { createTestDatabase, testDbKinds } from '../../test/db.js';
import {
  openDeadline,
  recordSubjectStatus,
  settleDeadline,
  startSubjects,
  type OpenDeadlineInput,
} from './manage-deadlines.js';
import { listDeadlinesOfSubject, statusHistory, type DeadlineRow } from './deadlines.repo.js';
import { sweepDeadlines } from './sweep-deadlines.js';
import { deadlineEvents, deadlines } from './deadlines.table.js';

const calendar = buildWorkCalendar();
const T0 = new Date('2026-11-02T01:00:00Z'); // Monday 09:00 Asia/Shanghai
const HOUR = 3_600_000;

describe.each(testDbKinds)('deadline engine on %s', (kind) => {
  let database: Database;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.db;
  });
  afterAll(() => database.close());

  async function tenant(): Promise<string> {
    const id = newId('ten');
    await insertTenant(db, { id, slug: id, name: id });
    return id;
  }

  const input = (
    tenantId: string,
    subjectId: string,
    over: Partial<OpenDeadlineInput> = {},
  ): OpenDeadlineInput => ({
    tenantId,
    subject: { type: 'case', id: subjectId },
    kind: 'respondent_reply',
    owner: 'respondent',
    clause: 'koubei §15',
    startsAt: T0,
    target: { unit: 'hours', amount: 10 },
    pauseStatuses: ['awaiting_claimant'],
    onBreach: 'hand_to_platform',
    ...over,
  });
  const ctx = (now: Date) => ({ actor: SYSTEM_ACTOR, now, calendar });

  async function open(tenantId: string, subjectId: string, over: Partial<OpenDeadlineInput> = {}) {
    return db.transaction((tx) => openDeadline(tx, input(tenantId, subjectId, over), ctx(T0)));
  }

  async function eventsOf(id: string) {
    const rows = await db.select().from(deadlineEvents).where(eq(deadlineEvents.deadlineId, id));
    return rows.map((e) => e.kind);
  }

  it('warns at 80%, then records the breach exactly once however often it sweeps', async () => {
    const tenantId = await tenant();
    const d = await open(tenantId, 'case_a');
    expect(d.dueAt).toEqual(new Date(T0.getTime() + 10 * HOUR));
    expect((await sweepDeadlines(db, { now: () => new Date(T0.getTime() + 7 * HOUR) })).warned).toBe(0);
    const warn = await sweepDeadlines(db, { now: () => new Date(T0.getTime() + 8 * HOUR) });
    expect(warn).toMatchObject({ warned: 1, breached: 0 });
    expect((await sweepDeadlines(db, { now: () => new Date(T0.getTime() + 9 * HOUR) })).warned).toBe(0);
    const late = () => new Date(T0.getTime() + 10 * HOUR + 1500);
    const breach = await sweepDeadlines(db, { now: late });
    expect(breach).toMatchObject({ breached: 1, lagMs: [1500] });
    expect((await sweepDeadlines(db, { now: late })).breached).toBe(0);
    expect(await eventsOf(d.id)).toEqual(['opened', 'warned', 'breached']);
    const queued = await db.select().from(jobs).where(eq(jobs.tenantId, tenantId));
    expect(queued.map((j) => j.kind).sort()).toEqual(['deadline.breached', 'deadline.warning']);
    expect((await verifyAuditChain(db, { tenantId })).ok).toBe(true);
  });

  it('pauses while the subject waits on a party and resumes later by the time paused', async () => {
    const tenantId = await tenant();
    const d = await open(tenantId, 'case_p');
    const paused = await db.transaction((tx) =>
      recordSubjectStatus(
        tx,
        { tenantId, type: 'case', id: 'case_p', status: 'awaiting_claimant' },
        ctx(new Date(T0.getTime() + 2 * HOUR)),
      ),
    );
    expect(paused[0]).toMatchObject({ dueAt: null, nextFireAt: null });
    // While paused nothing fires, however late it is.
    expect((await sweepDeadlines(db, { now: () => new Date(T0.getTime() + 48 * HOUR) })).breached).toBe(0);
    const resumed = await db.transaction((tx) =>
      recordSubjectStatus(
        tx,
        { tenantId, type: 'case', id: 'case_p', status: 'investigating' },
        ctx(new Date(T0.getTime() + 5 * HOUR)),
      ),
    );
    expect(resumed[0]!.dueAt).toEqual(new Date(T0.getTime() + 13 * HOUR));
    expect(await eventsOf(d.id)).toEqual(['opened', 'recomputed', 'recomputed']);
  });

  it('starts new subjects with their first status, deadlines and opened events, exactly as returned', async () => {
    const tenantId = await tenant();
    const started = await db.transaction((tx) =>
      startSubjects(tx, [
        {
          tenantId,
          type: 'case',
          id: 'case_s1',
          status: 'investigating',
          deadlines: [
            input(tenantId, 'case_s1'),
            input(tenantId, 'case_s1', { kind: 'handling', target: { unit: 'calendar_days', amount: 3 } }),
          ],
          ctx: ctx(T0),
        },
        { tenantId, type: 'case', id: 'case_s2', status: 'awaiting_claimant', deadlines: [], ctx: ctx(T0) },
      ]),
    );
    expect(started.map((ds) => ds.map((d) => d.kind))).toEqual([['respondent_reply', 'handling'], []]);
    const [reply] = started[0]!;
    expect(reply!.dueAt).toEqual(new Date(T0.getTime() + 10 * HOUR));
    const stored = await listDeadlinesOfSubject(db, tenantId, 'case', 'case_s1');
    const byId = (rows: DeadlineRow[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(stored)).toEqual(byId(started[0]!));
    for (const d of started[0]!) {
      const [opened] = await db.select().from(deadlineEvents).where(eq(deadlineEvents.deadlineId, d.id));
      expect(opened).toMatchObject({ kind: 'opened', at: T0, dueAt: d.dueAt, details: { target: d.target } });
    }
    for (const [id, status] of [
      ['case_s1', 'investigating'],
      ['case_s2', 'awaiting_claimant'],
    ] as const) {
      expect(await statusHistory(db, tenantId, 'case', id)).toEqual([{ status, enteredAt: T0 }]);
    }
    expect((await verifyAuditChain(db, { tenantId })).events).toBe(2);
  });

  it('does not fire a deadline that was met, and refuses to settle one twice', async () => {
    const tenantId = await tenant();
    const d = await open(tenantId, 'case_m');
    await db.transaction((tx) =>
      settleDeadline(tx, tenantId, d.id, 'met', ctx(new Date(T0.getTime() + HOUR))),
    );
    await sweepDeadlines(db, { now: () => new Date(T0.getTime() + 20 * HOUR) });
    expect(await eventsOf(d.id)).toEqual(['opened', 'met']);
    await expect(
      db.transaction((tx) => settleDeadline(tx, tenantId, d.id, 'cancelled', ctx(T0))),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('rolls back a failing hook, records the failure and retries with backoff, firing once in the end', async () => {
    const tenantId = await tenant();
    const good = await open(tenantId, 'case_g');
    const bad = await open(tenantId, 'case_b', { onBreach: 'auto_close' });
    let calls = 0;
    let failing = true;
    const effects: string[] = [];
    const hooks = {
      auto_close: async (tx: Db, rows: { subjectId: string }[]) => {
        calls += 1;
        if (failing) throw new Error('case store unavailable');
        effects.push(...rows.map((r) => r.subjectId));
        await tx.execute(sql`select 1`);
      },
    };
    const due = new Date(T0.getTime() + 11 * HOUR);
    const first = await sweepDeadlines(db, { now: () => due, hooks });
    expect(first).toMatchObject({ breached: 1, failed: 1 });
    const [badRow] = await db.select().from(deadlines).where(eq(deadlines.id, bad.id));
    expect(badRow).toMatchObject({ status: 'pending', attempts: 1, lastError: 'case store unavailable' });
    expect(badRow!.nextFireAt).toEqual(new Date(due.getTime() + 10_000));
    expect(await eventsOf(bad.id)).toEqual(['opened', 'fire_failed']);
    expect(await eventsOf(good.id)).toEqual(['opened', 'breached']);
    // Before the backoff has passed, nothing is retried.
    expect((await sweepDeadlines(db, { now: () => new Date(due.getTime() + 5_000), hooks })).failed).toBe(0);
    failing = false;
    const retry = await sweepDeadlines(db, { now: () => new Date(due.getTime() + 10_000), hooks });
    expect(retry).toMatchObject({ breached: 1, failed: 0 });
    expect(effects).toEqual(['case_b']);
    expect(await eventsOf(bad.id)).toEqual(['opened', 'fire_failed', 'breached']);
    expect(calls).toBe(3);
  });

  it('fires each of many deadlines exactly once under concurrent sweeps', async () => {
    const tenantId = await tenant();
    const count = 300;
    await db.transaction(async (tx) => {
      for (let i = 0; i < count; i++)
        await openDeadline(tx, input(tenantId, `case_c${i}`, { warnPercent: null }), ctx(T0));
    });
    const now = () => new Date(T0.getTime() + 11 * HOUR);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => sweepDeadlines(db, { now, batchSize: 25 })),
    );
    expect(results.reduce((n, r) => n + r.breached, 0)).toBe(count);
    const [row] = await queryRows<{ breached: number; distinct: number }>(
      db,
      sql`select count(*)::int as breached, count(distinct deadline_id)::int as distinct from deadline_events where tenant_id = ${tenantId} and kind = 'breached'`,
    );
    expect(row).toEqual({ breached: count, distinct: count });
    const queued = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.tenantId, tenantId), eq(jobs.kind, 'deadline.breached')));
    expect(queued).toHaveLength(count);
    expect((await verifyAuditChain(db, { tenantId })).ok).toBe(true);
  });

  it('keeps deadline events append-only', async () => {
    const tenantId = await tenant();
    const d = await open(tenantId, 'case_x');
    await expect(db.execute(sql`delete from deadline_events where deadline_id = ${d.id}`)).rejects.toThrow();
  });
});
