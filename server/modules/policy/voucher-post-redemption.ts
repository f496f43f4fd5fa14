import { manualHandling, outOfScope } from './common-verdicts.js';
import { endOf, notAdmissible, reason, type EvalContext, type Verdict } from './evaluation-context.js';
import type { VoucherPack } from './policy.schema.js';
import type { WindowRule } from './policy-parts.schema.js';
import type { Reason } from './result.js';
import { voucherEvidence } from './voucher-evidence.js';
import {
  ifEstablished,
  performanceRemedies,
  priceRaisedRemedies,
  type VoucherRemedies,
} from './voucher-remedies.js';

type Ctx = EvalContext<VoucherPack>;

/**
 * 事后 disputes (seed 002 §7, §26(二)): each kind has its window, counted from the transaction's success
 * (or, for 三包, from redemption); an application out of time is not accepted (§27(一)).
 */
export function postRedemption(ctx: Ctx): Verdict {
  const { facts, pack, order } = ctx;
  const succeeded = facts.voucher?.transactionSucceededAt ?? order.redeemedAt ?? order.paidAt;
  const redeemedAt = order.redeemedAt ?? succeeded;
  const w = pack.windows;
  const r = pack.remedies;
  switch (facts.category) {
    case 'counterfeit':
      return timed(ctx, w.postRedemptionDispute, succeeded, () =>
        ifEstablished(
          ctx,
          'counterfeit',
          r.illegalOrCounterfeitRefund,
          '假冒或违法商品：退款',
          'Counterfeit or illegal goods: refund',
        ),
      );
    case 'quality':
      return quality(ctx, succeeded, redeemedAt);
    case 'not_as_described': {
      const barred = visibleMismatch(ctx);
      if (barred) return notAdmissible([barred]);
      return timed(ctx, w.postRedemptionDispute, succeeded, () =>
        ifEstablished(
          ctx,
          'not_as_described',
          r.qualityReturnRefund,
          '与网上描述不符：退货退款',
          'Not as described: return and refund',
        ),
      );
    }
    case 'service_not_performed':
    case 'partly_performed':
    case 'not_delivered':
      return timed(ctx, w.postRedemptionService, succeeded, () => performanceRemedies(ctx));
    case 'price_raised_on_site':
      return timed(ctx, w.postRedemptionService, succeeded, () => priceRaisedRemedies(ctx));
    case 'other':
      return timed(ctx, w.postRedemptionDispute, succeeded, () => 'manual');
    case 'review_dispute':
    case 'privacy':
      return manualHandling(ctx);
    default:
      return outOfScope(ctx, false);
  }
}

// §26(二)1 and §15 within 7 days; for 三包 goods §26(二)2 allows 90 days, for exchange or repair (§10(三)).
function quality(ctx: Ctx, succeeded: Date, redeemedAt: Date): Verdict {
  const { pack } = ctx;
  const w = pack.windows;
  const r = pack.remedies;
  const returnRefund = () =>
    ifEstablished(
      ctx,
      'quality_defect',
      r.qualityReturnRefund,
      '商品存在质量问题：退货退款',
      'Quality problem: return and refund',
    );
  if (
    !ctx.facts.voucher?.threeGuarantees ||
    lateReasons(ctx, w.postRedemptionDispute, succeeded).length === 0
  ) {
    return timed(ctx, w.postRedemptionDispute, succeeded, returnRefund);
  }
  return timed(ctx, w.threeGuarantees, redeemedAt, () =>
    ifEstablished(
      ctx,
      'quality_defect',
      r.threeGuaranteesExchangeRepair,
      '三包范围内的质量问题：换货或维修',
      'Within 三包: exchange or repair',
    ),
  );
}

// §13(一)1–3: what can be seen by eye must be checked before pressing "确认使用"; a visible mismatch is
// not disputable afterwards. §26(二)1 still admits hidden ones (setting postRedemptionMismatch).
function visibleMismatch(ctx: Ctx): Reason | null {
  const rule = ctx.pack.exclusions.redeemedVisibleMismatch;
  const mode = ctx.pack.settings.postRedemptionMismatch.value;
  if (!rule || mode === 'all') return null;
  if (mode === 'hidden_only' && ctx.facts.goods?.visibleByEye !== true) return null;
  return reason(
    rule.clause,
    'redeemed_visible_mismatch',
    '核销即视为认可所提取商品，核销后不得以与发布信息不一致为由投诉',
    'Redeeming accepts the goods: a visible mismatch cannot be raised afterwards',
  );
}

function lateReasons(ctx: Ctx, rule: WindowRule, from: Date): Reason[] {
  const end = endOf(ctx, rule, from);
  if (ctx.requestedAt.getTime() <= end.dueAt.getTime()) return [];
  const outOfTime = ctx.pack.exclusions.outOfTime;
  const reasons = [
    reason(rule.clause, 'out_of_time', `申请期限已于 ${end.date} 届满`, `The window ended on ${end.date}`),
  ];
  if (outOfTime)
    reasons.push(
      reason(
        outOfTime.clause,
        'out_of_time',
        '超出规定时限提出退款申请，不予受理',
        'Applications out of time are not accepted',
      ),
    );
  return reasons;
}

function timed(ctx: Ctx, rule: WindowRule, from: Date, then: () => VoucherRemedies | 'manual'): Verdict {
  const late = lateReasons(ctx, rule, from);
  if (late.length > 0) return notAdmissible(late);
  const result = then();
  return result === 'manual' ? manualHandling(ctx) : asVerdict(ctx, result, rule.clause);
}

/** The remedies as an admissible verdict with the §21–§24 evidence plan; out of scope when there are none. */
export function asVerdict(ctx: Ctx, result: VoucherRemedies, windowClause?: string): Verdict {
  if (!result) return outOfScope(ctx, false);
  const notes = windowClause
    ? [
        ...result.notes,
        reason(windowClause, 'within_window', '在申请期限内', 'Within the application window'),
      ]
    : result.notes;
  return { admissible: true, remedies: result.remedies, notes, evidence: voucherEvidence(ctx) };
}
