import type { LocalizedText } from '../../http/errors.js';
import type { UpsertOrderBody } from './orders.schemas.js';

export type FieldProblem = { path: string; code: string; message: LocalizedText };

// Marketplaces' clocks drift; an order "paid" a few minutes in our future is tolerated, not hours.
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** The amount actually charged: goods − discount + tax + service fee + shipping. */
export function orderTotal(
  o: Pick<UpsertOrderBody, 'goodsFen' | 'discountFen' | 'taxFen' | 'serviceFeeFen' | 'shippingFen'>,
): bigint {
  return o.goodsFen - o.discountFen + o.taxFen + o.serviceFeeFen + o.shippingFen;
}

/**
 * Cross-field checks of an order that a schema cannot express: amounts add up, nothing refunded beyond what
 * was paid, and the order's events happen in a possible order. Pure; returns every problem at once.
 */
export function checkOrder(o: UpsertOrderBody, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const itemsSum = o.items.reduce((sum, i) => sum + BigInt(i.quantity) * BigInt(i.unitPriceFen), 0n);
  if (itemsSum !== o.goodsFen) {
    problems.push({
      path: 'goodsFen',
      code: 'items_mismatch',
      message: {
        zh: `商品金额 ${o.goodsFen} 分与明细合计 ${itemsSum} 分不一致`,
        en: `goodsFen ${o.goodsFen} does not equal the items' total ${itemsSum}`,
      },
    });
  }
  if (o.discountFen > o.goodsFen) {
    problems.push({
      path: 'discountFen',
      code: 'too_big',
      message: { zh: '优惠金额不能超过商品金额', en: 'discountFen cannot exceed goodsFen' },
    });
  }
  const total = orderTotal(o);
  if (o.refundedFen > total) {
    problems.push({
      path: 'refundedFen',
      code: 'too_big',
      message: {
        zh: `已退款金额不能超过实付金额 ${total} 分`,
        en: `refundedFen cannot exceed the total paid (${total})`,
      },
    });
  }
  const before = (
    path: string,
    later: Date | undefined,
    earlier: Date | undefined,
    zh: string,
    en: string,
  ) => {
    if (later && earlier && later < earlier)
      problems.push({ path, code: 'out_of_order', message: { zh, en } });
  };
  before('shippedAt', o.shippedAt, o.paidAt, '发货时间不能早于付款时间', 'shippedAt cannot be before paidAt');
  before('signedAt', o.signedAt, o.paidAt, '签收时间不能早于付款时间', 'signedAt cannot be before paidAt');
  before(
    'signedAt',
    o.signedAt,
    o.shippedAt,
    '签收时间不能早于发货时间',
    'signedAt cannot be before shippedAt',
  );
  before(
    'redeemedAt',
    o.redeemedAt,
    o.paidAt,
    '核销时间不能早于付款时间',
    'redeemedAt cannot be before paidAt',
  );
  const limit = new Date(now.getTime() + FUTURE_TOLERANCE_MS);
  for (const field of ['paidAt', 'shippedAt', 'signedAt', 'redeemedAt'] as const) {
    const at = o[field];
    if (at && at > limit) {
      problems.push({
        path: field,
        code: 'in_future',
        message: { zh: '时间不能晚于当前时间', en: `${field} is in the future` },
      });
    }
  }
  if (o.scenario === 'tickets' && !o.eventExternalId) {
    problems.push({
      path: 'eventExternalId',
      code: 'required',
      message: { zh: '票务订单必须关联演出/活动', en: 'ticket orders must reference an event' },
    });
  }
  return problems;
}

/** Where an order stands, derived from its timestamps and refunds (never stored, so never stale). */
export function orderStatus(o: {
  totalFen: bigint;
  refundedFen: bigint;
  shippedAt: Date | null;
  signedAt: Date | null;
  redeemedAt: Date | null;
}): 'paid' | 'shipped' | 'signed' | 'redeemed' | 'refunded' {
  if (o.totalFen > 0n && o.refundedFen >= o.totalFen) return 'refunded';
  if (o.redeemedAt) return 'redeemed';
  if (o.signedAt) return 'signed';
  if (o.shippedAt) return 'shipped';
  return 'paid';
}
