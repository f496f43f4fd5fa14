import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitProRata } from './allocation.js';
import { evaluate } from './evaluate.js';
import { COMPLAINT_CATEGORIES, FINDINGS, type CaseFacts, type PolicyOrder } from './facts.js';
import { BUILT_IN_PACKS, ecommerceLawPack } from './packs/index.js';
import { calendar, variant } from './policy-fixtures.js';
import { PACK_SCENARIOS, type PolicyPack } from './policy.schema.js';
import { checkPublishable } from './publish-check.js';
import { distributeRecovery } from './recovery-distribution.js';

const DAY = 86_400_000;
const START = Date.parse('2026-01-05T02:00:00Z');
const instant = (maxDays = 200) =>
  fc.integer({ min: 0, max: maxDays * 24 }).map((h) => new Date(START + h * 3_600_000));
const fen = (max = 2_000_000n) => fc.bigInt({ min: 0n, max });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const orderArb = (pack: PolicyPack): fc.Arbitrary<PolicyOrder> =>
  fc
    .record({
      goods: fen(),
      discountShare: fc.integer({ min: 0, max: 100 }),
      tax: fen(50_000n),
      fee: fen(20_000n),
      shipping: fen(5_000n),
      refundedShare: fc.integer({ min: 0, max: 120 }),
      paid: instant(60),
      signedAfterDays: maybe(fc.integer({ min: 0, max: 20 })),
      redeemedAfterDays: maybe(fc.integer({ min: 0, max: 20 })),
      startsInDays: fc.integer({ min: 1, max: 120 }),
      n: fc.integer({ min: 7, max: 30 }),
      cancelled: fc.boolean(),
    })
    .map((o) => {
      const discount = (o.goods * BigInt(o.discountShare)) / 100n;
      const total = o.goods - discount + o.tax + o.fee + o.shipping;
      const refunded = (total * BigInt(Math.min(o.refundedShare, 100))) / 100n;
      const later = (d: number | undefined) =>
        d === undefined ? null : new Date(o.paid.getTime() + d * DAY);
      const startsAt = new Date(o.paid.getTime() + o.startsInDays * DAY);
      return {
        scenario: PACK_SCENARIOS[pack.kind],
        goodsFen: o.goods,
        discountFen: discount,
        taxFen: o.tax,
        serviceFeeFen: o.fee,
        shippingFen: o.shipping,
        totalFen: total,
        refundedFen: refunded,
        paidAt: o.paid,
        signedAt: later(o.signedAfterDays),
        redeemedAt: later(o.redeemedAfterDays),
        event: {
          startsAt,
          endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
          refundWindowDays: o.n,
          status: o.cancelled ? 'cancelled' : 'on_sale',
        },
      };
    });

