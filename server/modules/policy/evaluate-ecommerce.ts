import { manualHandling, outOfScope, withCompensation } from './common-verdicts.js';
import {
  finding,
  openFindings,
  rejection,
  remedy,
  within,
  type EvalContext,
  type Verdict,
} from './evaluation-context.js';
import { evaluateNoReasonReturn, type NoReasonRules } from './no-reason-return.js';
import type { EcommercePack } from './policy.schema.js';
import type { RemedyRule } from './policy-parts.schema.js';
import type { RecommendedRemedy } from './result.js';
import { foodCompensation, fraudCompensation } from './statutory-compensation.js';

type Ctx = EvalContext<EcommercePack>;

/** The no-reason return rules of an e-commerce pack. */
export function ecommerceNoReasonRules(pack: EcommercePack): NoReasonRules {
  return {
    remedy: pack.remedies.noReasonReturn,
    window: pack.windows.noReasonReturn,
    refundWindow: pack.windows.noReasonRefund,
    includesShipping: pack.settings.noReasonRefundIncludesShipping,
    exclusions: pack.exclusions,
  };
}

/**
 * E-commerce under the law: the 7-day no-reason return; quality (消法 Art. 24, 三包 Art. 9–10); not as
 * described (消法 Art. 23 ¶2); counterfeit; not delivered (消法 Art. 53); plus food (食品安全法 Art. 148)
 * or fraud (消法 Art. 55) compensation on top.
 */
export function evaluateEcommerce(ctx: Ctx): Verdict {
  if (ctx.facts.noReasonReturn) return evaluateNoReasonReturn(ctx, ecommerceNoReasonRules(ctx.pack));
  switch (ctx.facts.category) {
    case 'quality':
      return withStatutory(ctx, single(ctx, qualityRemedies(ctx)));
    case 'not_as_described':
    case 'counterfeit':
      return withStatutory(ctx, single(ctx, misrepresented(ctx)));
    case 'not_delivered':
    case 'late_delivery':
      return withStatutory(ctx, single(ctx, notDelivered(ctx)));
    case 'review_dispute':
    case 'privacy':
    case 'other':
      return manualHandling(ctx);
    default:
      return outOfScope(ctx, false);
  }
}

function single(ctx: Ctx, remedies: RecommendedRemedy[] | null): Verdict {
  if (remedies) return { admissible: true, remedies };
  return outOfScope(ctx, false);
}

// 食品安全法 Art. 148 is the "法律另有规定" of 消法 Art. 55: food gets the food rule, never both.
function withStatutory(ctx: Ctx, verdict: Verdict): Verdict {
  const { pack, facts } = ctx;
  const food = foodCompensation(ctx, {
    remedy: pack.remedies.foodCompensation,
    priceMultiplier: pack.amounts.foodPriceMultiplier,
    lossMultiplier: pack.amounts.foodLossMultiplier,
    minimum: pack.amounts.foodMinimum,
    labelFlaw: pack.exclusions.foodLabelFlaw,
  });
  if (food) return withCompensation(verdict, food);
  const fraud = finding(ctx, 'fraud');
  const plausible = facts.category === 'counterfeit' || facts.category === 'not_as_described';
  if (!(fraud === true || (fraud === undefined && plausible))) return verdict;
  return withCompensation(
    verdict,
    fraudCompensation(ctx, {
      remedy: pack.remedies.fraudCompensation,
      multiplier: pack.amounts.fraudMultiplier,
      minimum: pack.amounts.fraudMinimum,
      labelFlaw: pack.exclusions.fraudLabelFlaw,
      manufactured: pack.exclusions.fraudManufacturedClaim,
    }),
  );
}

