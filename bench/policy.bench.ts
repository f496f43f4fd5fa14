/**
 * Policy evaluation (issue #5, "Performance"): ≥ 50,000 `evaluate` calls per second on one core.
 *
 * Measures the public `evaluate(facts, order, policy, calendar, now)` of server/modules/policy on the main
 * thread, over 8,192 pre-generated cases (seeded PRNG, the same in every run) mixed across all five built-in
 * packs in roughly the proportions a marketplace sees: e-commerce 30 % (no-reason returns in and out of the
 * window, exempt goods, quality, counterfeit with fraud, food, non-delivery), guarantee plan 15 %, vouchers
 * 25 % (before/after redemption, partial performance with 2–12 parts, price raised on site, fake
 * transactions, late claims), tickets 20 % (standard, conditional with the organizer's answer, cancellation,
 * force majeure with insurance, postponement) and live-streaming 10 % (fraud, renewals, misunderstandings).
 * Dates span 2026 and early 2027, so some windows cross holidays and some results are provisional.
 *
 * Inputs are built before timing; the run lasts {@link MEASURE_MS} after a {@link WARMUP_MS} warm-up. Every
 * result is folded into a checksum that is printed, so the JIT cannot drop the calls. Before timing, every
 * input is checked: each recommended refund ≤ what remains refundable and every cited clause is in its pack.
 * A failure exits non-zero (the exact answers are the unit tests' job).
 *
 * No baseline ratio: the baseline measures HTTP and database ceilings, nothing comparable to pure CPU work.
 */
import os from 'node:os';
import { buildWorkCalendar } from '../server/modules/calendar/index.js';
import {
  BUILT_IN_PACKS,
  evaluate,
  type CaseFacts,
  type EvaluationResult,
  type PolicyOrder,
  type PolicyPack,
} from '../server/modules/policy/index.js';
import { heading, note, printResult, report, round, runFor } from './support/measure.js';

const TARGET = 50_000;
const WARMUP_MS = 1_000;
const MEASURE_MS = 3_000;
const INPUTS = 1 << 13;
const MASK = INPUTS - 1;
const CHUNK = 1_024;
const DAY = 86_400_000;
const BASE = Date.parse('2026-01-05T02:00:00Z');

