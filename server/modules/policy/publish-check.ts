import { DomainError, type LocalizedText } from '../../http/errors.js';
import type { PolicyPack } from './policy.schema.js';
import { diffConsumerRights, type RightsChange } from './rights-diff.js';

/** Why a version cannot be published. */
export type PublishProblem = { code: string; message: LocalizedText };

/** The outcome of {@link checkPublishable}: the full diff, the narrowing part, and any problems. */
export type PublishCheck = {
  publishable: boolean;
  changes: RightsChange[];
  narrowing: RightsChange[];
  problems: PublishProblem[];
};

/** Options: `now` (publication time) and `history` (every earlier version of the pack, any order). */
export type PublishOptions = { now?: Date; history?: readonly PolicyPack[] };

/**
 * Whether `next` may follow `prev` (null for a first version). Seed 000 §五.1: a revision may not take away
 * consumers' existing rights, so a version with any narrowing change is refused unless it governs only
 * orders placed from its effective time (`orderScope: 'orders_placed_from_effective'`) and that time is not
 * before publication. A version for all orders must not narrow any earlier version in `history` either:
 * older orders may still be judged under those (see selectPolicyVersion). Also refused: another pack's
 * id/kind/scenario, a version number that does not grow, an effective time before the previous one.
 */
export function checkPublishable(
  prev: PolicyPack | null,
  next: PolicyPack,
  options: PublishOptions = {},
): PublishCheck {
  const problems: PublishProblem[] = [];
  const changes = prev ? diffConsumerRights(prev, next) : [];
  const narrowing = changes.filter((c) => c.narrowing);
  if (prev) problems.push(...sequenceProblems(prev, next));
  const newOrdersOnly = next.orderScope === 'orders_placed_from_effective';
  if (narrowing.length > 0 && !newOrdersOnly) {
    problems.push({
      code: 'narrowing_for_existing_orders',
      message: {
        zh: `新版本减少了消费者权益（${narrowing.length} 项），只能适用于生效后下单的订单（31huiyi §五.1）`,
        en: `The version takes away consumer rights (${narrowing.length} change(s)); it may only govern orders placed after it takes effect (31huiyi §五.1)`,
      },
    });
  }
  if (
    narrowing.length > 0 &&
    newOrdersOnly &&
    options.now &&
    Date.parse(next.effectiveFrom) < options.now.getTime()
  ) {
    problems.push({
      code: 'narrowing_effective_in_past',
      message: {
        zh: '减少权益的版本不得早于发布时间生效',
        en: 'A version that narrows rights cannot take effect before it is published',
      },
    });
  }
  if (!newOrdersOnly) problems.push(...historyProblems(next, options.history ?? [], prev));
  return { publishable: problems.length === 0, changes, narrowing, problems };
}

/**
 * {@link checkPublishable}, throwing when the version may not be published.
 * @throws UNPROCESSABLE with the problems in `extra.problems` and the narrowing changes in `extra.narrowing`.
 */
export function assertPublishable(
  prev: PolicyPack | null,
  next: PolicyPack,
  options: PublishOptions = {},
): PublishCheck {
  const check = checkPublishable(prev, next, options);
  if (check.publishable) return check;
  throw new DomainError('UNPROCESSABLE', {
    message: check.problems.map((p) => p.message.en).join('; '),
    userMessage: check.problems[0]?.message ?? {
      zh: '无法发布该版本',
      en: 'The version cannot be published',
    },
    extra: { problems: check.problems, narrowing: check.narrowing.map((c) => ({ ...c })) },
  });
}

function sequenceProblems(prev: PolicyPack, next: PolicyPack): PublishProblem[] {
  const problems: PublishProblem[] = [];
  if (prev.id !== next.id || prev.kind !== next.kind || prev.scenario !== next.scenario) {
    problems.push({
      code: 'different_pack',
      message: { zh: '新版本必须属于同一规则包', en: 'The new version must be of the same pack' },
    });
  }
  if (next.version <= prev.version) {
    problems.push({
      code: 'version_not_increased',
      message: { zh: `版本号须大于 ${prev.version}`, en: `The version must be above ${prev.version}` },
    });
  }
  if (Date.parse(next.effectiveFrom) < Date.parse(prev.effectiveFrom)) {
    problems.push({
      code: 'effective_before_previous',
      message: { zh: '生效时间不得早于上一版本', en: 'It cannot take effect before the previous version' },
    });
  }
  return problems;
}

function historyProblems(
  next: PolicyPack,
  history: readonly PolicyPack[],
  prev: PolicyPack | null,
): PublishProblem[] {
  const problems: PublishProblem[] = [];
  for (const earlier of history) {
    if (earlier === prev || earlier.id !== next.id || earlier.version >= next.version) continue;
    const lost = diffConsumerRights(earlier, next).filter((c) => c.narrowing);
    if (lost.length === 0) continue;
    problems.push({
      code: 'narrows_earlier_version',
      message: {
        zh: `适用于全部订单的新版本减少了第 ${earlier.version} 版的消费者权益（${lost.length} 项），该版本仍可能适用于部分订单`,
        en: `A version for all orders takes away rights of version ${earlier.version} (${lost.length} change(s)), which may still govern some orders`,
      },
    });
  }
  return problems;
}
