import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { DomainError } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { appendAudit, type ActorSnapshot } from '../audit/index.js';
import { heldOnOrder } from '../refunds/refunds.repo.js';
import { recordCollection } from '../settlement/collect.js';
import { findMerchantByExternalId } from '../tenants/tenants.repo.js';
import { checkOrder, orderTotal, type FieldProblem } from './order-rules.js';
import { findEventByExternalId, findOrderByExternalId, type OrderRow } from './orders.repo.js';
import type { UpsertOrderBody } from './orders.schemas.js';
import { orders } from './orders.table.js';

export type WriteContext = { tenantId: string; actor: ActorSnapshot; now: Date; requestId?: string };

const TRACKED = [
  'buyerExternalId',
  'merchantId',
  'eventId',
  'scenario',
  'category',
  'title',
  'goodsFen',
  'discountFen',
  'taxFen',
  'serviceFeeFen',
  'shippingFen',
  'totalFen',
  'refundedFen',
  'paymentMethod',
  'paidAt',
  'shippedAt',
  'signedAt',
  'redeemedAt',
] as const;

function invalid(problems: FieldProblem[]): DomainError {
  return new DomainError('VALIDATION_FAILED', {
    userMessage: { zh: '订单数据有误，请检查标出的字段', en: 'The order is invalid; see the fields' },
    fields: problems,
  });
}

/**
 * Creates or updates an order by the marketplace's id. Rejects impossible data with field messages;
 * a re-send with nothing changed is a no-op (no new version, no audit event). The payment and reported
 * refunds are posted to the ledger in the same transaction (settlement `recordCollection`).
 * @throws VALIDATION_FAILED, CONFLICT (refunds can only grow; with Accord's own refunds they cannot exceed the total)
 */
