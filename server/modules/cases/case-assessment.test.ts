import { describe, expect, it } from 'vitest';
import { ecommerceLawPack, koubeiVouchersPack } from '../policy/packs/index.js';
import { admissible, factsOf, orderOf, run, sh } from '../policy/policy-fixtures.js';
import { chosenRemedyOf } from '../../../common/recommendation.js';
import { casePolicyFromPack, DEFAULT_CASE_POLICY, slaTargetsOf } from './case-policy.js';

// A ¥100 voucher redeemed 2026-03-10; 3 of 10 sessions were held, the rest usable alone: 70 yuan pro rata.
const voucher = orderOf('local_services', 10_000n, { redeemedAt: sh('2026-03-10 18:00') });
const proRata = run(
  factsOf('partly_performed', '2026-03-12 10:00', {
    voucher: {
      performance: {
        kind: 'partial',
        parts: Array.from({ length: 10 }, (_, i) => ({ weight: 1n, performed: i < 3 })),
        usableAlone: true,
        valueImpaired: false,
      },
    },
  }),
  voucher,
  koubeiVouchersPack,
);

describe('a decision as the policy counts it', () => {
  it('reads a plain refund of the pro-rata amount as the pro-rata outcome, any other amount as a refund', () => {
    expect(admissible(proRata).remedies[0]).toMatchObject({
      outcome: 'proportional_refund',
      refundFen: 7_000n,
    });
    expect(chosenRemedyOf([{ type: 'partial_refund', amountFen: 7_000n }], undefined, proRata)).toEqual({
      outcome: 'proportional_refund',
      refundFen: 7_000n,
      payoutFen: 0n,
    });
    expect(chosenRemedyOf([{ type: 'partial_refund', amountFen: 6_000n }], undefined, proRata)).toEqual({
      outcome: 'refund',
      refundFen: 6_000n,
      payoutFen: 0n,
    });
  });

  it('sums refunds and compensation apart, takes a stated outcome, and reads no money as a rejection', () => {
    expect(
      chosenRemedyOf(
        [
          { type: 'return_and_refund', amountFen: 5_000n },
          { type: 'compensation', amountFen: 50_000n },
          { type: 'apology', amountFen: 0n },
        ],
        undefined,
        proRata,
      ),
    ).toEqual({ outcome: 'return_and_refund', refundFen: 5_000n, payoutFen: 50_000n });
    expect(
      chosenRemedyOf([{ type: 'full_refund', amountFen: 1n }], 'price_difference_refund', proRata).outcome,
    ).toBe('price_difference_refund');
    expect(chosenRemedyOf([{ type: 'apology', amountFen: 0n }], undefined, proRata).outcome).toBe(
      'rejection',
    );
  });
});

describe('the lifecycle’s view of a pack', () => {
  it('takes the pack’s periods, clauses, silence consequence, fast-track threshold and SLA targets', () => {
    const policy = casePolicyFromPack(ecommerceLawPack);
    expect(policy).toMatchObject({
      id: 'ecommerce-law',
      version: '1',
      silenceDefault: 'hand_to_platform',
      fastTrackAmountFen: ecommerceLawPack.fastTrack.thresholdFen.toString(),
      pack: { id: 'ecommerce-law', version: 1, kind: 'ecommerce' },
    });
    expect(policy.windows.acceptance_review).toEqual({
      ...DEFAULT_CASE_POLICY.windows.acceptance_review,
      clause: 'kumai §二 受理时间',
      target: { unit: 'working_days', amount: 1 },
    });
    expect(policy.windows.mediation?.target).toEqual(ecommerceLawPack.lifecycle.mediation.target);
    // Stages the pack has no period for keep the default's.
    expect(policy.windows.execution).toEqual(DEFAULT_CASE_POLICY.windows.execution);
    expect(policy.policeWait).toEqual({ target: { unit: 'months', amount: 6 }, clause: 'koubei §28 ¶2' });
    const fast = slaTargetsOf(policy, true);
    expect(fast.find((t) => t.kind === 'first_response')?.target).toEqual({ unit: 'hours', amount: 12 });
    expect(slaTargetsOf(policy, false)).toBe(policy.slaTargets);
    expect(slaTargetsOf(DEFAULT_CASE_POLICY, true)).toBe(DEFAULT_CASE_POLICY.slaTargets);
  });
});
