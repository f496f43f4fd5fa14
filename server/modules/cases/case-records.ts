import { sql, type SQL } from 'drizzle-orm';
import { insertRowsSql } from '../../db/json-rows.js';
import { queryRows, type Db } from '../../db/client.js';
import { toJsonValue } from '../../lib/canonical-json.js';
import { appendAudit, type TimedAuditInput } from '../audit/index.js';
import type { CaseEventRow, CaseRow } from './cases.repo.js';
import { caseEvents } from './cases.table.js';
import type { ActionContext, CaseActorRef } from './take-action.js';

export type EventVisibility = 'all' | 'claimant' | 'respondent' | 'staff';

export type CaseEventInput = {
  action: string;
  actor: CaseActorRef;
  from: string | null;
  to: string | null;
  visibility: EventVisibility;
  details: Record<string, unknown>;
};

/** Appends a timeline event and its audit event (same transaction as the change they describe). */
export async function recordCaseEvent(
  tx: Db,
  c: Pick<CaseRow, 'tenantId' | 'id' | 'version'>,
  e: CaseEventInput,
  ctx: Pick<ActionContext, 'now' | 'requestId'>,
): Promise<void> {
  await recordCaseEvents(tx, [{ c, e, ctx }]);
}

type EventEntry = {
  c: Pick<CaseRow, 'tenantId' | 'id' | 'version'>;
  e: CaseEventInput;
  ctx: Pick<ActionContext, 'now' | 'requestId'>;
};

/** {@link recordCaseEvent} for several cases at once (one multi-row insert); the rows in input order. */
export async function recordCaseEvents(tx: Db, entries: EventEntry[]): Promise<CaseEventRow[]> {
  if (entries.length === 0) return [];
  const writes = caseEventWrites(entries);
  // The ids are drawn from the sequence row by row, in the order the rows are given.
  const ids = (await queryRows<{ id: string | number }>(tx, writes.insert))
    .map((r) => BigInt(r.id))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const { input, at } of writes.audit) await appendAudit(tx, input, at);
  return writes.rows.map((row, i): CaseEventRow => ({ ...row, id: ids[i]! }));
}

/**
 * What {@link recordCaseEvents} writes, built but not run: the rows (without their ids), the INSERT (returning
 * `id` and `case_id`) and the audit events — for a caller that writes them in a larger statement of its own.
 */
export function caseEventWrites(entries: EventEntry[]): {
  rows: Omit<CaseEventRow, 'id'>[];
  insert: SQL;
  audit: TimedAuditInput[];
} {
  const rows = entries.map(({ c, e, ctx }) => ({
    tenantId: c.tenantId,
    caseId: c.id,
    at: ctx.now,
    actor: { ...e.actor.snapshot, party: e.actor.kind },
    action: e.action,
    fromStage: e.from,
    toStage: e.to,
    visibility: e.visibility,
    details: toJsonValue(e.details) as Record<string, unknown>,
  }));
  const audit = entries.map(({ c, e, ctx }, i) => ({
    input: {
      tenantId: c.tenantId,
      actor: e.actor.snapshot,
      action: `case.${e.action}`,
      target: { type: 'case', id: c.id },
      caseId: c.id,
      summary: { from: e.from, to: e.to, version: c.version, details: rows[i]!.details },
      partyVisible: e.visibility === 'all',
      requestId: ctx.requestId ?? null,
    },
    at: ctx.now,
  }));
  const insert = sql`${insertRowsSql(caseEvents, rows)} returning id, case_id`;
  return { rows, insert, audit };
}
