import { describe, expect, it } from 'vitest';
import type { CaseFacts, VoucherFacts } from './facts.js';
import { koubeiVouchersPack as pack } from './packs/index.js';
import { admissible, factsOf, orderOf, rejected, run, sh, variant } from './policy-fixtures.js';

// A ¥100 voucher paid on 2026-03-01; `redeemed` was used ("确认使用") on Tuesday 2026-03-10.
const unused = orderOf('local_services', 10_000n);
const redeemed = orderOf('local_services', 10_000n, { redeemedAt: sh('2026-03-10 18:00') });
const after = (category: CaseFacts['category'], filedAt: string, over: Partial<CaseFacts> = {}) =>
  run(factsOf(category, filedAt, over), redeemed, pack);
const partial = (
  parts: [number, boolean][],
  extra: Partial<Extract<VoucherFacts['performance'], { kind: 'partial' }>> = {},
) => ({
  voucher: {
    performance: {
      kind: 'partial' as const,
      parts: parts.map(([w, performed]) => ({ weight: BigInt(w), performed })),
      ...extra,
    },
  },
});

describe('vouchers before redemption (seed 002 §6, §14, §17, §18, §26(一))', () => {
  it('refunds a voucher not yet used, on any ground (§26(一))', () => {
    const result = admissible(run(factsOf('other', '2026-05-01 10:00'), unused, pack));
    expect(result.remedies[0]).toMatchObject({
      outcome: 'refund',
      refundFen: 10_000n,
      clauses: ['koubei §26(一)'],
    });
  });

  it('needs the merchant’s consent once it performed as agreed (§18)', () => {
    const result = rejected(
      run(factsOf('other', '2026-03-05 10:00', { voucher: { merchantPerformed: true } }), unused, pack),
    );
    expect(result.reasons[0]?.clause).toBe('koubei §18');
    expect(result.referral?.to).toBe('negotiate_with_respondent');
    const breach = run(
      factsOf('partly_performed', '2026-03-05 10:00', { voucher: { merchantPerformed: true } }),
      unused,
      pack,
    );
    expect(breach.admissible).toBe(true);
  });

  it('refunds counterfeit or illegal goods (§14)', () => {
    expect(
      admissible(run(factsOf('counterfeit', '2026-03-05 10:00'), unused, pack)).remedies[0]?.clauses,
    ).toEqual(['koubei §14']);
  });

  it('refunds a fake transaction before redemption and refuses it after (§17)', () => {
    expect(
      admissible(run(factsOf('fake_transaction', '2026-03-05 10:00'), unused, pack)).remedies[0]?.clauses,
    ).toEqual(['koubei §17']);
    expect(rejected(after('fake_transaction', '2026-03-11 10:00')).reasons[0]).toMatchObject({
      clause: 'koubei §17',
      code: 'fake_transaction_after_redemption',
    });
  });
});

describe('vouchers after redemption: windows (seed 002 §26(二), §27(一))', () => {
  it.each([
    ['2026-03-17 23:00', true],
    ['2026-03-18 09:00', false],
  ])('not as described within 7 days of the transaction’s success: %s → %s (§26(二)1)', (filedAt, ok) => {
    const result = after('not_as_described', filedAt);
    expect(result.admissible).toBe(ok);
    if (!result.admissible)
      expect(result.reasons.map((r) => r.clause)).toEqual(['koubei §26(二)1', 'koubei §27(一)']);
  });

  it('counts from the transaction’s success when it is known apart from redemption', () => {
    const facts = { voucher: { transactionSucceededAt: sh('2026-03-12 10:00') } };
    expect(after('not_as_described', '2026-03-19 10:00', facts).admissible).toBe(true);
  });

  it('service not fully received within 7 days (§26(二)3)', () => {
    expect(after('service_not_performed', '2026-03-17 10:00').admissible).toBe(true);
    expect(rejected(after('service_not_performed', '2026-03-18 10:00')).reasons[0]?.clause).toBe(
      'koubei §26(二)3',
    );
  });

  it('三包 goods: return and refund within 7 days, then exchange or repair within 90 days of redemption (§15, §26(二)2, §10(三))', () => {
    const tb = { voucher: { threeGuarantees: true } };
    expect(admissible(after('quality', '2026-03-15 10:00', tb)).remedies[0]?.clauses).toEqual(['koubei §15']);
    expect(admissible(after('quality', '2026-05-01 10:00', tb)).remedies[0]).toMatchObject({
      outcome: 'exchange',
      clauses: ['koubei §10(三)'],
    });
    expect(rejected(after('quality', '2026-06-09 10:00', tb)).reasons[0]?.clause).toBe('koubei §26(二)2');
    expect(rejected(after('quality', '2026-03-20 10:00')).reasons[0]?.clause).toBe('koubei §26(二)1');
  });
});

