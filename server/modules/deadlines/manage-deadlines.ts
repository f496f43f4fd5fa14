import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { together } from '../../db/json-rows.js';
import { DomainError } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { appendAudit, type ActorSnapshot, type AuditInput, type TimedAuditInput } from '../audit/index.js';
import type { WorkCalendar } from '../calendar/index.js';
import { computeDue, nextFireAt, pausesFromHistory } from './deadline-rules.js';
import {
  deadlinesWithEventsInserts,
  findDeadline,
  insertDeadlineEvents,
  lockPendingForSubject,
  statusHistory,
  type DeadlineRow,
} from './deadlines.repo.js';
import { deadlines, subjectStatuses, type DeadlineTarget } from './deadlines.table.js';

/** What happens when a deadline passes (PRODUCT.md lifecycle; the subject's module carries it out). */
export const BREACH_ACTIONS = [
  'auto_close',
  'hand_to_platform',
  'default_decision',
  'escalate',
  'notify',
] as const;
export type BreachAction = (typeof BREACH_ACTIONS)[number];
/** Who must act before the deadline. A platform deadline breached is the platform's own failure, recorded as such. */
export type DeadlineOwner = 'platform' | 'claimant' | 'respondent';

export type OpenDeadlineInput = {
  tenantId: string;
  subject: { type: string; id: string };
  kind: string;
  owner: DeadlineOwner;
  clause: string;
  startsAt: Date;
  target: DeadlineTarget;
  pauseStatuses?: string[];
  warnPercent?: number | null;
  onBreach: BreachAction;
};

type Ctx = { actor: ActorSnapshot; now: Date; calendar: WorkCalendar; requestId?: string };

function recomputed(
  d: Pick<DeadlineRow, 'startsAt' | 'target' | 'pauseStatuses' | 'warnPercent' | 'warnedAt'>,
  history: { status: string; enteredAt: Date }[],
  calendar: WorkCalendar,
) {
  const pauses = pausesFromHistory(history, d.pauseStatuses, d.startsAt);
  const due = computeDue(
    { startsAt: d.startsAt, target: d.target, pauses, warnPercent: d.warnPercent },
    calendar,
  );
  return { ...due, nextFireAt: nextFireAt({ ...due, warnedAt: d.warnedAt }) };
}

function audit(
  tx: Db,
  d: DeadlineRow,
  action: string,
  ctx: Pick<Ctx, 'actor' | 'now' | 'requestId'>,
  summary: Record<string, unknown>,
) {
  return appendAudit(tx, auditInputOf(d, action, ctx, summary), ctx.now);
}

function auditInputOf(
  d: DeadlineRow,
  action: string,
  ctx: Pick<Ctx, 'actor' | 'requestId'>,
  summary: Record<string, unknown>,
): AuditInput {
  return {
    tenantId: d.tenantId,
    actor: ctx.actor,
    action,
    target: { type: 'deadline', id: d.id },
    caseId: d.subjectType === 'case' ? d.subjectId : null,
    summary: { kind: d.kind, owner: d.owner, clause: d.clause, ...summary },
    partyVisible: d.owner !== 'platform',
    requestId: ctx.requestId ?? null,
  };
}

/** Opens a deadline inside the caller's transaction, its due time computed from the subject's history. */
export async function openDeadline(tx: Db, input: OpenDeadlineInput, ctx: Ctx): Promise<DeadlineRow> {
  const history = await statusHistory(tx, input.tenantId, input.subject.type, input.subject.id);
  const [d] = (await insertOpened(tx, [{ input, history, ctx }])) as [DeadlineRow];
  return d;
}

/** A subject that did not exist before this transaction, with its first status and first deadlines. */
export type NewSubject = {
  tenantId: string;
  type: string;
  id: string;
  status: string;
  deadlines: OpenDeadlineInput[];
  ctx: Ctx;
};

/**
 * Records the first status of brand-new subjects and opens their first deadlines, for many subjects at once
 * (statuses, deadlines and their `opened` events in one statement). Each due time is computed from the
 * subject's whole history — its first status — so there is nothing to recompute afterwards; returns each
 * subject's deadlines, in input order.
 */
export async function startSubjects(tx: Db, subjects: NewSubject[]): Promise<DeadlineRow[][]> {
  if (subjects.length === 0) return [];
  const writes = startSubjectsWrites(subjects);
  await runWrites(tx, writes);
  return writes.deadlines;
}

type Writes = { inserts: SQL[]; audit: TimedAuditInput[] };

/**
 * What {@link startSubjects} writes, built but not run: each subject's deadlines (input order), the INSERTs
 * (statuses, deadlines and their `opened` events) and the audit events — for a caller that writes them in a
 * larger statement of its own (intake's group commit writes a whole batch in one).
 */