export async function upsertOrder(
  db: Db,
  ctx: WriteContext,
  body: UpsertOrderBody,
): Promise<{ order: OrderRow; created: boolean; changed: boolean }> {
  const problems = checkOrder(body, ctx.now);
  if (problems.length > 0) throw invalid(problems);
  return db.transaction(async (tx) => {
    const merchant = await findMerchantByExternalId(tx, ctx.tenantId, body.merchantExternalId);
    if (!merchant) {
      throw invalid([
        {
          path: 'merchantExternalId',
          code: 'unknown',
          message: { zh: '商家不存在', en: 'Unknown merchant' },
        },
      ]);
    }
    let eventId: string | null = null;
    if (body.eventExternalId) {
      const event = await findEventByExternalId(tx, ctx.tenantId, body.eventExternalId);
      if (!event) {
        throw invalid([
          {
            path: 'eventExternalId',
            code: 'unknown',
            message: { zh: '演出/活动不存在', en: 'Unknown event' },
          },
        ]);
      }
      if (event.organizerId !== merchant.id) {
        throw invalid([
          {
            path: 'eventExternalId',
            code: 'organizer_mismatch',
            message: { zh: '该活动不属于此商家', en: 'The event belongs to another organizer' },
          },
        ]);
      }
      eventId = event.id;
    }
    const { merchantExternalId: _m, eventExternalId: _e, ...fields } = body;
    const values = {
      ...fields,
      merchantId: merchant.id,
      eventId,
      totalFen: orderTotal(body),
      paymentMethod: body.paymentMethod ?? null,
      shippedAt: body.shippedAt ?? null,
      signedAt: body.signedAt ?? null,
      redeemedAt: body.redeemedAt ?? null,
    };
    // Locked: refunds on one order are checked one after another (the refund instructions lock it too).
    let existing = await findOrderByExternalId(tx, ctx.tenantId, body.externalId, { lock: true });
    if (!existing) {
      const [order] = await tx
        .insert(orders)
        .values({
          id: newId('ord', ctx.now.getTime()),
          tenantId: ctx.tenantId,
          ...values,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .onConflictDoNothing({ target: [orders.tenantId, orders.externalId] })
        .returning();
      if (order) {
        await audit(tx, ctx, order.id, 'order.created', { after: pick(order) });
        await recordCollection(tx, order, null, ctx);
        return { order, created: true, changed: true };
      }
      // Another request created it since we looked (a client's retry racing its first try, which has now
      // committed): this one is a later send of the same order.
      existing = await findOrderByExternalId(tx, ctx.tenantId, body.externalId, { lock: true });
      if (!existing) throw new Error(`upsertOrder: order ${body.externalId} neither inserted nor found`);
    }
    if (values.refundedFen < existing.refundedFen) {
      throw new DomainError('CONFLICT', {
        userMessage: { zh: '已退款金额不能减少', en: 'refundedFen cannot decrease' },
        fields: [
          {
            path: 'refundedFen',
            code: 'decreased',
            message: { zh: `当前已退 ${existing.refundedFen} 分`, en: `currently ${existing.refundedFen}` },
          },
        ],
      });
    }
    await refuseOverRefund(tx, existing, values);
    const before = pick(existing);
    const after = pick({ ...existing, ...values });
    const changedKeys = TRACKED.filter((k) => String(before[k]) !== String(after[k]));
    const itemsChanged = JSON.stringify(existing.items) !== JSON.stringify(values.items);
    if (changedKeys.length === 0 && !itemsChanged) return { order: existing, created: false, changed: false };
    const [order] = (await tx
      .update(orders)
      .set({ ...values, version: existing.version + 1, updatedAt: ctx.now })
      .where(eq(orders.id, existing.id))
      .returning()) as [OrderRow];
    await recordCollection(tx, order, existing, ctx);
    const diffKeys = [...changedKeys, ...(itemsChanged ? (['items'] as const) : [])];
    await audit(tx, ctx, order.id, 'order.updated', {
      before: Object.fromEntries(diffKeys.map((k) => [k, k === 'items' ? existing.items : before[k]])),
      after: Object.fromEntries(diffKeys.map((k) => [k, k === 'items' ? values.items : after[k]])),
    });
    return { order, created: false, changed: true };
  });
}

/**
 * `refundedFen` is what the marketplace refunded itself; what Accord refunds goes through its own refund
 * instructions (docs/domain/payments.md). Together they cannot exceed what was paid: a report that would take
 * the order past its total once Accord's refunds (those not failed) are counted is refused, nothing written.
 * Most often the marketplace counted Accord's refund among its own — posting it again would charge the
 * merchant twice. A report that changes neither the refunds nor the total is not refused.
 * @throws CONFLICT `over_refunded`
 */
async function refuseOverRefund(
  tx: Db,
  existing: OrderRow,
  values: { refundedFen: bigint; totalFen: bigint },
): Promise<void> {
  if (values.refundedFen <= existing.refundedFen && values.totalFen >= existing.totalFen) return;
  const byAccord = await heldOnOrder(tx, existing.tenantId, existing.id);
  if (byAccord === 0n || values.refundedFen + byAccord <= values.totalFen) return;
  const most = values.totalFen > byAccord ? values.totalFen - byAccord : 0n;
  throw new DomainError('CONFLICT', {
    userMessage: {
      zh: `Accord 已就该订单退款 ${byAccord} 分，与平台自行退款合计不能超过实付金额 ${values.totalFen} 分`,
      en: `Accord has refunded ${byAccord} fen on this order; with the marketplace's own refunds it cannot exceed the ${values.totalFen} fen paid`,
    },
    fields: [
      {
        path: 'refundedFen',
        code: 'over_refunded',
        message: {
          zh: `refundedFen 只计平台自行退款（不含 Accord 退款），最多 ${most} 分`,
          en: `refundedFen counts only the marketplace's own refunds (not Accord's); at most ${most}`,
        },
      },
    ],
  });
}

function pick(o: Pick<OrderRow, (typeof TRACKED)[number]>) {
  return Object.fromEntries(TRACKED.map((k) => [k, o[k]])) as Pick<OrderRow, (typeof TRACKED)[number]>;
}

function audit(tx: Db, ctx: WriteContext, orderId: string, action: string, summary: Record<string, unknown>) {
  return appendAudit(
    tx,
    {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action,
      target: { type: 'order', id: orderId },
      summary,
      requestId: ctx.requestId ?? null,
    },
    ctx.now,
  );
}
