import type { Db } from '../../db/client.js';
import { toJsonValue } from '../../lib/canonical-json.js';
import { appendAudit } from '../audit/index.js';
import type { CaseRow } from './cases.repo.js';
import { caseEvents } from './cases.table.js';
import type { ActionContext, CaseActorRef } from './take-action.js';

export type EventVisibility = 'all' | 'claimant' | 'respondent' | 'staff';

/** Appends a timeline event and its audit event (same transaction as the change they describe). */
export async function recordCaseEvent(
  tx: Db,
  c: CaseRow,
  e: {
    action: string;
    actor: CaseActorRef;
    from: string | null;
    to: string | null;
    visibility: EventVisibility;
    details: Record<string, unknown>;
  },
  ctx: Pick<ActionContext, 'now' | 'requestId'>,
): Promise<void> {
  const details = toJsonValue(e.details) as Record<string, unknown>;
  await tx.insert(caseEvents).values({
    tenantId: c.tenantId,
    caseId: c.id,
    at: ctx.now,
    actor: { ...e.actor.snapshot, party: e.actor.kind },
    action: e.action,
    fromStage: e.from,
    toStage: e.to,
    visibility: e.visibility,
    details,
  });
  await appendAudit(
    tx,
    {
      tenantId: c.tenantId,
      actor: e.actor.snapshot,
      action: `case.${e.action}`,
      target: { type: 'case', id: c.id },
      caseId: c.id,
      summary: { from: e.from, to: e.to, version: c.version, details },
      partyVisible: e.visibility === 'all',
      requestId: ctx.requestId ?? null,
    },
    ctx.now,
  );
}
