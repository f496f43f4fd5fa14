import { describe, expect, it } from 'vitest';
import { ACTOR_ROLES, type ActorRole } from '../../../common/roles.js';
import { ACTIONS, decide, grantFor, permissionsOf, type Action, type Grant } from './permissions.js';

// The authorization matrix as the product specifies it (PRODUCT.md "Roles"), written out independently of
// the implementation so a change to either shows up here. Columns:
//            consumer merchant agent handler reviewer supervisor admin integration
// a = any resource in the tenant, o = only the principal's own, - = never.
const EXPECTED: Record<Action, string> = {
  'order:upsert': '- - - - - - a a',
  'order:read': 'o o a a a a a a',
  'event:upsert': '- - - - - - a a',
  'event:read': 'a a a a a a a a',
  'merchant:upsert': '- - - - - - a a',
  'merchant:read': '- o a a a a a a',
  'consumer:upsert': '- - a - - - a a',
  'consumer:lookup': '- - a a - a a -',
  'consumer:read-pii': 'o - a a - a a -',
  'user:manage': '- - - - - - a -',
  'apikey:manage': '- - - - - - a -',
  'tenant:read': '- - - - - a a -',
  'audit:read': '- - - - - a a -',
  'audit:verify': '- - - - - - a -',
  'calendar:manage': '- - - - - - a -',
  'policy:read': '- - a a a a a -',
  'policy:publish': '- - - - - - a -',
  'report:read': '- - - - - a a -',
  'case:file': 'o - a - - - - a',
  'case:file-for-caller': '- - a - - - - a',
  'case:read': 'o o a a a a a a',
  'case:respond': 'o o - - - - - -',
  'case:accept': '- - a a - a - -',
  'case:investigate': '- - - a - a - -',
  'case:internal-note': '- - a a a a a -',
  'case:decide': '- - - a - a - -',
  'case:review-appeal': '- - - - a a - -',
  'money:read': '- o a a a a a a',
  'money:top-up': '- - - - - - a a',
  'money:compensate': '- - - a - a a -',
  'money:freeze': '- - - - - a a -',
  'fund:read': '- - - - - a a -',
  'fund:write-off': '- - - - - a - -',
  'money:withdraw': '- - - - - - a a',
  'refund:mass': '- - - - - a a a',
};
const COLUMNS: ActorRole[] = [
  'consumer',
  'merchant',
  'agent',
  'handler',
  'reviewer',
  'supervisor',
  'admin',
  'integration',
];
const LETTER: Record<string, Grant> = { a: 'all', o: 'own', '-': 'none' };

const cells = ACTIONS.flatMap((action) =>
  COLUMNS.map((role, i) => ({ action, role, grant: LETTER[EXPECTED[action].split(' ')[i]!]! })),
);

describe('authorization matrix', () => {
  it('covers every action and every role', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
    expect([...COLUMNS].sort()).toEqual([...ACTOR_ROLES].sort());
    expect(cells).toHaveLength(ACTIONS.length * ACTOR_ROLES.length);
  });

  it.each(cells)('$role → $action is $grant', ({ role, action, grant }) => {
    expect(grantFor(role, action)).toBe(grant);
    const anything = decide(role, action);
    const own = decide(role, action, true);
    const others = decide(role, action, false);
    expect(anything.allow).toBe(grant !== 'none');
    expect(own.allow).toBe(grant !== 'none');
    expect(others.allow).toBe(grant === 'all');
    if (!others.allow) expect(others.reason).toMatch(action);
  });

  it('sends the web exactly the actions a role may take', () => {
    expect(permissionsOf('consumer')).toEqual([
      'order:read',
      'event:read',
      'consumer:read-pii',
      'case:file',
      'case:read',
      'case:respond',
    ]);
    expect(permissionsOf('reviewer')).not.toContain('case:decide');
  });
});
