import type { Db } from '../db/client.js';
import { recommendedPackages, type ChosenRemedy } from '../../common/recommendation.js';
import { SYSTEM_ACTOR } from '../modules/accounts/principal.js';
import { transact } from '../modules/audit/index.js';
import type { WorkCalendar } from '../modules/calendar/index.js';
import { assessCase, recordCaseFacts } from '../modules/cases/case-assessment.js';
import { lockCase } from '../modules/cases/cases.repo.js';
import type { Action } from '../modules/cases/case-lifecycle.js';
import { casePolicyResolver } from '../modules/cases/case-policy.js';
import type { CATEGORIES } from '../modules/cases/case-schemas.js';
import { openCase } from '../modules/cases/open-case.js';
import type { CaseActorRef } from '../modules/cases/take-action.js';
import { actOnDemoCase, claimantActor } from './demo-actors.js';
import { upsertOrder } from '../modules/orders/upsert-order.js';
import type { UpsertOrderBody } from '../modules/orders/orders.schemas.js';
import { loadTenantPolicies } from '../modules/policy/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Category = (typeof CATEGORIES)[number];

/** A purchase that went wrong: the order as the marketplace reported it, and the complaint about it. */
type Purchase = {
  merchant: string;
  scenario: UpsertOrderBody['scenario'];
  orderCategory: string;
  event?: string;
  item: string;
  fen: number;
  category: Category;
  title: string;
  /** Shipped and signed for (goods), redeemed (vouchers): what the pack reads about delivery. */
  delivered: boolean;
  /** Bought this many days (or more) before the complaint: past the return window, so exchange or repair. */
  boughtDaysBefore?: number;
};

const PURCHASES: Purchase[] = [
  {
    merchant: 'm-youpin-digital',
    scenario: 'ecommerce',
    orderCategory: 'electronics',
    item: '无线降噪耳机',
    fen: 89_900,
    category: 'quality',
    title: '耳机充电盒无法充电',
    delivered: true,
    boughtDaysBefore: 10,
  },
  {
    merchant: 'm-youpin-digital',
    scenario: 'ecommerce',
    orderCategory: 'electronics',
    item: '智能手环 6',
    fen: 24_900,
    category: 'quality',
    title: '手环屏幕频繁黑屏无法唤醒',
    delivered: true,
    boughtDaysBefore: 18,
  },
  {
    merchant: 'm-youpin-digital',
    scenario: 'ecommerce',
    orderCategory: 'electronics',
    item: '移动电源 20000mAh',
    fen: 15_900,
    category: 'not_delivered',
    title: '物流停滞一周未送达',
    delivered: false,
  },
  {
    merchant: 'm-fresh-fruit',
    scenario: 'ecommerce',
    orderCategory: 'fresh_food',
    item: '阳光玫瑰葡萄 2 斤',
    fen: 9_900,
    category: 'quality',
    title: '葡萄到货后大面积发霉',
    delivered: true,
  },
  {
    merchant: 'm-hotpot',
    scenario: 'local_services',
    orderCategory: 'dining_voucher',
    item: '双人涮肉套餐',
    fen: 19_800,
    category: 'price_raised_on_site',
    title: '到店后被要求另付锅底费',
    delivered: true,
  },
  {
    merchant: 'm-galaxy-live',
    scenario: 'tickets',
    orderCategory: 'ticket',
    event: 'e-newyear-2027',
    item: '星河跨年演唱会 2027 · 看台 380',
    fen: 38_000,
    category: 'ticket_refund',
    title: '演出前一个多月申请退票被拒',
    delivered: false,
  },
  {
    merchant: 'm-galaxy-live',
    scenario: 'tickets',
    orderCategory: 'ticket',
    event: 'e-tech-summit',
    item: '长三角数字消费峰会 · 标准票',
    fen: 59_900,
    category: 'ticket_refund',
    title: '峰会门票退票被收取高额手续费',
    delivered: false,
  },
  {
    merchant: 'm-hotpot',
    scenario: 'local_services',
    orderCategory: 'dining_voucher',
    item: '四人涮肉套餐',
    fen: 39_800,
    category: 'partly_performed',
    title: '四人套餐少上一份手切羊肉',
    delivered: true,
  },
  {
    merchant: 'm-hotpot',
    scenario: 'local_services',
    orderCategory: 'dining_voucher',
    item: '100 元代金券',
    fen: 8_800,
    category: 'service_not_performed',
    title: '代金券到店被告知不能使用',
    delivered: false,
  },
];

