import { describe, expect, it } from 'vitest';
import { lifecycleDeadline } from './evaluate.js';
import { guaranteePlanPack as pack } from './packs/index.js';
import { admissible, calendar, factsOf, orderOf, rejected, run, sh, variant } from './policy-fixtures.js';

// ¥100 of goods, receipt confirmed (signed) on Monday 2026-03-02.
const order = orderOf('ecommerce', 10_000n, { signedAt: sh('2026-03-02 10:00') });

describe('guarantee plan: admissibility (seed 004 第七条, 第九条)', () => {
  it.each([
    ['2026-03-17 23:00', true],
    ['2026-03-18 00:30', false],
  ])('takes claims until 15 days after confirmed receipt: filed %s → %s (pdd 第七条)', (filedAt, ok) => {
    const result = run(factsOf('counterfeit', filedAt), order, pack);
    expect(result.admissible).toBe(ok);
    if (!result.admissible) {
      expect(result.reasons[0]?.clause).toBe('pdd 第七条');
      expect(result.referral?.to).toBe('regulator_12315');
    }
  });

  it('counts from the confirmed receipt when it differs from signing, and is open before receipt', () => {
    const facts = factsOf('counterfeit', '2026-03-25 10:00', {
      guarantee: { receiptConfirmedAt: sh('2026-03-12 10:00') },
    });
    expect(run(facts, order, pack).admissible).toBe(true);
    expect(
      run(factsOf('counterfeit', '2026-06-01 10:00'), orderOf('ecommerce', 10_000n), pack).admissible,
    ).toBe(true);
  });

  it.each([{ malicious: true }, { forProfit: true }, { knowinglyBoughtFake: true }])(
    'excludes claims that are not genuine consumption: %o (pdd 第九条)',
    (conduct) => {
      const result = rejected(run(factsOf('counterfeit', '2026-03-05 10:00', { conduct }), order, pack));
      expect(result.reasons.map((r) => [r.clause, r.code])).toEqual([['pdd 第九条', 'malicious_claim']]);
    },
  );
});

describe('guarantee plan: remedies (seed 004 第二条, 第六条, 第八条)', () => {
  it('假一赔十: return and refund, plus 10× the price from the deposit (pdd 第二条(一), 第六条)', () => {
    const result = admissible(run(factsOf('counterfeit', '2026-03-05 10:00'), order, pack));
    expect(result.remedies.map((r) => [r.role, r.outcome, r.refundFen, r.payoutFen])).toEqual([
      ['primary', 'return_and_refund', 10_000n, 0n],
      ['additional', 'compensation', 0n, 100_000n],
    ]);
    expect(result.remedies[1]?.funding).toEqual([{ source: 'merchant_deposit', fen: 100_000n }]);
    expect(result.remedies[1]?.clauses).toEqual(['pdd 第二条(一)', 'pdd 第六条', 'pdd 第八条']);
  });

  it('the guarantee fund covers what the deposit cannot (pdd 第八条)', () => {
    const facts = factsOf('counterfeit', '2026-03-05 10:00', { guarantee: { depositAvailableFen: 30_000n } });
    expect(admissible(run(facts, order, pack)).remedies[1]?.funding).toEqual([
      { source: 'merchant_deposit', fen: 30_000n },
      { source: 'guarantee_fund', fen: 70_000n },
    ]);
  });

  it('can count the refunded price inside the ten-fold (setting tenfoldIncludesRefund)', () => {
    const inclusive = variant(pack, (d) => {
      d.settings.tenfoldIncludesRefund.value = true;
    });
    expect(
      admissible(run(factsOf('counterfeit', '2026-03-05 10:00'), order, inclusive)).remedies[1]?.payoutFen,
    ).toBe(90_000n);
  });

  it('treats seriously defective goods like fakes ("假货等严重问题商品"), other defects with a return', () => {
    const serious = factsOf('quality', '2026-03-05 10:00', { findings: { serious_quality_problem: true } });
    expect(admissible(run(serious, order, pack)).remedies.map((r) => r.payoutFen)).toEqual([0n, 100_000n]);
    const plain = admissible(run(factsOf('quality', '2026-03-05 10:00'), order, pack));
    expect(plain.remedies.map((r) => [r.outcome, r.returnFreightPayer])).toEqual([
      ['return_and_refund', 'respondent'],
    ]);
  });

  it('rejects a counterfeit claim when the goods were found genuine', () => {
    const facts = factsOf('counterfeit', '2026-03-05 10:00', { findings: { counterfeit: false } });
    expect(admissible(run(facts, order, pack)).remedies.map((r) => r.outcome)).toEqual(['rejection']);
  });

  it('as described: return and refund; the unset 违约赔付 amount is left to the handler (pdd 第二条(二))', () => {
    const result = admissible(run(factsOf('not_as_described', '2026-03-05 10:00'), order, pack));
    expect(result.remedies.map((r) => r.outcome)).toEqual(['return_and_refund']);
    expect(result.notes.map((n) => [n.clause, n.code])).toEqual([['pdd 第二条(二)', 'compensation_unset']]);
    const priced = variant(pack, (d) => {
      d.amounts.asDescribedCompensation.basisPoints = 3_000;
    });
    expect(
      admissible(run(factsOf('not_as_described', '2026-03-05 10:00'), order, priced)).remedies[1]?.payoutFen,
    ).toBe(3_000n);
  });

  it('honest shipping: a refund for goods not shipped as promised (pdd 第二条(三))', () => {
    const result = admissible(
      run(factsOf('not_delivered', '2026-03-05 10:00'), orderOf('ecommerce', 10_000n), pack),
    );
    expect(result.remedies[0]).toMatchObject({
      outcome: 'refund',
      refundFen: 10_000n,
      clauses: ['pdd 第二条(三)'],
    });
  });

  it('7-day no-reason return under the plan (pdd 第二条(四)) with the statutory exclusions', () => {
    const ok = admissible(run(factsOf('other', '2026-03-05 10:00', { noReasonReturn: true }), order, pack));
    expect(ok.remedies[0]).toMatchObject({
      outcome: 'return_and_refund',
      clauses: expect.arrayContaining(['pdd 第二条(四)']),
    });
    const perishable = factsOf('other', '2026-03-05 10:00', {
      noReasonReturn: true,
      goods: { exemptCategory: 'perishable' },
    });
    expect(rejected(run(perishable, order, pack)).reasons[0]?.clause).toBe('消法 Art. 25(二)');
  });

  it('hands a refund request the merchant leaves unanswered to the platform (pdd 第三条)', () => {
    const d = lifecycleDeadline(
      pack,
      'refundRequestResponse',
      sh('2026-03-05 10:00'),
      calendar,
      sh('2026-03-05 10:00'),
    );
    expect(d).toMatchObject({
      kind: 'refund_request_response',
      date: '2026-03-10',
      consequence: 'hand_to_platform',
      owner: 'respondent',
    });
  });
});
