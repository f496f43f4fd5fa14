import { formatFen } from '../../../common/money.js';
import {
  deadline,
  endOf,
  notAdmissible,
  pricePaid,
  reason,
  remedy,
  type EvalContext,
  type Verdict,
} from './evaluation-context.js';
import type { NoReasonExemptCategory } from './facts.js';
import type { RemedyRule, WindowRule } from './policy-parts.schema.js';
import type { PolicyDeadline, Reason } from './result.js';

type Exclusion = { clause: string } | undefined;

/** The 7-day no-reason return as a pack states it (消法 Art. 25; 七日办法 Art. 10; seed 004 第二条(四)). */
export type NoReasonRules = {
  remedy: RemedyRule | undefined;
  window: WindowRule;
  refundWindow: WindowRule;
  includesShipping: { value: boolean; clause: string };
  exclusions: {
    noReasonMadeToOrder?: Exclusion;
    noReasonPerishable?: Exclusion;
    noReasonUnsealedDigital?: Exclusion;
    noReasonPeriodicals?: Exclusion;
    noReasonConfirmedAtPurchase?: Exclusion;
    noReasonNotIntact?: Exclusion;
  };
};

const EXEMPT_KEY = {
  made_to_order: 'noReasonMadeToOrder',
  perishable: 'noReasonPerishable',
  unsealed_digital: 'noReasonUnsealedDigital',
  periodicals: 'noReasonPeriodicals',
} as const satisfies Record<NoReasonExemptCategory, keyof NoReasonRules['exclusions']>;

const EXEMPT_TEXT: Record<NoReasonExemptCategory, [string, string]> = {
  made_to_order: ['消费者定作的商品', 'made to the consumer’s order'],
  perishable: ['鲜活易腐的商品', 'fresh or perishable'],
  unsealed_digital: [
    '在线下载或者消费者拆封的音像制品、计算机软件等数字化商品',
    'downloaded or unsealed digital goods',
  ],
  periodicals: ['交付的报纸、期刊', 'delivered newspapers or periodicals'],
};

/**
 * The 7-day no-reason return: within 7 days counted from the day after signing (七日办法 Art. 10), judged on
 * when the consumer asked; not for the four statutory categories nor goods the consumer confirmed at
 * purchase as not returnable (消法 Art. 25 ¶1–2); the goods must be intact; the merchant refunds the price
 * within 7 days of receiving them; return freight is the consumer's unless agreed (消法 Art. 25 ¶3).
 */
export function evaluateNoReasonReturn(ctx: EvalContext, rules: NoReasonRules): Verdict {
  if (!rules.remedy) {
    return notAdmissible([
      reason(
        rules.window.clause,
        'remedy_not_offered',
        '本规则包未提供七天无理由退货',
        'This policy offers no 7-day no-reason return',
      ),
    ]);
  }
  const reasons = [...exemptionReasons(ctx, rules), ...timeReasons(ctx, rules)];
  if (reasons.length > 0) return notAdmissible(reasons);
  const { order, facts } = ctx;
  const shipping = rules.includesShipping.value ? order.shippingFen : 0n;
  const refundFen = pricePaid(order) + order.taxFen + shipping;
  const deadlines: PolicyDeadline[] = [];
  if (facts.goods?.returnReceivedAt) {
    deadlines.push(deadline(ctx, 'no_reason_refund', rules.refundWindow, facts.goods.returnReceivedAt));
  }
  const merchantFreight = facts.goods?.freightOnMerchantAgreed === true;
  return {
    admissible: true,
    remedies: [
      remedy(ctx, {
        outcome: rules.remedy.outcome,
        clause: rules.remedy.clause,
        refundFen,
        refundLabel: {
          zh: `商品价款${shipping > 0n ? '及运费' : ''} ${formatFen(refundFen)}`,
          en: `Price${shipping > 0n ? ' and shipping' : ''} ${formatFen(refundFen)}`,
        },
        returnGoods: true,
        returnFreightPayer: merchantFreight ? 'respondent' : 'claimant',
        clauses: [rules.window.clause, rules.refundWindow.clause, rules.includesShipping.clause],
        explanation: {
          zh: '七天无理由退货：退回完好商品，商家收到退货后七日内退还商品价款；退货运费由消费者承担（另有约定除外）',
          en: 'No-reason return: send the intact goods back; the merchant refunds the price within 7 days of receiving them; the consumer pays return freight unless agreed otherwise',
        },
      }),
    ],
    deadlines,
  };
}

function exemptionReasons(ctx: EvalContext, rules: NoReasonRules): Reason[] {
  const goods = ctx.facts.goods;
  const reasons: Reason[] = [];
  const category = goods?.exemptCategory;
  const statutory = category ? rules.exclusions[EXEMPT_KEY[category]] : undefined;
  if (category && statutory) {
    const [zh, en] = EXEMPT_TEXT[category];
    reasons.push(
      reason(statutory.clause, `exempt_${category}`, `${zh}不适用无理由退货`, `No no-reason return: ${en}`),
    );
  }
  const confirmed = rules.exclusions.noReasonConfirmedAtPurchase;
  if (goods?.exemptionConfirmedAtPurchase && confirmed) {
    reasons.push(
      reason(
        confirmed.clause,
        'exempt_confirmed_at_purchase',
        '消费者在购买时已确认该商品不宜退货',
        'The consumer confirmed at purchase that these goods are not returnable',
      ),
    );
  }
  const intact = rules.exclusions.noReasonNotIntact;
  if (goods?.intact === false && intact) {
    reasons.push(reason(intact.clause, 'not_intact', '退货商品不完好', 'The goods to return are not intact'));
  }
  return reasons;
}

function timeReasons(ctx: EvalContext, rules: NoReasonRules): Reason[] {
  const signedAt = ctx.order.signedAt;
  // Not signed for yet: the 7 days have not started (电商法 Art. 51: delivery = the consignee's signature).
  if (!signedAt) return [];
  const end = endOf(ctx, rules.window, signedAt);
  if (ctx.requestedAt.getTime() <= end.dueAt.getTime()) return [];
  return [
    reason(
      rules.window.clause,
      'out_of_time',
      `七天无理由退货期限已于 ${end.date} 届满（自签收次日起算）`,
      `The 7-day no-reason window ended on ${end.date} (counted from the day after signing)`,
    ),
  ];
}
