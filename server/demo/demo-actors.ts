import type { Db } from '../db/client.js';
import type { Action } from '../modules/cases/case-lifecycle.js';
import { ACTION_PAYLOADS } from '../modules/cases/case-schemas.js';
import { lockCase, type CaseRow } from '../modules/cases/cases.repo.js';
import { applyAction, type ActionContext, type CaseActorRef } from '../modules/cases/take-action.js';

/** A demo consumer acting on their own case. */
export function claimantActor(user: { id: string; displayName: string }): CaseActorRef {
  return {
    kind: 'claimant',
    userId: user.id,
    snapshot: { type: 'user', id: user.id, role: 'consumer', name: user.displayName },
  };
}

/**
 * Takes a case action as the demo's story says, through the same payload schema the HTTP route parses
 * (so amounts are bigints and a misspelt field fails the seeding instead of being ignored).
 */
export async function actOnDemoCase(
  tx: Db,
  tenantId: string,
  caseId: string,
  action: Action,
  actor: CaseActorRef,
  payload: Record<string, unknown>,
  ctx: ActionContext,
): Promise<CaseRow> {
  // As it would arrive over the wire: bigints as decimal strings.
  const wire: unknown = JSON.parse(
    JSON.stringify(payload, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
  );
  const parsed: Record<string, unknown> = ACTION_PAYLOADS[action].strict().parse(wire);
  return applyAction(tx, (await lockCase(tx, tenantId, caseId))!, action, actor, parsed, ctx);
}
