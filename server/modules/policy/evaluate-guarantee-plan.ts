import { formatFen } from '../../../common/money.js';
import { basisPointsOf, minFen } from './allocation.js';
import { manualHandling, outOfScope } from './common-verdicts.js';
import {
  endOf,
  finding,
  notAdmissible,
  openFindings,
  pricePaid,
  reason,
  rejection,
  remedy,
  type EvalContext,
  type Verdict,
} from './evaluation-context.js';
import type { Finding } from './facts.js';
import { evaluateNoReasonReturn } from './no-reason-return.js';
import type { GuaranteePlanPack } from './policy.schema.js';
import type { AmountRule, RemedyRule } from './policy-parts.schema.js';
import type { FundingSource, RecommendedRemedy, Reason } from './result.js';
import { maliciousClaim } from './statutory-compensation.js';

type Ctx = EvalContext<GuaranteePlanPack>;
type Rate = Extract<AmountRule, { type: 'rate' }>;

/**
 * The consumer guarantee plan (seed 004, 拼多多消费者保障计划): counterfeit → 假一赔十; as described; honest
 * shipping; 7-day no-reason return; claims within 15 days after confirmed receipt (第七条); malicious or
 * for-profit claims excluded (第九条); paid from the merchant's deposit (第六条), the guarantee fund covering
 * what the deposit cannot (第八条).
 */
export function evaluateGuaranteePlan(ctx: Ctx): Verdict {
  const { pack, facts } = ctx;
  const conduct = facts.conduct;
  const malicious = conduct?.malicious || conduct?.forProfit || conduct?.knowinglyBoughtFake;
  if (malicious && pack.exclusions.maliciousClaim)
    return maliciousClaim(pack.exclusions.maliciousClaim.clause);
  const late = lateClaim(ctx);
  if (late) return notAdmissible([late], { to: 'regulator_12315', clause: late.clause, message: REGULATOR });
  if (facts.noReasonReturn) {
    return evaluateNoReasonReturn(ctx, {
      remedy: pack.remedies.noReasonReturn,
      window: pack.windows.noReasonReturn,
      refundWindow: pack.windows.noReasonRefund,
      includesShipping: pack.settings.noReasonRefundIncludesShipping,
      exclusions: pack.exclusions,
    });
  }
  const remedies = remediesFor(ctx);
  if (remedies === 'manual') return manualHandling(ctx);
  if (!remedies) return outOfScope(ctx, false);
  return { admissible: true, remedies: remedies.list, notes: remedies.notes };
}

const REGULATOR = {
  zh: '可向市场监管部门（12315）投诉',
  en: 'The consumer may complain to the regulator (12315)',
};

// 第七条: from ordering until 15 days after confirmed receipt (clicked or automatic), judged on the day the
// consumer applied to the platform. Before receipt is confirmed the window is open.
function lateClaim(ctx: Ctx): Reason | null {
  const receipt = ctx.facts.guarantee?.receiptConfirmedAt ?? ctx.order.signedAt;
  if (!receipt) return null;
  const end = endOf(ctx, ctx.pack.windows.claim, receipt);
  if (ctx.facts.filedAt.getTime() <= end.dueAt.getTime()) return null;
  return reason(
    ctx.pack.windows.claim.clause,
    'out_of_time',
    `确认收货后15天内未申请（已于 ${end.date} 届满），平台不予受理`,
    `Not claimed within 15 days after confirmed receipt (ended ${end.date})`,
  );
}

type Remedies = { list: RecommendedRemedy[]; notes: Reason[] };

function remediesFor(ctx: Ctx): Remedies | 'manual' | null {
  const { pack, facts } = ctx;
  const r = pack.remedies;
  switch (facts.category) {
    case 'counterfeit':
      return r.counterfeitTenfold ? tenfold(ctx, r.counterfeitTenfold, 'counterfeit') : null;
    case 'quality':
      return quality(ctx);
    case 'not_as_described':
      return r.asDescribed
        ? breach(ctx, r.asDescribed, pack.amounts.asDescribedCompensation, 'not_as_described', true)
        : null;
    case 'not_delivered':
    case 'late_delivery':
      return r.honestShipping
        ? breach(ctx, r.honestShipping, pack.amounts.honestShippingCompensation, 'shipping_breach', false)
        : null;
    case 'review_dispute':
    case 'privacy':
    case 'other':
      return 'manual';
    default:
      return null;
  }
}

// 第二条(一): "假货等严重问题商品" — counterfeit, and (setting) other seriously defective goods.
function quality(ctx: Ctx): Remedies | null {
  const { pack } = ctx;
  const serious = finding(ctx, 'serious_quality_problem');
  const tenfoldRule = pack.remedies.counterfeitTenfold;
  if (tenfoldRule && pack.settings.tenfoldCoversSeriousQuality.value && serious === true) {
    return tenfold(ctx, tenfoldRule, 'serious_quality_problem');
  }
  const rule = pack.remedies.qualityReturn;
  if (!rule) return null;
  if (finding(ctx, 'quality_defect') === false) {
    return {
      list: [rejection(ctx, rule.clause, { zh: '经查商品不存在质量问题', en: 'No defect found' })],
      notes: [],
    };
  }
  return { list: [returnAndRefund(ctx, rule, openFindings(ctx, 'quality_defect'))], notes: [] };
}

