import type { ActorRole } from '../../../common/roles.js';
import { roleOf, actorOf, type Principal } from '../accounts/principal.js';
import type { CaseActor } from './case-stages.js';
import type { CaseRow } from './cases.repo.js';
import type { CaseActorRef } from './take-action.js';

/** How a principal relates to a case: a party, staff, the integration, or a stranger (who gets 404). */
export type CaseViewer = { kind: CaseActor | 'integration' | 'admin'; role: ActorRole } | null;

/** Decides who the principal is to this case. Strangers — another consumer, another merchant — get null. */
export function viewerOf(p: Principal, c: Pick<CaseRow, 'claimantId' | 'respondentMerchantId'>): CaseViewer {
  const role = roleOf(p);
  if (p.kind === 'api_key') return { kind: 'integration', role };
  switch (p.role) {
    case 'consumer':
      return p.userId === c.claimantId ? { kind: 'claimant', role } : null;
    case 'merchant':
      return p.merchantId !== null && p.merchantId === c.respondentMerchantId
        ? { kind: 'respondent', role }
        : null;
    case 'admin':
      return { kind: 'admin', role };
    case 'agent':
    case 'handler':
    case 'reviewer':
    case 'supervisor':
      return { kind: p.role, role };
  }
}

/** Whether the principal sees every case of its tenant as staff (whichever case: no party relation needed). */
export function isStaffPrincipal(p: Principal): boolean {
  return p.kind === 'user' && p.role !== 'consumer' && p.role !== 'merchant';
}

/** Whether the viewer sees a case as a party (claimant, respondent, or the integration acting for them), not as staff. */
export function isPartyViewer(viewer: NonNullable<CaseViewer>): boolean {
  return viewer.kind === 'claimant' || viewer.kind === 'respondent' || viewer.kind === 'integration';
}

/** The lifecycle actor for a viewer who may act (integrations and admins only read). */
export function actorRefOf(p: Principal, viewer: NonNullable<CaseViewer>): CaseActorRef | null {
  if (viewer.kind === 'integration' || viewer.kind === 'admin') return null;
  return { kind: viewer.kind, userId: p.kind === 'user' ? p.userId : null, snapshot: actorOf(p) };
}

/** Which timeline and message visibilities a viewer may read. Parties never see internal notes. */
export function visibleTo(viewer: NonNullable<CaseViewer>): Set<string> {
  switch (viewer.kind) {
    case 'claimant':
      return new Set(['all', 'claimant']);
    case 'respondent':
      return new Set(['all', 'respondent']);
    case 'integration':
      return new Set(['all']);
    default:
      return new Set(['all', 'claimant', 'respondent', 'staff']);
  }
}

/** Which message visibilities an author may choose. */
export function mayPostWith(viewer: NonNullable<CaseViewer>, visibility: string): boolean {
  if (viewer.kind === 'claimant') return visibility === 'all' || visibility === 'claimant';
  if (viewer.kind === 'respondent') return visibility === 'all' || visibility === 'respondent';
  if (viewer.kind === 'integration') return false;
  return true;
}
