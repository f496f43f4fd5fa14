import { manualHandling, outOfScope } from './common-verdicts.js';
import { notAdmissible, reason, type EvalContext, type Verdict } from './evaluation-context.js';
import type { CaseFacts } from './facts.js';
import type { VoucherPack } from './policy.schema.js';
import type { Reason, Referral } from './result.js';
import { asVerdict, postRedemption } from './voucher-post-redemption.js';
import {
  agreementRemedy,
  ifEstablished,
  performanceRemedies,
  priceRaisedRemedies,
  refundAll,
} from './voucher-remedies.js';

type Ctx = EvalContext<VoucherPack>;

const BREACH = new Set([
  'quality',
  'not_as_described',
  'counterfeit',
  'service_not_performed',
  'partly_performed',
  'price_raised_on_site',
]);

/**
 * Local-services vouchers (seed 002 §9–§28): the exclusions of §27, fake transactions (§17), agreements
 * (§27(二)), then disputes before redemption (事中, §26(一)) and after it (事后, §26(二)) with their windows,
 * the remedies of §14, §15, §19 and the burden of proof of §21–§24.
 */
export function evaluateVoucher(input: Ctx): Verdict {
  const ctx = withTestResult(input);
  const excluded = exclusions(ctx);
  if (excluded.length > 0) return notAdmissible(excluded, referralFor(ctx, excluded));
  const redeemed = Boolean(ctx.order.redeemedAt);
  if (ctx.facts.category === 'fake_transaction') return fakeTransaction(ctx, redeemed);
  if (ctx.facts.settlement && !ctx.facts.settlement.performed) {
    const agreed = agreementRemedy(ctx);
    if (agreed) return agreed;
  }
  const verdict = redeemed ? postRedemption(ctx) : preRedemption(ctx);
  return verdict.admissible ? withDangerReferral(ctx, verdict) : verdict;
}

// §24: a test report settles the finding it tests, unless the handler recorded the finding otherwise.
function withTestResult(ctx: Ctx): Ctx {
  const result = ctx.facts.voucher?.testing?.result;
  if (!result) return ctx;
  const tested: CaseFacts['findings'] =
    result === 'conforming'
      ? { quality_defect: false, counterfeit: false }
      : result === 'counterfeit'
        ? { counterfeit: true }
        : { quality_defect: true };
  return { ...ctx, facts: { ...ctx.facts, findings: { ...tested, ...ctx.facts.findings } } };
}

// §27(二) performed agreement, §27(三) a different item accepted at the store, §27(四) re-application.
function exclusions(ctx: Ctx): Reason[] {
  const { facts, pack } = ctx;
  const ex = pack.exclusions;
  const reasons: Reason[] = [];
  if (facts.settlement?.performed && ex.settledAndPerformed) {
    reasons.push(
      reason(
        ex.settledAndPerformed.clause,
        'settled_and_performed',
        '双方已自行达成退款协议并履行完毕，反悔不予处理',
        'A refund agreement the parties made and performed is not reopened',
      ),
    );
  }
  if (facts.voucher?.acceptedDifferentItemAtStore && ex.acceptedDifferentItemAtStore) {
    reasons.push(
      reason(
        ex.acceptedDifferentItemAtStore.clause,
        'accepted_different_item',
        '门店实际核销的服务或商品与平台发布的不一致，因实际交易产生的争议不予处理',
        'What was redeemed at the store differs from the listing: that trade is not handled',
      ),
    );
  }
  if (facts.priorRejection && ex.reapplicationAfterRejection) {
    reasons.push(
      reason(
        ex.reapplicationAfterRejection.clause,
        'reapplication_after_rejection',
        '退款要求已被驳回，再次申请不予处理',
        'The refund request was already rejected; a new application is not handled',
      ),
    );
  }
  return reasons;
}

function referralFor(ctx: Ctx, reasons: Reason[]): Referral | undefined {
  if (!reasons.some((r) => r.code === 'reapplication_after_rejection')) return undefined;
  return {
    to: 'platform_appeal',
    clause: ctx.pack.lifecycle.appeal.clause,
    message: {
      zh: '对驳回决定不服的，应在复议期限内申请复议',
      en: 'Appeal the rejection within the appeal period instead',
    },
  };
}

// §17: fake transactions are refunded before redemption and not accepted after it.
function fakeTransaction(ctx: Ctx, redeemed: boolean): Verdict {
  const after = ctx.pack.exclusions.fakeTransactionAfterRedemption;
  if (redeemed && after) {
    return notAdmissible([
      reason(
        after.clause,
        'fake_transaction_after_redemption',
        '虚假交易核销成功后，平台不予受理',
        'A fake transaction is not accepted after redemption',
      ),
    ]);
  }
  return asVerdict(
    ctx,
    refundAll(
      ctx,
      ctx.pack.remedies.fakeTransactionRefund,
      '虚假交易，核销前做退款处理',
      'Fake transaction before redemption: refund',
    ),
  );
}

// 事中 (§6, §26(一)): before redemption the consumer gets the money back — unless the merchant already
// performed as agreed, when a refund needs the merchant's consent (§18).
function preRedemption(ctx: Ctx): Verdict {
  const { facts, pack } = ctx;
  const needsAgreement = pack.exclusions.merchantPerformedNeedsAgreement;
  if (facts.voucher?.merchantPerformed && !BREACH.has(facts.category) && needsAgreement) {
    return notAdmissible(
      [
        reason(
          needsAgreement.clause,
          'merchant_performed',
          '商户已产生实质服务行为或已依约完成服务，退款需与商户协商一致',
          'The merchant already performed as agreed: a refund needs its consent',
        ),
      ],
      {
        to: 'negotiate_with_respondent',
        clause: needsAgreement.clause,
        message: { zh: '请与商户协商', en: 'Negotiate with the merchant' },
      },
    );
  }
  switch (facts.category) {
    case 'counterfeit':
      return asVerdict(
        ctx,
        ifEstablished(
          ctx,
          'counterfeit',
          pack.remedies.illegalOrCounterfeitRefund,
          '假冒或违法商品：退款',
          'Counterfeit or illegal goods: refund',
        ),
      );
    case 'price_raised_on_site':
      return asVerdict(ctx, priceRaisedRemedies(ctx));
    case 'service_not_performed':
    case 'partly_performed':
      return asVerdict(ctx, performanceRemedies(ctx));
    case 'review_dispute':
    case 'privacy':
      return manualHandling(ctx);
    case 'ticket_refund':
    case 'virtual_goods':
    case 'membership_auto_renewal':
      return outOfScope(ctx, false);
    default:
      return asVerdict(
        ctx,
        refundAll(
          ctx,
          pack.remedies.preRedemptionRefund,
          '核销成功前申请退款：退款',
          'Applied before redemption: refund',
        ),
      );
  }
}

// §16: a loss from an unreasonable danger is settled between the parties or elsewhere, not by the platform.
function withDangerReferral(ctx: Ctx, verdict: Extract<Verdict, { admissible: true }>): Verdict {
  const rule = ctx.pack.exclusions.dangerLossElsewhere;
  if (!ctx.facts.goods?.dangerCausedLoss || !rule) return verdict;
  const referral: Referral = {
    to: 'court',
    clause: rule.clause,
    message: {
      zh: '人身财产损失由双方另行协商或通过其他途径解决',
      en: 'The personal or property loss is for the parties or the courts',
    },
  };
  return { ...verdict, referrals: [...(verdict.referrals ?? []), referral] };
}