function tenfold(ctx: Ctx, rule: RemedyRule, key: Finding): Remedies {
  if (finding(ctx, key) === false) {
    return {
      list: [rejection(ctx, rule.clause, { zh: '经查商品非假冒', en: 'The goods were found genuine' })],
      notes: [],
    };
  }
  const pending = openFindings(ctx, key);
  const primary = returnAndRefund(ctx, rule, pending);
  const times = BigInt(ctx.pack.amounts.counterfeitMultiplier.times);
  const price = pricePaid(ctx.order);
  const gross = price * times;
  // Setting: whether the 10× already includes the refunded price (seed 004 does not say).
  const includes = ctx.pack.settings.tenfoldIncludesRefund;
  const fen = includes.value ? (gross > primary.refundFen ? gross - primary.refundFen : 0n) : gross;
  const label = {
    zh: `假一赔十：价款 ${formatFen(price)} 的 ${times} 倍${includes.value ? '（含已退价款）' : ''}`,
    en: `Ten for one fake: ${times}× the price ${formatFen(price)}${includes.value ? ' (refund included)' : ''}`,
  };
  const compensation = payout(ctx, rule, fen, label, pending, [
    ctx.pack.amounts.counterfeitMultiplier.clause,
    includes.clause,
  ]);
  return { list: [primary, compensation], notes: [] };
}

// 第二条(二)/(三): breach of the as-described or honest-shipping promise → 违约赔付. The seed names no
// amount; the pack's rate (default 0) sets it, and at 0 the note tells the handler to assess it.
function breach(ctx: Ctx, rule: RemedyRule, rate: Rate, key: Finding, goodsBack: boolean): Remedies {
  if (finding(ctx, key) === false) {
    return {
      list: [rejection(ctx, rule.clause, { zh: '经查商家未违背承诺', en: 'No breach of the promise found' })],
      notes: [],
    };
  }
  const pending = openFindings(ctx, key);
  const primary = goodsBack
    ? returnAndRefund(ctx, rule, pending)
    : remedy(ctx, {
        outcome: 'refund',
        clause: rule.clause,
        refundFen: ctx.order.totalFen,
        explanation: { zh: '商家违背诚信发货承诺：退款', en: 'Honest-shipping promise broken: refund' },
        pendingFindings: pending,
      });
  const fen = basisPointsOf(pricePaid(ctx.order), rate.basisPoints);
  if (fen === 0n) {
    const note = reason(
      rate.clause,
      'compensation_unset',
      '规则包未设定违约赔付金额，由处理人评估',
      'The pack sets no breach compensation: the handler assesses it',
    );
    return { list: [primary], notes: [note] };
  }
  const label = {
    zh: `违约赔付：价款的 ${rate.basisPoints / 100}%`,
    en: `Breach compensation: ${rate.basisPoints / 100}% of the price`,
  };
  return { list: [primary, payout(ctx, rule, fen, label, pending, [rate.clause])], notes: [] };
}

function returnAndRefund(ctx: Ctx, rule: RemedyRule, pendingFindings: Finding[]): RecommendedRemedy {
  return remedy(ctx, {
    outcome: 'return_and_refund',
    clause: rule.clause,
    refundFen: ctx.order.totalFen,
    returnGoods: true,
    returnFreightPayer: 'respondent',
    explanation: { zh: '退货退款，运费由商家承担', en: 'Return and refund; the merchant pays freight' },
    pendingFindings,
  });
}

function payout(
  ctx: Ctx,
  rule: RemedyRule,
  fen: bigint,
  label: { zh: string; en: string },
  pendingFindings: Finding[],
  clauses: string[],
): RecommendedRemedy {
  const funding = planFunding(ctx, fen);
  return remedy(ctx, {
    outcome: 'compensation',
    role: 'additional',
    clause: rule.clause,
    refundFen: 0n,
    lines: [{ kind: 'compensation', fen, clause: rule.clause, label }],
    funding: funding.shares,
    clauses: [...clauses, ...funding.clauses],
    explanation: { zh: '消保计划赔付', en: 'Guarantee-plan compensation' },
    pendingFindings,
  });
}

// 第六条: deduct the merchant's deposit; 第八条: the guarantee fund pays what the deposit cannot.
function planFunding(
  ctx: Ctx,
  fen: bigint,
): { shares: { source: FundingSource; fen: bigint }[]; clauses: string[] } {
  const { depositDeduction, guaranteeFund } = ctx.pack.remedies;
  if (!depositDeduction) return { shares: [{ source: 'respondent', fen }], clauses: [] };
  const clauses = [depositDeduction.clause, ...(guaranteeFund ? [guaranteeFund.clause] : [])];
  const available = ctx.facts.guarantee?.depositAvailableFen;
  if (available === undefined || !guaranteeFund)
    return { shares: [{ source: 'merchant_deposit', fen }], clauses };
  const fromDeposit = minFen(available, fen);
  const shares: { source: FundingSource; fen: bigint }[] = [{ source: 'merchant_deposit', fen: fromDeposit }];
  if (fen > fromDeposit) shares.push({ source: 'guarantee_fund', fen: fen - fromDeposit });
  return { shares, clauses };
}