// 消法 Art. 24: within 7 days of receipt a return; later, replacement or repair. 三包 Art. 9–10 for a
// performance fault: 7 days return/exchange/repair, 15 days exchange/repair. The operator bears freight.
function qualityRemedies(ctx: Ctx): RecommendedRemedy[] | null {
  const { pack, order, facts } = ctx;
  const rule = pack.remedies.qualityReturn ?? pack.remedies.repairOrExchange;
  if (finding(ctx, 'quality_defect') === false && rule) {
    return [
      rejection(ctx, rule.clause, {
        zh: '经查商品不存在质量问题',
        en: 'The goods were found free of defects',
      }),
    ];
  }
  const pending = openFindings(ctx, 'quality_defect');
  const received = order.signedAt ?? order.paidAt;
  const sold = pack.settings.threeGuaranteesFrom.value === 'sale' ? order.paidAt : received;
  const fault = facts.goods?.performanceFault === true;
  const w = pack.windows;
  const r = pack.remedies;
  if (r.qualityReturn && within(ctx, w.qualityReturn, received, ctx.requestedAt)) {
    return returnWithOptions(ctx, r.qualityReturn, pending, fault ? r.threeGuaranteesReturn : undefined);
  }
  if (fault && r.threeGuaranteesReturn && within(ctx, w.threeGuaranteesReturn, sold, ctx.requestedAt)) {
    return returnWithOptions(ctx, r.threeGuaranteesReturn, pending);
  }
  if (fault && r.threeGuaranteesExchange && within(ctx, w.threeGuaranteesExchange, sold, ctx.requestedAt)) {
    return [
      offer(ctx, 'exchange', r.threeGuaranteesExchange, 'primary', pending),
      offer(ctx, 'repair', r.threeGuaranteesExchange, 'alternative', pending),
    ];
  }
  if (!r.repairOrExchange) return null;
  return [
    offer(ctx, 'repair', r.repairOrExchange, 'primary', pending),
    offer(ctx, 'exchange', r.repairOrExchange, 'alternative', pending),
  ];
}

function returnWithOptions(
  ctx: Ctx,
  rule: RemedyRule,
  pendingFindings: ReturnType<typeof openFindings>,
  alsoUnder?: RemedyRule,
): RecommendedRemedy[] {
  const clauses = alsoUnder ? [alsoUnder.clause] : [];
  return [
    remedy(ctx, {
      outcome: 'return_and_refund',
      clause: rule.clause,
      refundFen: ctx.order.totalFen,
      returnGoods: true,
      returnFreightPayer: 'respondent',
      clauses,
      explanation: {
        zh: '商品不符合质量要求：退货并全额退款，运输等必要费用由经营者承担',
        en: 'Goods below quality requirements: return and full refund; the operator bears transport costs',
      },
      pendingFindings,
    }),
    offer(ctx, 'exchange', rule, 'alternative', pendingFindings),
    offer(ctx, 'repair', rule, 'alternative', pendingFindings),
  ];
}

function offer(
  ctx: Ctx,
  outcome: 'exchange' | 'repair',
  rule: RemedyRule,
  role: 'primary' | 'alternative',
  pendingFindings: ReturnType<typeof openFindings>,
): RecommendedRemedy {
  const zh = outcome === 'exchange' ? '更换' : '修理';
  return remedy(ctx, {
    outcome,
    role,
    clause: rule.clause,
    refundFen: 0n,
    returnGoods: true,
    returnFreightPayer: 'respondent',
    explanation: {
      zh: `${zh}，运输等必要费用由经营者承担`,
      en: `${outcome}; the operator bears transport costs`,
    },
    pendingFindings,
  });
}

// 消法 Art. 23 ¶2: the goods must match how they were represented; a counterfeit sold as genuine does not.
function misrepresented(ctx: Ctx): RecommendedRemedy[] | null {
  const rule = ctx.pack.remedies.notAsDescribedReturn;
  if (!rule) return null;
  const key = ctx.facts.category === 'counterfeit' ? 'counterfeit' : 'not_as_described';
  if (finding(ctx, key) === false) {
    return [
      rejection(ctx, rule.clause, { zh: '经查商品与描述相符', en: 'The goods were found as described' }),
    ];
  }
  return [
    remedy(ctx, {
      outcome: rule.outcome,
      clause: rule.clause,
      refundFen: ctx.order.totalFen,
      returnGoods: true,
      returnFreightPayer: 'respondent',
      explanation: {
        zh: '商品与表明的质量状况不符：退货退款，运费由经营者承担',
        en: 'Goods not as represented: return and refund; the operator pays freight',
      },
      pendingFindings: openFindings(ctx, key),
    }),
  ];
}

// 消法 Art. 53: paid in advance and not supplied as agreed → perform or refund, as the consumer asks.
function notDelivered(ctx: Ctx): RecommendedRemedy[] | null {
  const rule = ctx.pack.remedies.notDeliveredRefund;
  if (!rule) return null;
  if (finding(ctx, 'not_delivered') === false) {
    return [
      rejection(ctx, rule.clause, {
        zh: '经查商家已按约定发货',
        en: 'The goods were found shipped as agreed',
      }),
    ];
  }
  return [
    remedy(ctx, {
      outcome: rule.outcome,
      clause: rule.clause,
      refundFen: ctx.order.totalFen,
      explanation: {
        zh: '未按约定提供商品：按消费者要求退回预付款（或继续履行）',
        en: 'Not supplied as agreed: refund the prepayment (or perform, if the consumer prefers)',
      },
      pendingFindings: openFindings(ctx, 'not_delivered'),
    }),
  ];
}
