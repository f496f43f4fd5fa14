import { hashPassword, verifyPassword } from './passwords.js';
import type { Db } from '../../db/client.js';
import { randomToken, sha256Hex } from '../../lib/tokens.js';
import { DomainError } from '../../http/errors.js';
import { appendAudit } from '../audit/index.js';
import {
  deleteSession,
  forgetCachedPrincipals,
  findUserForLogin,
  insertSession,
  type TenantRow,
  type UserRow,
} from './accounts.repo.js';

export type LoginResult = {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserRow;
  tenant: TenantRow;
};

/**
 * Checks a username/password in a tenant and opens a session. The same error (and the same time) for an
 * unknown tenant, unknown user, disabled user and wrong password.
 * @throws INVALID_CREDENTIALS
 */
export async function login(
  db: Db,
  input: { tenant: string; username: string; password: string },
  opts: { now: Date; ttlHours: number; requestId: string },
): Promise<LoginResult> {
  const found = await findUserForLogin(db, input.tenant, input.username);
  const ok = await verifyPassword(found?.user.passwordHash ?? null, input.password);
  if (!found || !ok || found.user.disabledAt) throw new DomainError('INVALID_CREDENTIALS');
  const token = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(opts.now.getTime() + opts.ttlHours * 3_600_000);
  const { user, tenant } = found;
  await db.transaction(async (tx) => {
    await insertSession(tx, {
      tokenHash: sha256Hex(token),
      tenantId: tenant.id,
      userId: user.id,
      csrfToken,
      expiresAt,
    });
    await appendAudit(
      tx,
      {
        tenantId: tenant.id,
        actor: { type: 'user', id: user.id, role: user.role, name: user.displayName },
        action: 'session.opened',
        target: { type: 'user', id: user.id },
        summary: { expiresAt },
        requestId: opts.requestId,
      },
      opts.now,
    );
  });
  return { token, csrfToken, expiresAt, user, tenant };
}

export { hashPassword };

/** Ends a web session (idempotent: an unknown token does nothing), audited when a session was closed. */
export async function logout(db: Db, token: string, opts: { now: Date; requestId: string }): Promise<void> {
  let forgetOnCommit = false;
  await db.transaction(async (tx) => {
    const closed = await deleteSession(tx, sha256Hex(token));
    if (closed) forgetOnCommit = true;
    if (!closed) return;
    await appendAudit(
      tx,
      {
        tenantId: closed.tenantId,
        actor: { type: 'user', id: closed.userId, role: null, name: null },
        action: 'session.closed',
        target: { type: 'user', id: closed.userId },
        summary: {},
        requestId: opts.requestId,
      },
      opts.now,
    );
  });
  if (forgetOnCommit) forgetCachedPrincipals();
}
