import type { CaseActorRef } from '../modules/cases/take-action.js';

/** A demo consumer acting on their own case. */
export function claimantActor(user: { id: string; displayName: string }): CaseActorRef {
  return {
    kind: 'claimant',
    userId: user.id,
    snapshot: { type: 'user', id: user.id, role: 'consumer', name: user.displayName },
  };
}