/** mulberry32: a small seeded PRNG, so inputs are the same in every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = prng(20_261_101);
const int = (n: number): number => Math.floor(random() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
const chance = (p: number): boolean => random() < p;
const at = (day: number, hour = 10): Date => new Date(BASE + day * DAY + hour * 3_600_000);

type Case = { pack: PolicyPack; order: PolicyOrder; facts: CaseFacts; now: Date };
const packOf = (kind: PolicyPack['kind']): PolicyPack => BUILT_IN_PACKS.find((p) => p.kind === kind)!;
const fen = (max: number): bigint => BigInt(int(max));
const some = <T extends object>(p: number, value: () => T): T | object => (chance(p) ? value() : {});
const GOODS = ['quality', 'quality', 'not_as_described', 'counterfeit', 'not_delivered', 'other'] as const;
const EXEMPT = ['made_to_order', 'perishable', 'unsealed_digital', 'periodicals'] as const;
const SERVICES = ['partly_performed', 'service_not_performed', 'quality', 'not_as_described'] as const;
const VOUCHERS = [...SERVICES, 'price_raised_on_site', 'fake_transaction', 'counterfeit', 'other'] as const;
const TESTS = ['defective', 'counterfeit', 'conforming'] as const;
const LIVE = ['virtual_goods', 'virtual_goods', 'membership_auto_renewal', 'not_delivered', 'other'] as const;

function order(scenario: string, paidDay: number, over: Partial<PolicyOrder> = {}): PolicyOrder {
  const goods = 500n + fen(200_000);
  const o = {
    goodsFen: goods,
    discountFen: goods / 10n,
    taxFen: 0n,
    serviceFeeFen: 0n,
    shippingFen: fen(2_000),
    ...over,
  };
  const total = o.goodsFen - o.discountFen + o.taxFen + o.serviceFeeFen + o.shippingFen;
  const refunded = chance(0.1) ? total / 3n : 0n;
  return { scenario, totalFen: total, refundedFen: refunded, paidAt: at(paidDay), ...o };
}

function ecommerce(kind: 'ecommerce' | 'guarantee_plan'): Case {
  const paid = int(300);
  const filed = paid + 3 + int(20);
  const category = pick(GOODS);
  const goods = {
    isFood: chance(0.15),
    performanceFault: chance(0.3),
    intact: chance(0.9),
    returnReceivedAt: at(filed + 2),
  };
  const facts: CaseFacts = {
    category,
    filedAt: at(filed),
    noReasonReturn: category === 'other' || chance(0.2),
    findings: chance(0.5)
      ? { fraud: chance(0.5), quality_defect: chance(0.8), counterfeit: chance(0.7) }
      : {},
    goods: { ...goods, ...some(0.1, () => ({ exemptCategory: pick(EXEMPT) })) },
    guarantee: { depositAvailableFen: fen(500_000) },
    ...some(0.05, () => ({ conduct: { forProfit: true } })),
  };
  const o = order('ecommerce', paid, { signedAt: at(paid + 2 + int(3)) });
  return { pack: packOf(kind), order: o, facts, now: at(filed + 1) };
}

function voucher(): Case {
  const paid = int(300);
  const filed = paid + 1 + int(15);
  const parts = Array.from({ length: 2 + int(11) }, () => ({ weight: 1n + fen(5), performed: chance(0.4) }));
  const performance = chance(0.2)
    ? { kind: 'refused' as const }
    : { kind: 'partial' as const, parts, usableAlone: chance(0.7), valueImpaired: chance(0.3) };
  const testing = { testing: { requestedByPlatform: chance(0.8), result: pick(TESTS) } };
  const facts: CaseFacts = {
    category: pick(VOUCHERS),
    filedAt: at(filed),
    goods: { visibleByEye: chance(0.5) },
    voucher: {
      threeGuarantees: chance(0.2),
      performance,
      priceRaise: { extraFen: fen(5_000), accepted: chance(0.5) },
      ...some(0.2, () => testing),
    },
    ...some(0.05, () => ({ priorRejection: true })),
  };
  const o = order('local_services', paid, {
    shippingFen: 0n,
    redeemedAt: chance(0.7) ? at(paid + int(10)) : null,
  });
  return { pack: packOf('voucher'), order: o, facts, now: at(filed) };
}

function ticketFacts(filed: number): CaseFacts['ticket'] {
  const announcedAt = at(filed - 1);
  switch (int(5)) {
    case 1:
      return {
        organizerDecision: { agreed: chance(0.8), deductionFen: fen(5_000), confirmedAt: at(filed + 1) },
      };
    case 2:
      return {
        physicalTicket: chance(0.3),
        cancellation: { cause: 'organizer', announcedAt, planConfirmedAt: at(filed + 1) },
      };
    case 3: {
      const costs = { nonRefundableCostFen: fen(10_000), costsDocumented: chance(0.7) };
      return {
        cancellation: { cause: 'force_majeure', announcedAt, ...costs },
        insurancePaidFen: fen(20_000),
      };
    }
    case 4:
      return { changes: [{ kind: 'postponed', announcedAt: at(filed - int(5)) }] };
    default:
      return {};
  }
}

function ticket(): Case {
  const paid = int(250);
  const starts = paid + 5 + int(60);
  const event = {
    startsAt: at(starts, 11),
    endsAt: at(starts, 14),
    refundWindowDays: 7 + int(10),
    status: 'on_sale',
  };
  const parts = { taxFen: fen(3_000), serviceFeeFen: fen(2_000), shippingFen: 0n, discountFen: 0n, event };
  const filed = paid + 1 + int(starts - paid);
  const facts: CaseFacts = { category: 'ticket_refund', filedAt: at(filed), ticket: ticketFacts(filed) };
  return {
    pack: packOf('event_ticket'),
    order: order('tickets', paid, parts),
    facts,
    now: at(filed + int(10)),
  };
}

function live(): Case {
  const paid = int(300);
  const facts: CaseFacts = {
    category: pick(LIVE),
    filedAt: at(paid + int(30)),
    urgent: chance(0.1),
    findings: chance(0.6) ? { fraud: chance(0.5), misunderstanding: chance(0.2) } : {},
    live: { renewal: { noticeBeforeStart: chance(0.7), noticeBeforeRenewal: chance(0.6) } },
    unrelatedToTrade: chance(0.03),
  };
  const o = order('live_streaming', paid, { shippingFen: 0n });
  return { pack: packOf('live_streaming'), order: o, facts, now: at(paid + 31) };
}

function generate(): Case {
  const r = random();
  if (r < 0.3) return ecommerce('ecommerce');
  if (r < 0.45) return ecommerce('guarantee_plan');
  if (r < 0.7) return voucher();
  if (r < 0.9) return ticket();
  return live();
}

const calendar = buildWorkCalendar();
const cases: Case[] = Array.from({ length: INPUTS }, generate);

// --- correctness on the very inputs that are timed ---
let correct = true;
const fail = (message: string): void => {
  if (correct) note(message);
  correct = false;
};
let admissibleCount = 0;
let remedyCount = 0;
for (const c of cases) {
  const result = evaluate(c.facts, c.order, c.pack, calendar, c.now);
  const ids = new Set(c.pack.clauses.map((x) => x.id));
  if (result.clauses.some((id) => !ids.has(id))) fail(`a clause outside ${c.pack.id} was cited`);
  if (!result.admissible) continue;
  admissibleCount++;
  for (const r of result.remedies) {
    remedyCount++;
    if (r.refundFen < 0n || r.refundFen > result.refundableFen)
      fail(`refund ${r.refundFen} above ${result.refundableFen}`);
  }
}
function fold(r: EvaluationResult): number {
  if (!r.admissible) return r.reasons.length;
  let sum = 1 + r.deadlines.length;
  for (const x of r.remedies) sum += Number(x.refundFen & 0xffn) + x.clauses.length;
  return sum;
}

function chunk(offset: number): number {
  let sum = 0;
  for (let k = 0; k < CHUNK; k++) {
    const c = cases[(offset + k) & MASK]!;
    sum += fold(evaluate(c.facts, c.order, c.pack, calendar, c.now));
  }
  return sum;
}

const loadAtStart = os.loadavg()[0] ?? 0;
heading('Policy: evaluate(facts, order, policy, calendar, now), five built-in packs, one thread');
report('node / cpus', `${process.version} / ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`);
report('load average (1 min) at start', round(loadAtStart, 2));
report(
  'inputs',
  `${INPUTS} cases, ${round((100 * admissibleCount) / INPUTS, 1)} % admissible, ${remedyCount} remedies`,
);
report('correctness on the timed inputs', correct ? 'ok' : 'FAILED');
if (loadAtStart > os.cpus().length / 2)
  note(`the machine is busy (load ${loadAtStart.toFixed(2)}): figures will be noisy`);

// Each step evaluates CHUNK cases, so awaiting between steps costs nothing measurable.
let checksum = 0;
const step = async (i: number): Promise<number> => {
  checksum += chunk(i * CHUNK);
  return CHUNK;
};
await runFor(WARMUP_MS, step);
checksum = 0;
const cpuBefore = process.cpuUsage();
const run = await runFor(MEASURE_MS, step);
const cpu = process.cpuUsage(cpuBefore);
const perCpuS = run.units / ((cpu.user + cpu.system) / 1e6);
heading('evaluate');
report('throughput (wall clock)', round(run.perSecond), 'evaluations/s');
report('  per evaluation', round(1e9 / run.perSecond), 'ns');
report('  per CPU second of this process', round(perCpuS), 'evaluations/s');
report('  evaluations in', `${run.units.toLocaleString('en-US')} in ${round(run.ms / 1000, 2)} s`);
report('  checksum', checksum);

const meetsTarget = run.perSecond >= TARGET;
heading('Target');
report('evaluate ≥ 50,000 evaluations/s', meetsTarget ? 'met' : 'NOT met');
if (!correct) {
  note('evaluate gave wrong results on the timed inputs: the figures measure nothing');
  process.exitCode = 1;
}

printResult({
  bench: 'policy',
  db: 'none',
  evaluations_per_s: round(run.perSecond),
  target: TARGET,
  meets_target: meetsTarget,
  ns_per_evaluation: round(1e9 / run.perSecond),
  evaluations_per_cpu_s: round(perCpuS),
  inputs: INPUTS,
  packs: BUILT_IN_PACKS.length,
  admissible_share: round(admissibleCount / INPUTS, 3),
  measure_s: MEASURE_MS / 1000,
  correct,
  checksum,
  load_1m: round(loadAtStart, 2),
});