/** The demo's fraud case: a counterfeit sold as genuine (see `seedMeasuredDecisions`). */
const COUNTERFEIT: Purchase = {
  merchant: 'm-youpin-digital',
  scenario: 'ecommerce',
  orderCategory: 'electronics',
  item: '原装蓝牙耳机（官方正品）',
  fen: 59_900,
  category: 'counterfeit',
  title: '宣称官方正品的耳机经鉴定为仿冒品',
  delivered: true,
  boughtDaysBefore: 5,
};

type Lean = 'more' | 'less' | 'as_recommended';

/** Why a handler decided more for the consumer than the pack recommends (staff-only, reported). */
const MORE_REASONS = [
  '同一故障已维修两次仍未修复，改为全额退款',
  '商家拒不提供维修服务，改为全额退款',
  '消费者提供的检测报告证明故障严重，改为全额退款',
];
/** Why a handler decided less for the consumer than the pack recommends, by complaint category. */
const LESS_REASONS: Partial<Record<Category, string>> = {
  quality: '商品配件及外包装缺失，扣减相应价值后退款',
  not_delivered: '商家已补发部分商品并签收，扣减补发部分后退款',
  ticket_refund: '申请时距演出已不足约定期限，按购票须知扣减手续费后退款',
  partly_performed: '消费者已享用套餐大部分菜品，扣减已履行部分后退款',
  service_not_performed: '消费者已使用部分代金券额度，扣减已使用部分后退款',
  price_raised_on_site: '消费者已消费套餐内容，仅退还现场多收的费用',
};

/** The remedy lines of a decision: the repair, refund and compensation it names, paid by the merchant. */
function remediesOf(refundFen: bigint, payoutFen: bigint, refundableFen: bigint, outcome?: string) {
  const remedies = [];
  if (outcome === 'repair' || outcome === 'exchange') {
    remedies.push({ type: outcome, amountFen: 0n, payer: 'respondent' });
  }
  if (refundFen > 0n) {
    const type = refundFen === refundableFen ? 'full_refund' : 'partial_refund';
    remedies.push({ type, amountFen: refundFen, payer: 'respondent' });
  }
  if (payoutFen > 0n) remedies.push({ type: 'compensation', amountFen: payoutFen, payer: 'respondent' });
  return remedies;
}

