import type { ActorRole } from '../../../common/roles.js';

/**
 * Who may do what — decided here and nowhere else. Pure functions: given a role (and for scoped actions, the
 * viewer's relation to the resource) return allow or deny with a reason. Routes call `authorize`; the web
 * receives the allowed action list so it shows only what will work.
 */
export const ACTIONS = [
  'order:upsert',
  'order:read',
  'event:upsert',
  'event:read',
  'merchant:upsert',
  'merchant:read',
  'consumer:upsert',
  'consumer:lookup',
  'consumer:read-pii',
  'user:manage',
  'apikey:manage',
  'tenant:read',
  'audit:read',
  'audit:verify',
  'calendar:manage',
  'policy:read',
  'policy:publish',
  'report:read',
  'case:file',
  'case:file-for-caller',
  'case:read',
  'case:respond',
  'case:accept',
  'case:investigate',
  'case:internal-note',
  'case:decide',
  'case:review-appeal',
  'money:read',
  'money:top-up',
  'money:compensate',
  'money:freeze',
  'fund:read',
  'fund:write-off',
  'money:withdraw',
  'refund:mass',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Whether a role may perform an action at all, and if so on which resources. */
export type Grant = 'all' | 'own' | 'none';

const ALL_STAFF = { agent: 'all', handler: 'all', reviewer: 'all', supervisor: 'all', admin: 'all' } as const;

/** The matrix. Rows absent for a role mean `none`. `own` = only resources the principal is a party to. */
const MATRIX: Record<Action, Partial<Record<ActorRole, Grant>>> = {
  'order:upsert': { integration: 'all', admin: 'all' },
  'order:read': { consumer: 'own', merchant: 'own', integration: 'all', ...ALL_STAFF },
  'event:upsert': { integration: 'all', admin: 'all' },
  'event:read': { consumer: 'all', merchant: 'all', integration: 'all', ...ALL_STAFF },
  'merchant:upsert': { integration: 'all', admin: 'all' },
  'merchant:read': { merchant: 'own', integration: 'all', ...ALL_STAFF },
  'consumer:upsert': { integration: 'all', agent: 'all', admin: 'all' },
  'consumer:lookup': { agent: 'all', handler: 'all', supervisor: 'all', admin: 'all' },
  'consumer:read-pii': { consumer: 'own', agent: 'all', handler: 'all', supervisor: 'all', admin: 'all' },
  'user:manage': { admin: 'all' },
  'apikey:manage': { admin: 'all' },
  'tenant:read': { supervisor: 'all', admin: 'all' },
  'audit:read': { supervisor: 'all', admin: 'all' },
  'audit:verify': { admin: 'all' },
  'calendar:manage': { admin: 'all' },
  'policy:read': { ...ALL_STAFF },
  'policy:publish': { admin: 'all' },
  'report:read': { supervisor: 'all', admin: 'all' },
  'case:file': { consumer: 'own', integration: 'all', agent: 'all' },
  'case:file-for-caller': { agent: 'all', integration: 'all' },
  'case:read': { consumer: 'own', merchant: 'own', integration: 'all', ...ALL_STAFF },
  'case:respond': { consumer: 'own', merchant: 'own' },
  'case:accept': { agent: 'all', handler: 'all', supervisor: 'all' },
  'case:investigate': { handler: 'all', supervisor: 'all' },
  'case:internal-note': { ...ALL_STAFF },
  'case:decide': { handler: 'all', supervisor: 'all' },
  'case:review-appeal': { reviewer: 'all', supervisor: 'all' },
  // A merchant's deposit, holds, deductions and recovery claims; top-ups of deposits and the guarantee fund.
  'money:read': { merchant: 'own', integration: 'all', ...ALL_STAFF },
  'money:top-up': { admin: 'all', integration: 'all' },
  'money:compensate': { handler: 'all', supervisor: 'all', admin: 'all' },
  // Holds and assisted recovery (冻结、协助追偿).
  'money:freeze': { supervisor: 'all', admin: 'all' },
  'fund:read': { supervisor: 'all', admin: 'all' },
  // A claim the fund cannot recover is written off as its loss: a supervisor's decision, with a reason.
  'fund:write-off': { supervisor: 'all' },
  // A merchant leaving or reducing its deposit: recorded like a top-up, by an admin or the integration.
  'money:withdraw': { admin: 'all', integration: 'all' },
  // A cancelled event refunds every order at once: the marketplace's integration or a supervisor starts it.
  'refund:mass': { integration: 'all', supervisor: 'all', admin: 'all' },
};

export type Decision = { allow: true } | { allow: false; reason: string };

/** What a role is granted for an action (no resource considered). */
export function grantFor(role: ActorRole, action: Action): Grant {
  return MATRIX[action][role] ?? 'none';
}

/**
 * Decides an action. For `own` grants the caller states whether the principal is a party to the resource
 * (`isOwn`); leave it undefined for "may this role do it to anything of its own at all" (e.g. list routes
 * that then filter by ownership).
 */
export function decide(role: ActorRole, action: Action, isOwn?: boolean): Decision {
  const grant = grantFor(role, action);
  if (grant === 'all') return { allow: true };
  if (grant === 'none') return { allow: false, reason: `role ${role} may not ${action}` };
  if (isOwn === false) return { allow: false, reason: `${action} is limited to the ${role}'s own resources` };
  return { allow: true };
}

/** Every action the role may take at all — sent to the web so it shows only what will work. */
export function permissionsOf(role: ActorRole): Action[] {
  return ACTIONS.filter((a) => grantFor(role, a) !== 'none');
}
