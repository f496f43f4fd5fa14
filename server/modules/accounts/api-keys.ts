import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { randomToken, sha256Hex } from '../../lib/tokens.js';
import { appendAudit, type ActorSnapshot } from '../audit/index.js';
import { forgetCachedPrincipals } from './accounts.repo.js';
import { apiKeys } from './accounts.table.js';

export const CreateApiKeyBodySchema = z.object({ name: z.string().trim().min(1).max(80) }).strict();

export const ApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

type Ctx = { tenantId: string; actor: ActorSnapshot; now: Date; requestId?: string };
type ApiKeyRow = typeof apiKeys.$inferSelect;

export function presentApiKey(k: ApiKeyRow): z.infer<typeof ApiKeySchema> {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

/**
 * Issues an integration key. The secret (`ak_<prefix>_<random>`) is returned once and only its SHA-256 is
 * kept; the prefix lets an operator recognise a key in lists and logs.
 */
export async function createApiKey(
  db: Db,
  ctx: Ctx,
  name: string,
): Promise<{ key: ApiKeyRow; secret: string }> {
  const prefix = randomToken(4).replace(/[-_]/g, 'x').slice(0, 6);
  const secret = `ak_${prefix}_${randomToken(32)}`;
  return db.transaction(async (tx) => {
    const [key] = (await tx
      .insert(apiKeys)
      .values({
        id: newId('key', ctx.now.getTime()),
        tenantId: ctx.tenantId,
        name,
        prefix,
        keyHash: sha256Hex(secret),
        createdBy: ctx.actor.id,
        createdAt: ctx.now,
      })
      .returning()) as [ApiKeyRow];
    await appendAudit(
      tx,
      {
        tenantId: ctx.tenantId,
        actor: ctx.actor,
        action: 'api_key.created',
        target: { type: 'api_key', id: key.id },
        summary: { name, prefix },
        requestId: ctx.requestId ?? null,
      },
      ctx.now,
    );
    return { key, secret };
  });
}

/** Revokes a key at once. @throws NOT_FOUND (unknown in this tenant, or already revoked) */
export async function revokeApiKey(db: Db, ctx: Ctx, id: string): Promise<ApiKeyRow> {
  const revoked = await db.transaction(async (tx) => {
    const [key] = await tx
      .update(apiKeys)
      .set({ revokedAt: ctx.now })
      .where(and(eq(apiKeys.tenantId, ctx.tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning();
    if (!key) throw notFound({ zh: '密钥不存在或已吊销', en: 'No such active key' });
    await appendAudit(
      tx,
      {
        tenantId: ctx.tenantId,
        actor: ctx.actor,
        action: 'api_key.revoked',
        target: { type: 'api_key', id },
        summary: { name: key.name },
        requestId: ctx.requestId ?? null,
      },
      ctx.now,
    );
    return key;
  });
  forgetCachedPrincipals();
  return revoked;
}

export async function listApiKeys(db: Db, tenantId: string): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(desc(apiKeys.createdAt));
}
