import { formatFen } from '../../../common/money.js';
import { maxFen } from './allocation.js';
import {
  finding,
  notAdmissible,
  openFindings,
  pricePaid,
  reason,
  remedy,
  type EvalContext,
} from './evaluation-context.js';
import type { AmountRule, RemedyRule } from './policy-parts.schema.js';
import type { Reason, RecommendedRemedy, Referral, RemedyLine } from './result.js';

type Multiplier = Extract<AmountRule, { type: 'multiplier' }>;
type Minimum = Extract<AmountRule, { type: 'minimum' }>;
type Exclusion = { clause: string } | undefined;

/** Punitive compensation on top of a refund: the remedy (or nothing), notes and a referral. */
export type Compensation = { remedy: RecommendedRemedy | null; notes: Reason[]; referral?: Referral };

const NONE: Compensation = { remedy: null, notes: [] };

/** Rules of 消法 Art. 55(1) as a pack states them, with the 实施条例 Art. 49 exceptions it applies. */
export type FraudRules = {
  remedy: RemedyRule | undefined;
  multiplier: Multiplier;
  minimum: Minimum;
  labelFlaw: Exclusion;
  manufactured: Exclusion;
};

/**
 * 消法 Art. 55(1): fraud → 3× the price paid, at least 500 yuan, on top of the refund. Not for flaws of
 * labels or publicity that neither affect quality nor mislead (实施条例 Art. 49 ¶1), nor for claims obtained
 * by fabrication, which go to the police (Art. 49 ¶2). Pending while fraud is not yet established.
 */
export function fraudCompensation(ctx: EvalContext, rules: FraudRules): Compensation {
  if (!rules.remedy || finding(ctx, 'fraud') === false) return NONE;
  if (ctx.facts.conduct?.fabricated && rules.manufactured) {
    const clause = rules.manufactured.clause;
    return {
      remedy: null,
      notes: [
        reason(
          clause,
          'fabricated_claim',
          '捏造事实等方式取得的索赔不适用三倍赔偿',
          'A fabricated claim gets no treble damages',
        ),
      ],
      referral: {
        to: 'police',
        clause,
        message: { zh: '涉嫌捏造事实，移送公安机关', en: 'Suspected fabrication: refer to the police' },
      },
    };
  }
  if (finding(ctx, 'label_flaw_only') && rules.labelFlaw) {
    return { remedy: null, notes: [labelFlawNote(rules.labelFlaw.clause)] };
  }
  const price = pricePaid(ctx.order);
  const times = BigInt(rules.multiplier.times);
  const fen = maxFen(price * times, rules.minimum.fen);
  const clause = rules.remedy.clause;
  return {
    remedy: remedy(ctx, {
      outcome: 'compensation',
      role: 'additional',
      clause,
      refundFen: 0n,
      lines: [
        {
          kind: 'compensation',
          fen,
          clause: rules.multiplier.clause,
          label: {
            zh: `欺诈：价款 ${formatFen(price)} 的 ${times} 倍，不足 ${formatFen(rules.minimum.fen)} 的按 ${formatFen(rules.minimum.fen)}`,
            en: `Fraud: ${times}× the price ${formatFen(price)}, at least ${formatFen(rules.minimum.fen)}`,
          },
        },
      ],
      clauses: [rules.minimum.clause],
      explanation: { zh: '经营者欺诈，增加赔偿', en: 'Additional compensation for fraud' },
      pendingFindings: openFindings(ctx, 'fraud'),
      penalties: rules.remedy.penalties,
    }),
    notes: [],
  };
}

/** Rules of 食品安全法 Art. 148 ¶2 as a pack states them. */
export type FoodRules = {
  remedy: RemedyRule | undefined;
  priceMultiplier: Multiplier;
  lossMultiplier: Multiplier;
  minimum: Minimum;
  labelFlaw: Exclusion;
};

/**
 * 食品安全法 Art. 148 ¶2: food below safety standards → besides the loss, 10× the price or 3× the loss
 * (the larger is recommended: the consumer chooses), at least 1,000 yuan; not for harmless, non-misleading
 * label flaws. Null when the goods are not food (then 消法 Art. 55 may apply instead).
 */
export function foodCompensation(ctx: EvalContext, rules: FoodRules): Compensation | null {
  if (!ctx.facts.goods?.isFood || !rules.remedy) return null;
  if (finding(ctx, 'food_safety_violation') === false) return null;
  if (finding(ctx, 'label_flaw_only') && rules.labelFlaw) {
    return { remedy: null, notes: [labelFlawNote(rules.labelFlaw.clause)] };
  }
  const price = pricePaid(ctx.order);
  const loss = ctx.facts.goods.lossFen ?? 0n;
  const byPrice = price * BigInt(rules.priceMultiplier.times);
  const byLoss = loss * BigInt(rules.lossMultiplier.times);
  const fen = maxFen(maxFen(byPrice, byLoss), rules.minimum.fen);
  const clause = rules.remedy.clause;
  const lines: RemedyLine[] = [
    {
      kind: 'compensation',
      fen,
      clause,
      label: {
        zh: `食品安全：价款十倍 ${formatFen(byPrice)} 或损失三倍 ${formatFen(byLoss)} 取高者，不足 ${formatFen(rules.minimum.fen)} 的按 ${formatFen(rules.minimum.fen)}`,
        en: `Food safety: the larger of 10× price ${formatFen(byPrice)} and 3× loss ${formatFen(byLoss)}, at least ${formatFen(rules.minimum.fen)}`,
      },
    },
  ];
  if (loss > 0n) lines.push({ kind: 'loss', fen: loss, clause, label: { zh: '损失赔偿', en: 'Loss' } });
  return {
    remedy: remedy(ctx, {
      outcome: 'compensation',
      role: 'additional',
      clause,
      refundFen: 0n,
      lines,
      explanation: {
        zh: '不符合食品安全标准的食品，支付赔偿金',
        en: 'Compensation for food below safety standards',
      },
      pendingFindings: openFindings(ctx, 'food_safety_violation'),
    }),
    notes: [],
  };
}

function labelFlawNote(clause: string): Reason {
  return reason(
    clause,
    'label_flaw_only',
    '标签、说明书瑕疵不影响安全或质量且不会误导消费者，不适用惩罚性赔偿',
    'A label flaw that affects neither safety nor quality and does not mislead: no punitive damages',
  );
}

/** Not admissible because the claim is not a genuine consumption need (seed 004 第九条). */
export function maliciousClaim(clause: string) {
  return notAdmissible([
    reason(
      clause,
      'malicious_claim',
      '知假买假、牟利性打假或恶意维权，不属于消费者保障范围',
      'Buying fakes knowingly, claims for profit or malicious claims are outside the guarantee',
    ),
  ]);
}
