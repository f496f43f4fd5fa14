import type { ActorRole, UserRole } from '../../../common/roles.js';
import type { ActorSnapshot } from '../audit/audit.table.js';

/** Who is making a request, resolved once per request by the auth hook. Always bound to one tenant. */
export type Principal =
  | {
      kind: 'user';
      tenantId: string;
      userId: string;
      role: UserRole;
      merchantId: string | null;
      externalId: string | null;
      username: string;
      displayName: string;
      sessionCsrf: string | null;
    }
  | { kind: 'api_key'; tenantId: string; keyId: string; name: string };

export function roleOf(p: Principal): ActorRole {
  return p.kind === 'user' ? p.role : 'integration';
}

/** A stable id for the principal (idempotency scope, logs). */
export function principalId(p: Principal): string {
  return p.kind === 'user' ? p.userId : p.keyId;
}

/** The actor as frozen into audit events. */
export function actorOf(p: Principal): ActorSnapshot {
  return p.kind === 'user'
    ? { type: 'user', id: p.userId, role: p.role, name: p.displayName }
    : { type: 'api_key', id: p.keyId, role: 'integration', name: p.name };
}

export const SYSTEM_ACTOR: ActorSnapshot = { type: 'system', id: null, role: null, name: 'Accord' };
