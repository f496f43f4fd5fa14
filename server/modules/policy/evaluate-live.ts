import { manualHandling, outOfScope, withCompensation } from './common-verdicts.js';
import {
  finding,
  openFindings,
  rejection,
  remedy,
  type EvalContext,
  type Verdict,
} from './evaluation-context.js';
import type { LiveStreamingPack } from './policy.schema.js';
import type { RecommendedRemedy } from './result.js';
import { fraudCompensation } from './statutory-compensation.js';

type Ctx = EvalContext<LiveStreamingPack>;

/**
 * Live-streaming (seed 001; 实施条例 Art. 10): virtual goods and memberships. Fraud → everything paid back
 * and the seller penalised (warning, trade restriction), plus 消法 Art. 55 compensation; a buyer's own
 * misunderstanding → an explanation; an auto-renewal charged without both conspicuous notices → refund.
 */
export function evaluateLive(ctx: Ctx): Verdict {
  switch (ctx.facts.category) {
    case 'membership_auto_renewal':
      return renewal(ctx);
    case 'virtual_goods':
    case 'not_as_described':
    case 'counterfeit':
    case 'fake_transaction':
      return withFraudCompensation(ctx, virtualGoods(ctx));
    case 'not_delivered':
      return notDelivered(ctx);
    case 'review_dispute':
    case 'privacy':
    case 'other':
      return manualHandling(ctx);
    default:
      return outOfScope(ctx, false);
  }
}

function withFraudCompensation(ctx: Ctx, verdict: Verdict): Verdict {
  if (finding(ctx, 'fraud') === false) return verdict;
  const { pack } = ctx;
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

// seed 001 处理决定: seller fraud → refund everything and penalise; the buyer's own mistake → explain.
function virtualGoods(ctx: Ctx): Verdict {
  const r = ctx.pack.remedies;
  const remedies: RecommendedRemedy[] = [];
  if (finding(ctx, 'misunderstanding') === true && r.misunderstandingExplained) {
    remedies.push(
      rejection(ctx, r.misunderstandingExplained.clause, {
        zh: '因买家误解或自身操作失误：向买家详细解释说明并提供合理的解决方案建议',
        en: "The buyer's own misunderstanding or mistake: explain in detail and suggest a reasonable solution",
      }),
    );
    return { admissible: true, remedies };
  }
  if (!r.fraudFullRefund) return outOfScope(ctx, false);
  if (finding(ctx, 'fraud') === false) {
    return {
      admissible: true,
      remedies: [
        rejection(ctx, r.fraudFullRefund.clause, {
          zh: '经查卖家不存在欺诈行为',
          en: 'No fraud by the seller was found',
        }),
      ],
    };
  }
  remedies.push(
    remedy(ctx, {
      outcome: r.fraudFullRefund.outcome,
      clause: r.fraudFullRefund.clause,
      refundFen: ctx.order.totalFen,
      penalties: r.fraudFullRefund.penalties,
      explanation: {
        zh: '卖家存在欺诈行为：退还买家全部费用，并对卖家予以处罚',
        en: 'Seller fraud: refund everything the buyer paid and penalise the seller',
      },
      pendingFindings: openFindings(ctx, 'fraud'),
    }),
  );
  return { admissible: true, remedies };
}

function notDelivered(ctx: Ctx): Verdict {
  const rule = ctx.pack.remedies.notDeliveredRefund;
  if (!rule) return outOfScope(ctx, false);
  if (finding(ctx, 'not_delivered') === false) {
    return {
      admissible: true,
      remedies: [
        rejection(ctx, rule.clause, { zh: '经查虚拟物品已到账', en: 'The virtual goods were credited' }),
      ],
    };
  }
  return {
    admissible: true,
    remedies: [
      remedy(ctx, {
        outcome: rule.outcome,
        clause: rule.clause,
        refundFen: ctx.order.totalFen,
        explanation: { zh: '已付款未到账：退款', en: 'Paid but not credited: refund' },
        pendingFindings: openFindings(ctx, 'not_delivered'),
      }),
    ],
  };
}

// 实施条例 Art. 10 ¶2: an auto-renewal must be flagged conspicuously before service starts and before each
// renewal date. A renewal charged without both notices lacks the consumer's informed choice → refund it.
function renewal(ctx: Ctx): Verdict {
  const rule = ctx.pack.remedies.renewalRefund;
  if (!rule) return outOfScope(ctx, false);
  const notices = ctx.facts.live?.renewal;
  if (notices?.noticeBeforeStart && notices.noticeBeforeRenewal) {
    return {
      admissible: true,
      remedies: [
        rejection(ctx, rule.clause, {
          zh: '经营者已在接受服务前和续费日期前以显著方式提请注意：不予退款，可随时取消后续续费',
          en: 'Both conspicuous notices were given: no refund; future renewals can be cancelled at any time',
        }),
      ],
    };
  }
  return {
    admissible: true,
    remedies: [
      remedy(ctx, {
        outcome: rule.outcome,
        clause: rule.clause,
        refundFen: ctx.order.totalFen,
        explanation: {
          zh: notices
            ? '自动续费前未以显著方式提请消费者注意：退还本次续费'
            : '待查明是否已显著提示；未提示则退还本次续费',
          en: notices
            ? 'Renewed without the conspicuous notice: refund this renewal'
            : 'Refund this renewal unless both notices are shown to have been given',
        },
      }),
    ],
  };
}
