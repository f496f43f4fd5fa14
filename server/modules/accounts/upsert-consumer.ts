import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { newId } from '../../lib/ids.js';
import { appendAudit, type ActorSnapshot } from '../audit/index.js';
import type { PiiCrypto } from '../privacy/pii-crypto.js';
import { findUserByExternalId, forgetCachedPrincipals, type UserRow } from './accounts.repo.js';
import { users } from './accounts.table.js';
import { PiiInputSchema, sealPii } from './people.js';

export const UpsertConsumerBodySchema = z
  .object({
    externalId: z.string().trim().min(1).max(64),
    displayName: z.string().trim().min(1).max(80),
    pii: PiiInputSchema.default({}),
  })
  .strict();
export type UpsertConsumerBody = z.infer<typeof UpsertConsumerBodySchema>;

/**
 * Creates or updates a consumer known to the marketplace by its user id (the integration's buyer, or a caller
 * an agent files for). Given PII fields replace stored ones; omitted fields are kept.
 */
export async function upsertConsumer(
  db: Db,
  pii: PiiCrypto,
  ctx: { tenantId: string; actor: ActorSnapshot; now: Date; requestId?: string },
  body: UpsertConsumerBody,
): Promise<{ user: UserRow; created: boolean }> {
  const sealed = sealPii(pii, body.pii);
  // Only the fields the caller sent: an omitted field keeps its stored value.
  const given = Object.fromEntries(Object.entries(sealed).filter(([, v]) => v !== null));
  const result = await db.transaction(async (tx) => {
    const existing = await findUserByExternalId(tx, ctx.tenantId, body.externalId);
    let user: UserRow;
    if (existing) {
      [user] = (await tx
        .update(users)
        .set({ displayName: body.displayName, ...given })
        .where(eq(users.id, existing.id))
        .returning()) as [UserRow];
    } else {
      [user] = (await tx
        .insert(users)
        .values({
          id: newId('usr', ctx.now.getTime()),
          tenantId: ctx.tenantId,
          role: 'consumer',
          username: `buyer-${body.externalId}`,
          externalId: body.externalId,
          displayName: body.displayName,
          ...sealed,
          createdAt: ctx.now,
        })
        .returning()) as [UserRow];
    }
    await appendAudit(
      tx,
      {
        tenantId: ctx.tenantId,
        actor: ctx.actor,
        action: existing ? 'consumer.updated' : 'consumer.created',
        target: { type: 'user', id: user.id },
        summary: { externalId: body.externalId, piiFields: Object.keys(body.pii) },
        requestId: ctx.requestId ?? null,
      },
      ctx.now,
    );
    return { user, created: !existing };
  });
  // The consumer's name is part of the principal of their sessions.
  if (!result.created) forgetCachedPrincipals();
  return result;
}