describe('vouchers after redemption: remedies (seed 002 §13–§19)', () => {
  it('returns and refunds goods with a quality problem or not as described (§15)', () => {
    const [r] = admissible(after('quality', '2026-03-12 10:00')).remedies;
    expect(r).toMatchObject({
      outcome: 'return_and_refund',
      refundFen: 10_000n,
      returnGoods: true,
      pendingFindings: ['quality_defect'],
    });
  });

  it('bars a mismatch that was visible at redemption, keeps hidden ones (§13(一)3 vs §26(二)1, setting)', () => {
    const visible = { goods: { visibleByEye: true } };
    expect(rejected(after('not_as_described', '2026-03-12 10:00', visible)).reasons[0]?.clause).toBe(
      'koubei §13(一)3',
    );
    expect(after('not_as_described', '2026-03-12 10:00', { goods: { visibleByEye: false } }).admissible).toBe(
      true,
    );
    const all = variant(pack, (d) => {
      d.settings.postRedemptionMismatch.value = 'all';
    });
    expect(run(factsOf('not_as_described', '2026-03-12 10:00', visible), redeemed, all).admissible).toBe(
      true,
    );
    const none = variant(pack, (d) => {
      d.settings.postRedemptionMismatch.value = 'none';
    });
    expect(run(factsOf('not_as_described', '2026-03-12 10:00'), redeemed, none).admissible).toBe(false);
  });

  it.each([
    ['refused outright', { voucher: { performance: { kind: 'refused' as const } } }],
    [
      'performed part not usable alone',
      partial(
        [
          [1, true],
          [1, false],
        ],
        { usableAlone: false },
      ),
    ],
    [
      'value impaired by separation',
      partial(
        [
          [1, true],
          [1, false],
        ],
        { usableAlone: true, valueImpaired: true },
      ),
    ],
  ])('refunds in full when %s (§19(一))', (_label, facts) => {
    expect(admissible(after('partly_performed', '2026-03-12 10:00', facts)).remedies[0]).toMatchObject({
      outcome: 'refund',
      refundFen: 10_000n,
      clauses: ['koubei §19(一)'],
    });
  });

  it('refunds the unperformed share when the performed part is usable alone and keeps its value (§19(二))', () => {
    const facts = partial(
      [
        [1, true],
        [1, true],
        [1, true],
        [1, false],
        [1, false],
        [1, false],
        [1, false],
        [1, false],
        [1, false],
        [1, false],
      ],
      {
        usableAlone: true,
        valueImpaired: false,
      },
    );
    const [r] = admissible(after('partly_performed', '2026-03-12 10:00', facts)).remedies;
    expect(r).toMatchObject({
      outcome: 'proportional_refund',
      refundFen: 7_000n,
      clauses: ['koubei §19(二)'],
    });
    expect(r?.split?.reduce((s, p) => s + p.fen, 0n)).toBe(10_000n);
  });

  it('splits an uneven total to the fen by the largest remainder', () => {
    const odd = orderOf('local_services', 10_001n, { redeemedAt: sh('2026-03-10 18:00') });
    const facts = factsOf(
      'partly_performed',
      '2026-03-12 10:00',
      partial(
        [
          [1, true],
          [1, false],
          [1, false],
        ],
        { usableAlone: true, valueImpaired: false },
      ),
    );
    const [r] = admissible(run(facts, odd, pack)).remedies;
    expect(r?.split?.map((p) => p.fen)).toEqual([3_334n, 3_334n, 3_333n]);
    expect(r?.refundFen).toBe(6_667n);
  });

  it('recommends the full refund while the §19 tests are open, and gives the pro-rata figure', () => {
    const result = admissible(
      after(
        'partly_performed',
        '2026-03-12 10:00',
        partial([
          [3, true],
          [1, false],
        ]),
      ),
    );
    expect(result.remedies[0]?.refundFen).toBe(10_000n);
    expect(result.notes[0]).toMatchObject({ clause: 'koubei §19(二)', code: 'pro_rata_if_separable' });
    expect(result.notes[0]?.message.en).toContain('¥25.00');
  });

  it.each([
    [{ extraFen: 3_000n, accepted: false }, 'refund', 10_000n, 0n],
    [{ extraFen: 3_000n, accepted: true }, 'price_difference_refund', 0n, 3_000n],
    [{ extraFen: 3_000n, accepted: true, causedByConsumer: true }, 'rejection', 0n, 0n],
  ])('price raised on site %o → %s (§19(三))', (priceRaise, outcome, refund, payout) => {
    const [r] = admissible(
      after('price_raised_on_site', '2026-03-12 10:00', { voucher: { priceRaise } }),
    ).remedies;
    expect(r).toMatchObject({ outcome, refundFen: refund, payoutFen: payout, clauses: ['koubei §19(三)'] });
  });

  it('sends a loss from an unreasonable danger elsewhere (§16)', () => {
    const result = admissible(after('quality', '2026-03-12 10:00', { goods: { dangerCausedLoss: true } }));
    expect(result.referrals).toEqual([expect.objectContaining({ to: 'court', clause: 'koubei §16' })]);
  });
});

describe('vouchers: exclusions and agreements (seed 002 §27)', () => {
  it.each([
    [{ settlement: { refundFen: 5_000n, performed: true } }, 'koubei §27(二)'],
    [{ voucher: { acceptedDifferentItemAtStore: true } }, 'koubei §27(三)'],
    [{ priorRejection: true }, 'koubei §27(四)'],
  ])('does not handle %o (%s)', (facts, clause) => {
    expect(rejected(after('quality', '2026-03-12 10:00', facts)).reasons.map((r) => r.clause)).toEqual([
      clause,
    ]);
  });

  it('points a re-application to the appeal instead (§27(四))', () => {
    expect(rejected(after('quality', '2026-03-12 10:00', { priorRejection: true })).referral).toMatchObject({
      to: 'platform_appeal',
      clause: 'kumai §二 复议申请',
    });
  });

  it('carries out an agreement not yet performed (§27(二))', () => {
    const result = admissible(
      after('quality', '2026-04-20 10:00', { settlement: { refundFen: 5_000n, performed: false } }),
    );
    expect(result.remedies[0]).toMatchObject({
      outcome: 'refund',
      refundFen: 5_000n,
      clauses: ['koubei §27(二)'],
    });
  });
});