export function startSubjectsWrites(subjects: NewSubject[]): Writes & { deadlines: DeadlineRow[][] } {
  const entries = subjects.flatMap((s) =>
    s.deadlines.map((input) => ({
      input,
      history: [{ status: s.status, enteredAt: s.ctx.now }],
      ctx: s.ctx,
    })),
  );
  const { rows, inserts, audit } = openedWrites(
    entries,
    subjects.map((s) => ({
      tenantId: s.tenantId,
      subjectType: s.type,
      subjectId: s.id,
      status: s.status,
      enteredAt: s.ctx.now,
    })),
  );
  let at = 0;
  const deadlinesOf = subjects.map((s) => {
    const mine = rows.slice(at, at + s.deadlines.length);
    at += s.deadlines.length;
    return mine;
  });
  return { deadlines: deadlinesOf, inserts, audit };
}

type OpenedEntry = { input: OpenDeadlineInput; history: { status: string; enteredAt: Date }[]; ctx: Ctx };

/** Inserts opened deadlines with their `opened` events and audit events; rows in input order. */
async function insertOpened(tx: Db, entries: OpenedEntry[]): Promise<DeadlineRow[]> {
  const writes = openedWrites(entries);
  await runWrites(tx, writes);
  return writes.rows;
}

/**
 * New deadlines built but not written: the rows (every column given, so they are exactly what is stored and
 * need not be read back), the INSERTs of them, their `opened` events and `statuses`, and their audit events.
 */
function openedWrites(
  entries: OpenedEntry[],
  statuses: (typeof subjectStatuses.$inferInsert)[] = [],
): Writes & { rows: DeadlineRow[] } {
  const rows = openedRows(entries);
  const inserts = deadlinesWithEventsInserts(
    rows.map((d, i) => ({ d, at: entries[i]!.ctx.now, details: { target: entries[i]!.input.target } })),
    statuses,
  );
  const audit = rows.map((d, i) => ({
    input: auditInputOf(d, 'deadline.opened', entries[i]!.ctx, {
      dueAt: d.dueAt,
      provisional: d.provisional,
      target: d.target,
    }),
    at: entries[i]!.ctx.now,
  }));
  return { rows, inserts, audit };
}

/** Runs built writes in the caller's transaction: the INSERTs as one statement, then the audit events. */
async function runWrites(tx: Db, { inserts, audit }: Writes): Promise<void> {
  const statement = together(inserts);
  if (statement) await tx.execute(statement);
  for (const { input, at } of audit) await appendAudit(tx, input, at);
}

