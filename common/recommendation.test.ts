import { describe, expect, it } from 'vitest';
import {
  checkDeviation,
  chosenRemedyOf,
  MIN_DEVIATION_REASON_CHARS,
  recommendedPackages,
  type Recommendation,
} from './recommendation.js';

// The rule both the server (deciding) and the web (composing) apply; the packs' own evaluations are tested
// against it in server/modules/policy/deviation.test.ts and server/modules/cases/case-assessment.test.ts.

const ticket: Recommendation = {
  admissible: true,
  refundableFen: 63_994n,
  remedies: [{ outcome: 'refund', role: 'primary', refundFen: 63_994n, payoutFen: 0n }],
};
const proRataWithCompensation: Recommendation = {
  admissible: true,
  refundableFen: 100_000n,
  remedies: [
    { outcome: 'proportional_refund', role: 'primary', refundFen: 30_000n, payoutFen: 0n },
    { outcome: 'exchange', role: 'alternative', refundFen: 0n, payoutFen: 0n },
    { outcome: 'compensation', role: 'additional', refundFen: 0n, payoutFen: 50_000n },
  ],
};
const notAdmissible: Recommendation = { admissible: false, refundableFen: 10_000n };
const REASON = '双方在调解中同意仅部分退款，消费者保留商品';

describe('the recommendation/deviation rule shared by server and web', () => {
  it('offers the primary and each alternative, each with the additional remedies; a rejection otherwise', () => {
    expect(recommendedPackages(proRataWithCompensation)).toEqual([
      { outcome: 'proportional_refund', refundFen: 30_000n, payoutFen: 50_000n },
      { outcome: 'exchange', refundFen: 0n, payoutFen: 50_000n },
    ]);
    expect(recommendedPackages(notAdmissible)).toEqual([
      { outcome: 'rejection', refundFen: 0n, payoutFen: 0n },
    ]);
  });

  it('reads a plain refund of the recommended pro-rata amount as that outcome, and a stated outcome as stated', () => {
    const lines = [
      { type: 'partial_refund', amountFen: 30_000n },
      { type: 'compensation', amountFen: 50_000n },
    ];
    expect(chosenRemedyOf(lines, undefined, proRataWithCompensation)).toEqual({
      outcome: 'proportional_refund',
      refundFen: 30_000n,
      payoutFen: 50_000n,
    });
    expect(
      chosenRemedyOf([{ type: 'partial_refund', amountFen: 20_000n }], undefined, proRataWithCompensation)
        .outcome,
    ).toBe('refund');
    expect(chosenRemedyOf(lines, 'compensation', proRataWithCompensation).outcome).toBe('compensation');
    expect(chosenRemedyOf([{ type: 'exchange', amountFen: 0n }], undefined, ticket).outcome).toBe('exchange');
    expect(chosenRemedyOf([], undefined, notAdmissible).outcome).toBe('rejection');
  });

  it('counts the recommended package as no deviation, and any other amount as one needing a reason', () => {
    const full = chosenRemedyOf([{ type: 'full_refund', amountFen: 63_994n }], undefined, ticket);
    expect(checkDeviation(ticket, full)).toMatchObject({
      deviates: false,
      acceptable: true,
      direction: 'none',
    });
    const less = chosenRemedyOf([{ type: 'partial_refund', amountFen: 59_900n }], undefined, ticket);
    expect(checkDeviation(ticket, less)).toMatchObject({
      deviates: true,
      acceptable: false,
      direction: 'less_for_claimant',
    });
    expect(checkDeviation(ticket, less, 'x'.repeat(MIN_DEVIATION_REASON_CHARS - 1)).acceptable).toBe(false);
    expect(checkDeviation(ticket, less, REASON)).toMatchObject({ deviates: true, acceptable: true });
  });

  it('never accepts a refund above what remains refundable, reason or not', () => {
    const more = chosenRemedyOf([{ type: 'full_refund', amountFen: 70_000n }], undefined, ticket);
    const check = checkDeviation(ticket, more, REASON);
    expect(check).toMatchObject({ deviates: true, acceptable: false, direction: 'more_for_claimant' });
    expect(check.problems[0]?.zh).toBe('退款 ¥700.00 超过可退金额 ¥639.94');
  });

  it('recommends a rejection when not admissible: no remedy follows it, a refund deviates', () => {
    expect(checkDeviation(notAdmissible, chosenRemedyOf([], undefined, notAdmissible)).deviates).toBe(false);
    const refund = chosenRemedyOf([{ type: 'full_refund', amountFen: 100n }], undefined, notAdmissible);
    expect(checkDeviation(notAdmissible, refund).deviates).toBe(true);
  });
});
