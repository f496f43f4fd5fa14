import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { USER_ROLES } from '../../../common/roles.js';
import type { Db } from '../../db/client.js';
import { DomainError, notFound, type LocalizedText } from '../../http/errors.js';
import { transact, appendAudit, type ActorSnapshot } from '../audit/index.js';
import { findMerchant } from '../tenants/tenants.repo.js';
import { forgetCachedPrincipals, type UserRow } from './accounts.repo.js';
import { sessions, users } from './accounts.table.js';

/** What an admin may change about a user: the role (with the merchant for merchant members), the name, the lock. */
export const UpdateUserBodySchema = z
  .object({
    role: z.enum(USER_ROLES).exclude(['consumer']).optional(),
    merchantId: z.string().max(64).nullable().optional(),
    displayName: z.string().trim().min(1).max(80).optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
export type UpdateUserBody = z.infer<typeof UpdateUserBodySchema>;

const invalid = (path: string, code: string, message: LocalizedText) =>
  new DomainError('VALIDATION_FAILED', {
    userMessage: { zh: '提交的内容有误，请检查标出的字段', en: 'Some fields are invalid' },
    fields: [{ path, code, message }],
  });

/**
 * Changes a user's role, merchant, display name or lock, audited with what changed, in one transaction.
 * Consumers are the marketplace's users (filed for by their external id): their role is not changed here, and
 * nobody becomes one. An admin cannot lock themselves out (disable themselves or drop their own admin role).
 * Disabling ends the user's sessions at once; a role change applies from their next request (the session
 * reads the user row every time).
 * @throws NOT_FOUND (not in this tenant), VALIDATION_FAILED
 */
export async function updateUser(
  db: Db,
  ctx: { tenantId: string; actor: ActorSnapshot; now: Date; requestId?: string },
  userId: string,
  body: UpdateUserBody,
): Promise<UserRow> {
  const updated = await transact(db, async (tx) => {
    const [user] = await tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, userId)))
      .for('update');
    if (!user) throw notFound({ zh: '用户不存在', en: 'No such user' });
    const self = ctx.actor.id === user.id;
    if (body.role !== undefined && body.role !== user.role && user.role === 'consumer') {
      throw invalid('role', 'consumer_role_fixed', {
        zh: '消费者账号由平台同步，不能改为其他角色',
        en: 'consumer accounts come from the marketplace; their role does not change',
      });
    }
    if (self && body.disabled === true) {
      throw invalid('disabled', 'self', {
        zh: '不能停用自己的账号',
        en: 'you cannot disable your own account',
      });
    }
    if (self && body.role !== undefined && body.role !== 'admin') {
      throw invalid('role', 'self', {
        zh: '不能取消自己的管理员角色',
        en: 'you cannot remove your own admin role',
      });
    }
    const role = body.role ?? user.role;
    const merchantId = role === 'merchant' ? (body.merchantId ?? user.merchantId) : (body.merchantId ?? null);
    if (role === 'merchant' && !merchantId) {
      throw invalid('merchantId', 'required', {
        zh: '商家成员必须指定所属商家',
        en: 'merchant members must name their merchant',
      });
    }
    if (role !== 'merchant' && merchantId) {
      throw invalid('merchantId', 'not_allowed', {
        zh: '只有商家成员可以指定商家',
        en: 'only merchant members belong to a merchant',
      });
    }
    if (merchantId && !(await findMerchant(tx, ctx.tenantId, merchantId))) {
      throw invalid('merchantId', 'unknown', { zh: '商家不存在', en: 'Unknown merchant' });
    }
    const disabledAt =
      body.disabled === undefined ? user.disabledAt : body.disabled ? (user.disabledAt ?? ctx.now) : null;
    const next = { role, merchantId, displayName: body.displayName ?? user.displayName, disabledAt };
    const changes: Record<string, { from: unknown; to: unknown }> = Object.fromEntries(
      (['role', 'merchantId', 'displayName'] as const)
        .filter((k) => next[k] !== user[k])
        .map((k) => [k, { from: user[k], to: next[k] }]),
    );
    if (Boolean(next.disabledAt) !== Boolean(user.disabledAt)) {
      changes.disabled = { from: Boolean(user.disabledAt), to: Boolean(next.disabledAt) };
    }
    if (Object.keys(changes).length === 0) return user;
    const [updated] = (await tx.update(users).set(next).where(eq(users.id, user.id)).returning()) as [
      UserRow,
    ];
    if (next.disabledAt) await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await appendAudit(
      tx,
      {
        tenantId: ctx.tenantId,
        actor: ctx.actor,
        action: next.disabledAt && !user.disabledAt ? 'user.disabled' : 'user.updated',
        target: { type: 'user', id: user.id },
        summary: { username: user.username, changes },
        requestId: ctx.requestId ?? null,
      },
      ctx.now,
    );
    return updated;
  });
  // A role, a disabled flag or a name is part of the principal of the user's sessions.
  forgetCachedPrincipals();
  return updated;
}
