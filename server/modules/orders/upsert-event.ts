import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { DomainError } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { appendAudit } from '../audit/index.js';
import { findMerchantByExternalId } from '../tenants/tenants.repo.js';
import { findEventByExternalId, type EventRow } from './orders.repo.js';
import type { UpsertEventBody } from './orders.schemas.js';
import { events } from './orders.table.js';
import type { WriteContext } from './upsert-order.js';

const FIELDS = ['organizerId', 'title', 'venue', 'startsAt', 'endsAt', 'refundWindowDays', 'status'] as const;

/**
 * Creates or updates a ticketed event by the marketplace's id. An unchanged re-send is a no-op.
 * @throws VALIDATION_FAILED (ends before it starts, unknown organizer)
 */
export async function upsertEvent(
  db: Db,
  ctx: WriteContext,
  body: UpsertEventBody,
): Promise<{ event: EventRow; created: boolean; changed: boolean }> {
  if (body.endsAt <= body.startsAt) {
    throw new DomainError('VALIDATION_FAILED', {
      fields: [
        {
          path: 'endsAt',
          code: 'out_of_order',
          message: { zh: '结束时间必须晚于开始时间', en: 'endsAt must be after startsAt' },
        },
      ],
    });
  }
  return db.transaction(async (tx) => {
    const organizer = await findMerchantByExternalId(tx, ctx.tenantId, body.organizerExternalId);
    if (!organizer) {
      throw new DomainError('VALIDATION_FAILED', {
        fields: [
          {
            path: 'organizerExternalId',
            code: 'unknown',
            message: { zh: '主办方不存在', en: 'Unknown organizer' },
          },
        ],
      });
    }
    const values = {
      organizerId: organizer.id,
      title: body.title,
      venue: body.venue ?? null,
      startsAt: body.startsAt,
      endsAt: body.endsAt,
      refundWindowDays: body.refundWindowDays,
      status: body.status,
    };
    let existing = await findEventByExternalId(tx, ctx.tenantId, body.externalId, { lock: true });
    let event: EventRow | undefined;
    if (!existing) {
      [event] = await tx
        .insert(events)
        .values({
          id: newId('evt', ctx.now.getTime()),
          tenantId: ctx.tenantId,
          externalId: body.externalId,
          ...values,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .onConflictDoNothing({ target: [events.tenantId, events.externalId] })
        .returning();
      // Another request created it since we looked (a client's retry racing its first try, which has now
      // committed): this one updates it like any later send.
      if (!event) existing = await findEventByExternalId(tx, ctx.tenantId, body.externalId, { lock: true });
    }
    if (existing) {
      const changed = FIELDS.filter((k) => String(existing[k]) !== String(values[k]));
      if (changed.length === 0) return { event: existing, created: false, changed: false };
      [event] = (await tx
        .update(events)
        .set({ ...values, version: existing.version + 1, updatedAt: ctx.now })
        .where(eq(events.id, existing.id))
        .returning()) as [EventRow];
    }
    if (!event) throw new Error(`upsertEvent: event ${body.externalId} neither inserted nor found`);
    const changedKeys = existing ? FIELDS.filter((k) => String(existing[k]) !== String(values[k])) : FIELDS;
    await appendAudit(
      tx,
      {
        tenantId: ctx.tenantId,
        actor: ctx.actor,
        action: existing ? 'event.updated' : 'event.created',
        target: { type: 'event', id: event.id },
        summary: {
          ...(existing ? { before: Object.fromEntries(changedKeys.map((k) => [k, existing[k]])) } : {}),
          after: Object.fromEntries(changedKeys.map((k) => [k, values[k]])),
        },
        requestId: ctx.requestId ?? null,
      },
      ctx.now,
    );
    return { event, created: !existing, changed: true };
  });
}
