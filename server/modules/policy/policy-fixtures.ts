import { buildWorkCalendar, type WorkCalendar } from '../calendar/index.js';
import { evaluate } from './evaluate.js';
import type { CaseFacts, PolicyEvent, PolicyOrder } from './facts.js';
import { parsePolicyPack, serializePolicyPack } from './pack-io.js';
import type { PackOf, PolicyPack } from './policy.schema.js';
import type { Admissible, EvaluationResult, NotAdmissible } from './result.js';

/**
 * Builders for policy tests and the bench (not part of the module's surface). Times are written in
 * Asia/Shanghai explicitly, so results never depend on the process time zone.
 */

/** The mainland calendar with the built-in notices. */
export const calendar: WorkCalendar = buildWorkCalendar();

/** An instant from a Shanghai wall-clock time: `sh('2026-05-01 10:00')`. */
export function sh(local: string): Date {
  const [date, time = '12:00'] = local.split(' ');
  return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`);
}

/** An order of `scenario` paying `goodsFen` (plus the other parts given), paid 2026-03-01 10:00. */
export function orderOf(
  scenario: PolicyOrder['scenario'],
  goodsFen: bigint,
  over: Partial<PolicyOrder> = {},
): PolicyOrder {
  const base = {
    scenario,
    goodsFen,
    discountFen: 0n,
    taxFen: 0n,
    serviceFeeFen: 0n,
    shippingFen: 0n,
    refundedFen: 0n,
    paidAt: sh('2026-03-01 10:00'),
    shippedAt: null,
    signedAt: null,
    redeemedAt: null,
    event: null,
    ...over,
  };
  const totalFen =
    over.totalFen ?? base.goodsFen - base.discountFen + base.taxFen + base.serviceFeeFen + base.shippingFen;
  return { ...base, totalFen };
}

/** A ticketed event starting at `startsAt` (Shanghai wall clock), three hours long. */
export function eventAt(startsAt: string, over: Partial<PolicyEvent> = {}): PolicyEvent {
  const start = sh(startsAt);
  return {
    startsAt: start,
    endsAt: new Date(start.getTime() + 3 * 3_600_000),
    refundWindowDays: 7,
    status: 'on_sale',
    ...over,
  };
}

/** Facts of `category` filed at `filedAt` (Shanghai wall clock). */
export function factsOf(
  category: CaseFacts['category'],
  filedAt: string,
  over: Partial<CaseFacts> = {},
): CaseFacts {
  return { category, filedAt: sh(filedAt), ...over };
}

/** A pack as stored JSON, edited freely by tests before it is validated again. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PackDraft = any;

/** A copy of a pack with `edit` applied to its stored JSON, validated again. */
export function variant<P extends PolicyPack>(pack: P, edit: (draft: PackDraft) => void): P {
  const draft: PackDraft = serializePolicyPack(pack);
  edit(draft);
  return parsePolicyPack(draft) as P;
}

/** Evaluates with `now` defaulting to the filing time. */
export function run<K extends PolicyPack['kind']>(
  facts: CaseFacts,
  order: PolicyOrder,
  pack: PackOf<K>,
  now = facts.filedAt,
): EvaluationResult {
  return evaluate(facts, order, pack, calendar, now);
}

/** The result, which must be admissible. @throws Error otherwise (with the reasons). */
export function admissible(result: EvaluationResult): Admissible {
  if (result.admissible) return result;
  throw new Error(
    `expected admissible, got: ${result.reasons.map((r) => `${r.clause} ${r.code}`).join('; ')}`,
  );
}

/** The result, which must not be admissible. @throws Error otherwise. */
export function rejected(result: EvaluationResult): NotAdmissible {
  if (!result.admissible) return result;
  throw new Error(
    `expected not admissible, got remedies: ${result.remedies.map((r) => r.outcome).join(', ')}`,
  );
}