const factsArb: fc.Arbitrary<CaseFacts> = fc.record(
  {
    category: fc.constantFrom(...COMPLAINT_CATEGORIES),
    filedAt: instant(),
    noReasonReturn: fc.boolean(),
    urgent: fc.boolean(),
    requested: fc.record({ amountFen: fen(5_000_000n) }),
    findings: fc.dictionary(fc.constantFrom(...FINDINGS), fc.boolean(), { maxKeys: 4 }),
    goods: fc.record(
      {
        isFood: fc.boolean(),
        lossFen: fen(),
        intact: fc.boolean(),
        performanceFault: fc.boolean(),
        visibleByEye: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
    voucher: fc.record(
      {
        threeGuarantees: fc.boolean(),
        performance: fc.record({
          kind: fc.constant('partial' as const),
          parts: fc.array(fc.record({ weight: fen(10_000n).map((w) => w + 1n), performed: fc.boolean() }), {
            minLength: 1,
            maxLength: 12,
          }),
          usableAlone: fc.boolean(),
          valueImpaired: fc.boolean(),
        }),
        priceRaise: fc.record({ extraFen: fen(100_000n), accepted: fc.boolean() }),
      },
      { requiredKeys: [] },
    ),
    ticket: fc.record(
      {
        organizerDecision: fc.record({ agreed: fc.boolean(), deductionFen: fen(), confirmedAt: instant() }),
        cancellation: fc.record({
          cause: fc.constantFrom('organizer' as const, 'force_majeure' as const),
          announcedAt: instant(),
          nonRefundableCostFen: fen(),
          costsDocumented: fc.boolean(),
        }),
        insurancePaidFen: fen(),
        physicalTicket: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
    live: fc.record(
      { renewal: fc.record({ noticeBeforeStart: fc.boolean(), noticeBeforeRenewal: fc.boolean() }) },
      { requiredKeys: [] },
    ),
    guarantee: fc.record({ depositAvailableFen: fen() }, { requiredKeys: [] }),
    settlement: fc.record({ refundFen: fen(), performed: fc.boolean() }),
  },
  { requiredKeys: ['category', 'filedAt'] },
);

const packCase = fc
  .constantFrom(...BUILT_IN_PACKS)
  .chain((pack) => fc.tuple(fc.constant(pack), orderArb(pack), factsArb, instant(260)));

describe('policy properties', () => {
  it('never recommends refunding more than was paid and not yet refunded, nor a negative amount', () => {
    fc.assert(
      fc.property(packCase, ([pack, order, facts, now]) => {
        const result = evaluate(facts, order, pack, calendar, now);
        expect(result.refundableFen).toBe(order.totalFen - order.refundedFen);
        if (!result.admissible) return;
        for (const r of result.remedies) {
          expect(r.refundFen >= 0n && r.refundFen <= result.refundableFen).toBe(true);
          expect(r.payoutFen >= 0n).toBe(true);
          expect(r.funding.reduce((s, f) => s + f.fen, 0n)).toBe(
            r.outcome === 'rejection' ? 0n : r.refundFen + r.payoutFen,
          );
        }
      }),
      { numRuns: 1_500 },
    );
  });

  it('cites only clauses of the pack, and lists every clause it cites', () => {
    fc.assert(
      fc.property(packCase, ([pack, order, facts, now]) => {
        const ids = new Set(pack.clauses.map((c) => c.id));
        const result = evaluate(facts, order, pack, calendar, now);
        for (const id of result.clauses) expect(ids.has(id)).toBe(true);
        const cited = result.admissible
          ? [
              ...result.remedies.flatMap((r) => r.clauses),
              ...result.notes.map((n) => n.clause),
              ...result.deadlines.map((d) => d.clause),
            ]
          : result.reasons.map((r) => r.clause);
        for (const id of cited) expect(result.clauses).toContain(id);
      }),
      { numRuns: 800 },
    );
  });

  it('pro-rata splits sum exactly to the order total', () => {
    fc.assert(
      fc.property(packCase, ([pack, order, facts, now]) => {
        const result = evaluate(facts, order, pack, calendar, now);
        if (!result.admissible) return;
        for (const r of result.remedies)
          if (r.split) expect(r.split.reduce((s, p) => s + p.fen, 0n)).toBe(order.totalFen);
      }),
      { numRuns: 800 },
    );
  });

  it('largest remainder: shares sum to the total, each within one fen of its exact value', () => {
    fc.assert(
      fc.property(
        fen(10n ** 12n),
        fc.array(fen(10n ** 9n), { minLength: 1, maxLength: 40 }),
        (total, raw) => {
          const weights = raw.some((w) => w > 0n) ? raw : [...raw.slice(1), 1n];
          const shares = splitProRata(total, weights);
          const sum = weights.reduce((a, b) => a + b, 0n);
          expect(shares.reduce((a, b) => a + b, 0n)).toBe(total);
          shares.forEach((s, i) => {
            const exactTimesSum = total * weights[i]!;
            expect(s * sum <= exactTimesSum + sum && s * sum >= exactTimesSum - sum).toBe(true);
            if (weights[i] === 0n) expect(s).toBe(0n);
          });
        },
      ),
    );
  });

  it('recovered money is fully accounted for, no claim is overpaid, and costs come first (seed 000 §3.3)', () => {
    fc.assert(
      fc.property(
        fen(10n ** 9n),
        fen(10n ** 8n),
        fen(10n ** 9n),
        fc.array(fen(10n ** 8n), { maxLength: 30 }),
        fc.constantFrom('costs_first_then_pro_rata' as const, 'advances_and_costs_first' as const),
        (recovered, costs, advances, consumerClaims, choice) => {
          const claims = {
            costsFen: costs,
            platformAdvancesFen: advances,
            consumers: consumerClaims.map((claimFen, i) => ({ id: `c${i}`, claimFen })),
          };
          const out = distributeRecovery(recovered, claims, choice);
          const paid = out.costsFen + out.platformAdvancesFen + out.consumers.reduce((s, c) => s + c.fen, 0n);
          expect(paid + out.surplusFen).toBe(recovered);
          expect(out.surplusFen >= 0n).toBe(true);
          expect(out.costsFen).toBe(recovered < costs ? recovered : costs);
          expect(out.platformAdvancesFen <= advances).toBe(true);
          out.consumers.forEach((c, i) => expect(c.fen <= consumerClaims[i]!).toBe(true));
          if (choice === 'advances_and_costs_first' && out.platformAdvancesFen < advances) {
            expect(out.consumers.every((c) => c.fen === 0n)).toBe(true);
          }
        },
      ),
    );
  });

  it('refuses to publish, for all orders, any shortening of a claimant window', () => {
    const claimantWindows = Object.entries(ecommerceLawPack.windows)
      .filter(([, w]) => w.owner === 'claimant')
      .map(([k]) => k);
    fc.assert(
      fc.property(fc.constantFrom(...claimantWindows), fc.integer({ min: 1, max: 6 }), (key, cut) => {
        const next = variant(ecommerceLawPack, (d) => {
          d.version = 2;
          d.windows[key].target.amount -= cut;
        });
        const check = checkPublishable(ecommerceLawPack, next);
        expect(check.publishable).toBe(false);
        expect(check.narrowing.map((c) => c.key)).toEqual([key]);
      }),
      { numRuns: 50 },
    );
  });
});
