import { formatFen } from '../../../common/money.js';
import { splitProRata } from './allocation.js';
import {
  finding,
  openFindings,
  reason,
  rejection,
  remedy,
  type EvalContext,
  type Verdict,
} from './evaluation-context.js';
import type { Finding, PerformancePart } from './facts.js';
import type { VoucherPack } from './policy.schema.js';
import type { RemedyRule } from './policy-parts.schema.js';
import type { RecommendedRemedy, Reason } from './result.js';

type Ctx = EvalContext<VoucherPack>;

/** A list of remedies (or a rejection), with notes; null when the pack offers no such remedy. */
export type VoucherRemedies = { remedies: RecommendedRemedy[]; notes: Reason[] } | null;

function one(r: RecommendedRemedy, notes: Reason[] = []): VoucherRemedies {
  return { remedies: [r], notes };
}

/** A plain refund of what was paid under `rule` (a return and refund when the rule says so). */
export function refundOf(ctx: Ctx, rule: RemedyRule, zh: string, en: string, pending: Finding[] = []) {
  return remedy(ctx, {
    outcome: rule.outcome,
    clause: rule.clause,
    refundFen: ctx.order.totalFen,
    returnGoods: rule.outcome === 'return_and_refund',
    explanation: { zh, en },
    pendingFindings: pending,
  });
}

/** {@link refundOf} as a remedy list; null when the pack does not offer the rule. */
export function refundAll(
  ctx: Ctx,
  rule: RemedyRule | undefined,
  zh: string,
  en: string,
  pending: Finding[] = [],
) {
  return rule ? one(refundOf(ctx, rule, zh, en, pending)) : null;
}

/** A remedy that depends on `key`: rejected when ruled out, otherwise pending while open. */
export function ifEstablished(ctx: Ctx, key: Finding, rule: RemedyRule | undefined, zh: string, en: string) {
  if (!rule) return null;
  if (finding(ctx, key) === false) {
    return one(
      rejection(ctx, rule.clause, { zh: '经查投诉事实不成立', en: 'The claimed facts were not established' }),
    );
  }
  return refundAll(ctx, rule, zh, en, openFindings(ctx, key));
}

/**
 * seed 002 §19(一)/(二): the merchant refused to perform, or performed in part. Full refund when the
 * performed part cannot be used alone or loses value once separated; otherwise a refund in proportion to the
 * unperformed parts, split exactly to the fen by the largest remainder. While the tests are open, the full
 * refund is recommended and a note gives the pro-rata figure.
 */
export function performanceRemedies(ctx: Ctx): VoucherRemedies {
  const { pack, facts } = ctx;
  const full = pack.remedies.refusedOrUnusableRefund;
  const perf = facts.voucher?.performance;
  if (!perf || perf.kind === 'refused') {
    return refundAll(
      ctx,
      full,
      '商户未按约定履行：全额退款',
      'The merchant did not perform as agreed: full refund',
    );
  }
  const proRata = pack.remedies.proRataRefund;
  const separable = perf.usableAlone === true && perf.valueImpaired === false;
  const inseparable = perf.usableAlone === false || perf.valueImpaired === true;
  if (separable && proRata) return one(proRataRemedy(ctx, proRata, perf.parts));
  const fullRefund = refundAll(
    ctx,
    full,
    '已履行部分不可独立使用或分离后价值显受贬损：全额退款',
    'The performed part is not usable alone or loses value: full refund',
  );
  if (inseparable || !proRata || !fullRefund) return fullRefund;
  const alt = proRataRemedy(ctx, proRata, perf.parts);
  const note = reason(
    proRata.clause,
    'pro_rata_if_separable',
    `若已履行部分可独立使用且价值不受贬损，则按比例退款 ${formatFen(alt.refundFen)}`,
    `If the performed part is usable alone and keeps its value, refund pro rata: ${formatFen(alt.refundFen)}`,
  );
  return { remedies: fullRefund.remedies, notes: [note] };
}

function proRataRemedy(ctx: Ctx, rule: RemedyRule, parts: readonly PerformancePart[]): RecommendedRemedy {
  const shares = splitProRata(
    ctx.order.totalFen,
    parts.map((p) => p.weight),
  );
  let refundFen = 0n;
  const split = parts.map((p, i) => {
    const fen = shares[i] ?? 0n;
    if (!p.performed) refundFen += fen;
    return { fen, performed: p.performed };
  });
  const open = parts.filter((p) => !p.performed).length;
  return remedy(ctx, {
    outcome: 'proportional_refund',
    clause: rule.clause,
    refundFen,
    refundLabel: {
      zh: `未履行部分（${open}/${parts.length} 项）`,
      en: `Unperformed parts (${open} of ${parts.length})`,
    },
    explanation: {
      zh: '已履行部分可独立使用且价值不受贬损：按未履行部分比例退款',
      en: 'The performed part is usable alone and keeps its value: refund the unperformed share',
    },
    split,
  });
}

/**
 * seed 002 §19(三): a price raised on site, not because of the consumer: refused → refund; accepted →
 * the merchant pays back the difference (paid at the store, so a payout rather than an order refund).
 */
export function priceRaisedRemedies(ctx: Ctx): VoucherRemedies {
  const r = ctx.pack.remedies;
  const raise = ctx.facts.voucher?.priceRaise;
  if (raise?.causedByConsumer && r.priceRaisedRefund) {
    return one(
      rejection(ctx, r.priceRaisedRefund.clause, {
        zh: '加价系因消费者原因',
        en: 'The consumer caused the higher price',
      }),
    );
  }
  if (raise?.accepted) {
    if (!r.priceDifferenceRefund) return null;
    const clause = r.priceDifferenceRefund.clause;
    return one(
      remedy(ctx, {
        outcome: 'price_difference_refund',
        clause,
        refundFen: 0n,
        lines: [
          {
            kind: 'price_difference',
            fen: raise.extraFen,
            clause,
            label: { zh: '退还差价', en: 'Price difference' },
          },
        ],
        explanation: {
          zh: '消费者已接受加价后的服务或商品：商户退还差价',
          en: 'The consumer accepted the higher price: the merchant pays back the difference',
        },
      }),
    );
  }
  const rule = r.priceRaisedRefund;
  if (!rule) return null;
  const refund = refundOf(
    ctx,
    rule,
    '商户自行加价，消费者拒绝接受：退款',
    'Price raised on site and refused: refund',
  );
  if (raise) return one(refund);
  const note = reason(
    rule.clause,
    'price_raise_facts_open',
    '尚未查明消费者是否接受加价；若已接受，则改为退还差价',
    'Whether the consumer accepted the higher price is open; if so, refund the difference instead',
  );
  return one(refund, [note]);
}

/** seed 002 §27(二): an agreement not yet performed, which one side regrets: the platform enforces it. */
export function agreementRemedy(ctx: Ctx): Verdict | null {
  const rule = ctx.pack.remedies.agreementEnforced;
  const settlement = ctx.facts.settlement;
  if (!rule || !settlement) return null;
  return {
    admissible: true,
    remedies: [
      remedy(ctx, {
        outcome: rule.outcome,
        clause: rule.clause,
        refundFen: settlement.refundFen,
        refundLabel: { zh: '按双方退款协议', en: 'As the parties agreed' },
        explanation: {
          zh: '双方已达成退款协议但未履行：按协议处理',
          en: 'Agreed but not performed: the agreement is carried out',
        },
      }),
    ],
  };
}