/** New deadline rows, each due time computed from its subject's history. */
function openedRows(entries: OpenedEntry[]): DeadlineRow[] {
  return entries.map(({ input, history, ctx }): DeadlineRow => {
    if (!Number.isInteger(input.target.amount) || input.target.amount < 0) {
      throw new DomainError('UNPROCESSABLE', {
        message: `deadline target must be a whole non-negative amount`,
      });
    }
    const base = {
      startsAt: input.startsAt,
      target: input.target,
      pauseStatuses: input.pauseStatuses ?? [],
      warnPercent: input.warnPercent === undefined ? 80 : input.warnPercent,
      warnedAt: null,
    };
    const due = recomputed(base, history, ctx.calendar);
    return {
      id: newId('dl', ctx.now.getTime()),
      tenantId: input.tenantId,
      subjectType: input.subject.type,
      subjectId: input.subject.id,
      kind: input.kind,
      owner: input.owner,
      clause: input.clause,
      ...base,
      onBreach: input.onBreach,
      dueAt: due.dueAt,
      warnAt: due.warnAt,
      pausedSince: due.pausedSince,
      provisional: due.provisional,
      nextFireAt: due.nextFireAt,
      status: 'pending',
      settledAt: null,
      attempts: 0,
      lastError: null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
  });
}

/**
 * Records a subject's new status and, in the same transaction, recomputes the due time of each of its pending
 * deadlines (a pausing status stops their clocks; leaving it restarts them, later by the time paused).
 */
export async function recordSubjectStatus(
  tx: Db,
  subject: { tenantId: string; type: string; id: string; status: string },
  ctx: Ctx,
): Promise<DeadlineRow[]> {
  await tx.insert(subjectStatuses).values({
    tenantId: subject.tenantId,
    subjectType: subject.type,
    subjectId: subject.id,
    status: subject.status,
    enteredAt: ctx.now,
  });
  const pending = await lockPendingForSubject(tx, subject.tenantId, subject.type, subject.id);
  if (pending.length === 0) return [];
  const history = await statusHistory(tx, subject.tenantId, subject.type, subject.id);
  return recomputeDeadlines(tx, pending, history, ctx, { status: subject.status });
}

/** Recomputes the given (locked, pending) deadlines of one subject and records each change. */
export async function recomputeDeadlines(
  tx: Db,
  pending: DeadlineRow[],
  history: { status: string; enteredAt: Date }[],
  ctx: Ctx,
  reason: Record<string, unknown>,
): Promise<DeadlineRow[]> {
  const changed: DeadlineRow[] = [];
  for (const d of pending) {
    const due = recomputed(d, history, ctx.calendar);
    const same =
      due.dueAt?.getTime() === d.dueAt?.getTime() &&
      due.pausedSince?.getTime() === d.pausedSince?.getTime() &&
      due.provisional === d.provisional;
    if (same) continue;
    const [row] = (await tx
      .update(deadlines)
      .set({
        dueAt: due.dueAt,
        warnAt: due.warnAt,
        pausedSince: due.pausedSince,
        provisional: due.provisional,
        nextFireAt: due.nextFireAt,
        updatedAt: ctx.now,
      })
      .where(eq(deadlines.id, d.id))
      .returning()) as [DeadlineRow];
    const details = {
      ...reason,
      before: { dueAt: d.dueAt, provisional: d.provisional },
      after: { dueAt: row.dueAt, pausedSince: row.pausedSince, provisional: row.provisional },
    };
    await insertDeadlineEvents(tx, [{ d: row, kind: 'recomputed', at: ctx.now, details }]);
    await audit(tx, row, 'deadline.recomputed', ctx, details);
    changed.push(row);
  }
  return changed;
}

/**
 * Closes a pending deadline: `met` when the owner acted in time, `cancelled` when it no longer applies (the
 * case was withdrawn). A deadline already breached stays breached. @throws NOT_FOUND, INVALID_TRANSITION
 */
export async function settleDeadline(
  tx: Db,
  tenantId: string,
  id: string,
  outcome: 'met' | 'cancelled',
  ctx: Pick<Ctx, 'actor' | 'now' | 'requestId'>,
): Promise<DeadlineRow> {
  const current = await findDeadline(tx, tenantId, id);
  if (!current) throw new DomainError('NOT_FOUND', { message: `no deadline ${id}` });
  const refuse = (status: string) =>
    new DomainError('INVALID_TRANSITION', {
      message: `deadline ${id} is ${status}, not pending`,
      extra: { status },
    });
  if (current.status !== 'pending') throw refuse(current.status);
  // Conditional on still pending: a sweep that breached it a moment ago wins, and we say so.
  const [d] = await tx
    .update(deadlines)
    .set({ status: outcome, settledAt: ctx.now, nextFireAt: null, updatedAt: ctx.now })
    .where(and(eq(deadlines.id, id), eq(deadlines.status, 'pending')))
    .returning();
  if (!d) throw refuse('breached');
  await insertDeadlineEvents(tx, [{ d, kind: outcome, at: ctx.now, details: {} }]);
  await audit(tx, d, `deadline.${outcome}`, ctx, { dueAt: d.dueAt });
  return d;
}

/**
 * Recomputes a tenant's pending deadlines after its calendar changed (a notice loaded, closures edited), in
 * the caller's transaction, each change recorded. `fromYear` limits it to deadlines that can touch that year
 * or later (and every provisional one).
 */
export async function recomputePendingForTenant(
  tx: Db,
  tenantId: string,
  ctx: Ctx,
  reason: Record<string, unknown>,
  fromYear?: number,
): Promise<number> {
  const yearFilter =
    fromYear === undefined
      ? sql`true`
      : sql`(${deadlines.provisional} or ${deadlines.dueAt} is null or ${deadlines.dueAt} >= ${new Date(Date.UTC(fromYear - 1, 11, 31, 16))})`;
  const pending = await tx
    .select()
    .from(deadlines)
    .where(and(eq(deadlines.tenantId, tenantId), eq(deadlines.status, 'pending'), yearFilter))
    .for('update');
  const bySubject = new Map<string, DeadlineRow[]>();
  for (const d of pending) {
    const key = `${d.subjectType}\u0000${d.subjectId}`;
    bySubject.set(key, [...(bySubject.get(key) ?? []), d]);
  }
  let changed = 0;
  for (const rows of bySubject.values()) {
    const first = rows[0]!;
    const history = await statusHistory(tx, tenantId, first.subjectType, first.subjectId);
    changed += (await recomputeDeadlines(tx, rows, history, ctx, reason)).length;
  }
  return changed;
}
