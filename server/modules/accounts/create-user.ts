import { z } from 'zod';
import { TEAMS, USER_ROLES } from '../../../common/roles.js';
import type { Db } from '../../db/client.js';
import { DomainError } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { appendAudit, type ActorSnapshot } from '../audit/index.js';
import type { PiiCrypto } from '../privacy/pii-crypto.js';
import { findMerchant } from '../tenants/tenants.repo.js';
import { findUserByUsername, type UserRow } from './accounts.repo.js';
import { users } from './accounts.table.js';
import { hashPassword } from './passwords.js';
import { PiiInputSchema, sealPii } from './people.js';

export const CreateUserBodySchema = z
  .object({
    role: z.enum(USER_ROLES),
    username: z
      .string()
      .trim()
      .regex(/^[a-zA-Z0-9._-]{3,64}$/, '3–64 letters, digits, dot, dash or underscore'),
    displayName: z.string().trim().min(1).max(80),
    password: z.string().min(10, 'at least 10 characters').max(200),
    merchantId: z.string().max(64).optional(),
    externalId: z.string().trim().min(1).max(64).optional(),
    /** Staff who handle cases: the team whose cases routing gives them first. */
    team: z.enum(TEAMS).optional(),
    pii: PiiInputSchema.default({}),
  })
  .strict();
export type CreateUserBody = z.infer<typeof CreateUserBodySchema>;

/**
 * Creates a user who signs in with a password. Merchant members must name their merchant org; nobody else
 * may. @throws VALIDATION_FAILED, CONFLICT (username taken)
 */
export async function createUser(
  db: Db,
  pii: PiiCrypto,
  ctx: { tenantId: string; actor: ActorSnapshot; now: Date; requestId?: string },
  body: CreateUserBody,
): Promise<UserRow> {
  if ((body.role === 'merchant') !== Boolean(body.merchantId)) {
    throw new DomainError('VALIDATION_FAILED', {
      fields: [
        {
          path: 'merchantId',
          code: body.role === 'merchant' ? 'required' : 'not_allowed',
          message:
            body.role === 'merchant'
              ? { zh: '商家成员必须指定所属商家', en: 'merchant members must name their merchant' }
              : { zh: '只有商家成员可以指定商家', en: 'only merchant members belong to a merchant' },
        },
      ],
    });
  }
  if (body.team && !['agent', 'handler', 'supervisor'].includes(body.role)) {
    throw new DomainError('VALIDATION_FAILED', {
      fields: [
        {
          path: 'team',
          code: 'not_allowed',
          message: { zh: '只有处理案件的员工可以加入团队', en: 'only case-handling staff belong to a team' },
        },
      ],
    });
  }
  const passwordHash = await hashPassword(body.password);
  return db.transaction(async (tx) => {
    if (body.merchantId && !(await findMerchant(tx, ctx.tenantId, body.merchantId))) {
      throw new DomainError('VALIDATION_FAILED', {
        fields: [
          { path: 'merchantId', code: 'unknown', message: { zh: '商家不存在', en: 'Unknown merchant' } },
        ],
      });
    }
    if (await findUserByUsername(tx, ctx.tenantId, body.username)) {
      throw new DomainError('CONFLICT', {
        userMessage: { zh: '用户名已被使用', en: 'Username already taken' },
        fields: [
          {
            path: 'username',
            code: 'taken',
            message: { zh: '用户名已被使用', en: 'Username already taken' },
          },
        ],
      });
    }
    const [user] = (await tx
      .insert(users)
      .values({
        id: newId('usr', ctx.now.getTime()),
        tenantId: ctx.tenantId,
        role: body.role,
        merchantId: body.merchantId ?? null,
        username: body.username,
        externalId: body.externalId ?? null,
        displayName: body.displayName,
        team: body.team ?? null,
        passwordHash,
        ...sealPii(pii, body.pii),
        createdAt: ctx.now,
      })
      .returning()) as [UserRow];
    await appendAudit(
      tx,
      {
        tenantId: ctx.tenantId,
        actor: ctx.actor,
        action: 'user.created',
        target: { type: 'user', id: user.id },
        // Never PII in the audit summary: only which fields were given.
        summary: {
          role: user.role,
          username: user.username,
          merchantId: user.merchantId,
          team: user.team,
          piiFields: Object.keys(body.pii),
        },
        requestId: ctx.requestId ?? null,
      },
      ctx.now,
    );
    return user;
  });
}
