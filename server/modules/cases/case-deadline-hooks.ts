import type { Db } from '../../db/client.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import type { CalendarService } from '../calendar/calendar-service.js';
import type { BreachHooks, DeadlineRow } from '../deadlines/index.js';
import { check, type Action } from './case-lifecycle.js';
import type { CasePolicy } from './case-policy.js';
import type { Stage } from './case-stages.js';
import { lockCase, type CaseRow } from './cases.repo.js';
import { applyAction, viewOf } from './take-action.js';
import { expireEvidenceRequest } from './evidence-requests.js';
import { POLICE_KIND } from './case-deadlines.js';

const SYSTEM = { kind: 'system' as const, userId: null, snapshot: SYSTEM_ACTOR };

/**
 * What passing a step's deadline does to a case (the policy window's `onExpiry`): merchant silence, an
 * unanswered supplement request, an expired mediation, a closed appeal window, missing court/police proof.
 * Runs inside the sweep's firing transaction, so the breach record and the case change commit together. A
 * case that has meanwhile moved on is left alone (the action no longer fits its stage).
 */
export function caseBreachHooks(calendars: CalendarService): BreachHooks {
  const run = async (tx: Db, rows: DeadlineRow[], now: Date) => {
    for (const d of rows) {
      if (d.subjectType !== 'case') continue;
      const c = await lockCase(tx, d.tenantId, d.subjectId);
      if (!c) continue;
      if (d.kind === 'evidence_request') {
        await expireEvidenceRequest(tx, c, d.id, now);
        continue;
      }
      const action = expiryAction(c, d.kind);
      if (!action || !check(viewOf(c), action, SYSTEM).ok) continue;
      await applyAction(
        tx,
        c,
        action,
        SYSTEM,
        {},
        { now, calendar: await calendars.forTenant(d.tenantId, tx) },
      );
    }
  };
  return { default_decision: run, auto_close: run, hand_to_platform: run };
}

/** The lifecycle action that a passed deadline of `kind` triggers for the case as it is now, if any. */
function expiryAction(c: CaseRow, kind: string): Action | null {
  if (kind === POLICE_KIND) return 'police_no_conclusion';
  // Only the window of the stage the case is still in: a step the case has left no longer applies.
  const stageWindow = (c.policy as unknown as CasePolicy).windows[c.stage as Stage];
  return stageWindow?.kind === kind ? stageWindow.onExpiry : null;
}
