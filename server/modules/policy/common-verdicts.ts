import { notAdmissible, reason, type EvalContext, type Verdict } from './evaluation-context.js';
import type { Compensation } from './statutory-compensation.js';

/** The clause for "not within this platform's dispute handling" (seed 001 初步审核). */
function scopeClause(ctx: EvalContext): string {
  return ctx.pack.exclusions.outOfScope?.clause ?? ctx.pack.lifecycle.acceptance.clause;
}

/**
 * Out of scope: a matter unrelated to any trade, or a category this pack has no rule for. Not accepted,
 * with the reason and where to go instead (seed 001 初步审核).
 */
export function outOfScope(ctx: EvalContext, unrelated: boolean): Verdict {
  const clause = scopeClause(ctx);
  const message = unrelated
    ? reason(
        clause,
        'unrelated_to_trade',
        '投诉内容与平台交易无关，不属于交易纠纷处理范围',
        'Unrelated to a trade on the platform',
      )
    : reason(
        clause,
        'category_not_covered',
        `本规则包不处理"${ctx.facts.category}"类投诉`,
        `This policy does not handle "${ctx.facts.category}" complaints`,
      );
  return notAdmissible([message], {
    to: 'other_channels',
    clause,
    message: { zh: '请通过其他合适途径解决', en: 'Please use another suitable channel' },
  });
}

/**
 * Admissible without a monetary rule (review disputes, privacy, other): the handler decides on the facts;
 * without agreement the platform decides (seed 001 调解期限 / 处理决定).
 */
export function manualHandling(ctx: EvalContext): Verdict {
  const clause = ctx.pack.consequences.mediationNoAgreement.clause;
  return {
    admissible: true,
    remedies: [],
    notes: [
      reason(
        clause,
        'no_monetary_rule',
        '本类投诉无规则金额，由处理人依事实处理；调解不成由平台作出处理决定',
        'No rule sets an amount for this category: the handler decides on the facts; without agreement the platform decides',
      ),
    ],
  };
}

/**
 * Adds punitive compensation (and its notes and referral) to an admissible verdict — not to a rejection or
 * to a case without a remedy, where there is nothing for it to be additional to.
 */
export function withCompensation(verdict: Verdict, compensation: Compensation | null): Verdict {
  if (!compensation || !verdict.admissible) return verdict;
  const primary = verdict.remedies.find((r) => r.role === 'primary');
  if (!primary || primary.outcome === 'rejection') return verdict;
  return {
    ...verdict,
    remedies: compensation.remedy ? [...verdict.remedies, compensation.remedy] : verdict.remedies,
    notes: [...(verdict.notes ?? []), ...compensation.notes],
    referrals: compensation.referral
      ? [...(verdict.referrals ?? []), compensation.referral]
      : verdict.referrals,
  };
}
