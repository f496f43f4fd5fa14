import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { newId } from '../../lib/ids.js';
import { appendAudit, type ActorSnapshot } from '../audit/index.js';
import { findMerchantByExternalId, type MerchantRow } from './tenants.repo.js';
import { merchants } from './tenants.table.js';

export const MERCHANT_KINDS = [
  'shop',
  'event_organizer',
  'voucher_merchant',
  'streamer_agency',
  'service',
] as const;

export const UpsertMerchantBodySchema = z
  .object({
    externalId: z.string().trim().min(1).max(64),
    name: z.string().trim().min(1).max(120),
    kind: z.enum(MERCHANT_KINDS),
  })
  .strict();
export type UpsertMerchantBody = z.infer<typeof UpsertMerchantBodySchema>;

/** Creates or updates a merchant org by the marketplace's id. Audited. */
export async function upsertMerchant(
  db: Db,
  ctx: { tenantId: string; actor: ActorSnapshot; now: Date; requestId?: string },
  body: UpsertMerchantBody,
): Promise<{ merchant: MerchantRow; created: boolean }> {
  return db.transaction(async (tx) => {
    const existing = await findMerchantByExternalId(tx, ctx.tenantId, body.externalId);
    let merchant: MerchantRow;
    if (existing) {
      [merchant] = (await tx
        .update(merchants)
        .set({ name: body.name, kind: body.kind })
        .where(eq(merchants.id, existing.id))
        .returning()) as [MerchantRow];
    } else {
      [merchant] = (await tx
        .insert(merchants)
        .values({ id: newId('mer', ctx.now.getTime()), tenantId: ctx.tenantId, ...body, createdAt: ctx.now })
        .returning()) as [MerchantRow];
    }
    await appendAudit(
      tx,
      {
        tenantId: ctx.tenantId,
        actor: ctx.actor,
        action: existing ? 'merchant.updated' : 'merchant.created',
        target: { type: 'merchant', id: merchant.id },
        summary: existing
          ? { before: { name: existing.name, kind: existing.kind }, after: body }
          : { after: body },
        requestId: ctx.requestId ?? null,
      },
      ctx.now,
    );
    return { merchant, created: !existing };
  });
}