/** The instant on `at`'s Beijing day at `hour` (fractional) Beijing time. */
function beijingHour(at: number, hour: number): number {
  const midnight = Math.floor((at + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
  return midnight + Math.floor(hour * 60) * 60_000;
}

/** Rounds fen down to whole yuan, as handlers write amounts. */
const yuan = (fen: bigint) => (fen / 100n) * 100n;

/**
 * The decision a handler makes on a case, measured against the pack's recommendation the way the decide action
 * measures it: mostly the recommendation as it stands; sometimes more for the consumer (up to what remains
 * refundable) or less, each with a written reason.
 */
function decisionFor(
  recommended: ChosenRemedy,
  refundableFen: bigint,
  lean: Lean,
  reasons: { more: string; less: string },
): Record<string, unknown> {
  const clauses = ['seed 001 处理决定', '消费者权益保护法 第二十四条'];
  // Compensation beyond the order is not paid through the order's route, so "more" is a larger refund only.
  const canGiveMore = recommended.refundFen < refundableFen && recommended.payoutFen === 0n;
  const canGiveLess = recommended.refundFen >= 2_000n;
  // The packs mostly recommend the whole refund; where they recommend a repair, handlers sometimes refund.
  if (lean === 'more' && canGiveMore) {
    return {
      text: '经核查，商家责任明确，平台决定由商家全额退款。',
      remedies: remediesOf(refundableFen, 0n, refundableFen),
      clauses,
      deviationReason: reasons.more,
    };
  }
  if (lean === 'less' && canGiveLess) {
    return {
      text: '经核查，商家存在违约情形，平台决定由商家部分退款。',
      remedies: remediesOf(yuan((recommended.refundFen * 6n) / 10n), 0n, refundableFen),
      clauses,
      deviationReason: reasons.less,
    };
  }
  return {
    text:
      recommended.outcome === 'rejection'
        ? '经核查，消费者的主张不符合规则包的支持条件，不予支持。'
        : recommended.outcome === 'repair'
          ? '经核查，商品在三包有效期内出现性能故障，由商家免费维修。'
          : '经核查，商家存在违约情形，按规则包的推荐由商家退款。',
    remedies: remediesOf(recommended.refundFen, recommended.payoutFen, refundableFen, recommended.outcome),
    outcome: recommended.outcome,
    clauses,
  };
}

/**
 * Platform decisions on cases with orders over the demo's six weeks, so the supervisor's consistency report
 * (处理一致性) has a story: each case pins the pack in force, the handler decides through the real decide
 * action — which computes the recommendation and records the policy check — mostly as recommended, a few
 * times more or less for the consumer with a written reason. Where the appeal window has passed by now the
 * refund is queued; the demo's simulated provider pays it once the server runs. Returns the cases opened.
 */
export async function seedMeasuredDecisions(
  db: Db,
  input: {
    tenantId: string;
    claimants: { id: string; externalId: string | null; displayName: string }[];
    staff: Map<string, CaseActorRef>;
    rand: () => number;
    calendar: WorkCalendar;
    start: number;
    now: Date;
  },
): Promise<number> {
  const { tenantId, claimants, staff, rand, calendar, start, now } = input;
  const policies = await loadTenantPolicies(db, tenantId);
  const resolve = casePolicyResolver(policies);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const system: CaseActorRef = { kind: 'system', userId: null, snapshot: SYSTEM_ACTOR };
  const COUNT = 24;
  /** Files case `i` about `purchase`, has it accepted and decided (measured), and carried out once final. */
  const fileAndDecide = async (
    i: number,
    purchase: Purchase,
    story: { day?: number; facts?: Record<string, unknown>; lean?: Lean } = {},
  ): Promise<void> => {
    const claimant = pick(claimants);
    // Spread over the six weeks, leaving the last days for the decision to be made by now.
    const day = story.day ?? Math.floor(rand() * 36);
    const filedAt = beijingHour(start + day * DAY, 9 + rand() * 13);
    const paidAt = new Date(filedAt - ((purchase.boughtDaysBefore ?? 2) + Math.floor(rand() * 4)) * DAY);
    const order: UpsertOrderBody = {
      externalId: `H${20261001 + i}`,
      buyerExternalId: claimant.externalId!,
      merchantExternalId: purchase.merchant,
      ...(purchase.event ? { eventExternalId: purchase.event } : {}),
      scenario: purchase.scenario,
      category: purchase.orderCategory,
      title: purchase.item,
      paymentMethod: i % 2 === 0 ? 'alipay' : 'wechat_pay',
      items: [
        { sku: `H-${i % PURCHASES.length}`, title: purchase.item, quantity: 1, unitPriceFen: purchase.fen },
      ],
      goodsFen: BigInt(purchase.fen),
      discountFen: 0n,
      taxFen: 0n,
      serviceFeeFen: 0n,
      shippingFen: 0n,
      refundedFen: 0n,
      paidAt,
      ...(purchase.scenario === 'ecommerce'
        ? {
            shippedAt: new Date(paidAt.getTime() + 20 * HOUR),
            ...(purchase.delivered ? { signedAt: new Date(paidAt.getTime() + 44 * HOUR) } : {}),
          }
        : {}),
      ...(purchase.scenario === 'local_services' && purchase.delivered
        ? { redeemedAt: new Date(filedAt - 20 * HOUR) }
        : {}),
    };
    const { order: row } = await upsertOrder(
      db,
      { tenantId, actor: SYSTEM_ACTOR, now: new Date(filedAt - HOUR) },
      order,
    );
    const filer = claimantActor(claimant);
    const c = await openCase(
      db,
      {
        tenantId,
        claimant: { id: claimant.id, externalId: claimant.externalId },
        channel: i % 3 === 0 ? 'api' : 'web',
        filedBy: filer,
        body: {
          kind: 'complaint',
          orderId: row.id,
          category: purchase.category,
          title: purchase.title,
          description: `${purchase.title}，联系商家未果，请平台介入处理。`,
          requestedRemedy: 'full_refund',
          requestedAmountFen: BigInt(purchase.fen),
          urgent: false,
        },
      },
      { now: new Date(filedAt), calendar },
      resolve,
    );
    const decider = staff.get(purchase.scenario === 'tickets' || rand() < 0.35 ? 'handler2' : 'handler1')!;
    const acceptedAt = filedAt + (1 + rand() * 4) * HOUR;
    // Handlers decide in office hours, one to four days after the case was accepted.
    const decidedAt = beijingHour(acceptedAt + (1 + Math.floor(rand() * 4)) * DAY, 9 + rand() * 9);
    const act = async (action: Action, actor: CaseActorRef, at: number, payload: Record<string, unknown>) =>
      transact(db, async (tx) =>
        actOnDemoCase(tx, tenantId, c.id, action, actor, payload, {
          now: new Date(at),
          calendar,
        }),
      );
    let accepted = await act('accept', staff.get('agent1')!, acceptedAt, { expectedHandlingDays: 7 });
    if (story.facts) {
      const facts = story.facts;
      // What the investigation established, recorded as the handler does on the case page.
      accepted = await transact(db, async (tx) =>
        recordCaseFacts(tx, (await lockCase(tx, tenantId, c.id))!, facts, decider, {
          now: new Date(decidedAt - HOUR),
        }),
      );
    }
    const { evaluation } = await assessCase(db, accepted, { calendar, now: new Date(decidedAt) }, policies);
    if (!evaluation) return; // no recommendation to measure against: left with the handler
    const refundableFen = evaluation.refundableFen;
    const recommended = recommendedPackages(evaluation)[0];
    if (!recommended) return;
    // Every eighth handler gives less than recommended; about a third would rather refund than repair.
    const roll = story.lean ? 0 : rand();
    const lean = story.lean ?? (i % 8 === 5 ? 'less' : roll < 0.35 ? 'more' : 'as_recommended');
    await act(
      'decide',
      decider,
      decidedAt,
      decisionFor(recommended, refundableFen, lean, {
        more: MORE_REASONS[i % MORE_REASONS.length]!,
        less: LESS_REASONS[purchase.category] ?? '双方对损失的发生均有责任，按责任比例部分退款',
      }),
    );
    await act('send_notice', decider, decidedAt + 2 * HOUR, { channels: ['inbox'] });
    const windowClosedAt = decidedAt + 16 * DAY;
    if (windowClosedAt < now.getTime() - HOUR) await act('appeal_window_closed', system, windowClosedAt, {});
  };
  for (let i = 0; i < COUNT; i++) await fileAndDecide(i, PURCHASES[i % PURCHASES.length]!);
  // A counterfeit sold as genuine: fraud, so the pack adds 3× the price (at least ¥500, 消法 Art. 55) to the
  // refund. Carried out, the price goes back along the payment and the compensation, which no payment can
  // carry, is transferred to the consumer's balance (已赔付 on the case).
  await fileAndDecide(COUNT, COUNTERFEIT, {
    day: 8,
    facts: { findings: { counterfeit: true, fraud: true } },
    lean: 'as_recommended',
  });
  return COUNT + 1;
}
