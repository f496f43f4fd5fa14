import { describe, expect, it } from 'vitest';
import type { CaseFacts, NoReasonExemptCategory } from './facts.js';
import { ecommerceLawPack as pack } from './packs/index.js';
import { admissible, factsOf, orderOf, rejected, run, sh, variant } from './policy-fixtures.js';

// ¥100 of goods + ¥10 shipping, signed for on Thursday 2026-04-30 (劳动节 5/1–5/5 follows).
const order = orderOf('ecommerce', 10_000n, { shippingFen: 1_000n, signedAt: sh('2026-04-30 10:00') });
const noReason = (filedAt: string, over: Partial<CaseFacts> = {}) =>
  factsOf('other', filedAt, { noReasonReturn: true, ...over });

describe('e-commerce: 7-day no-reason return (消法 Art. 25; 七日办法 Art. 10)', () => {
  it.each([
    ['2026-05-07 23:59', true],
    ['2026-05-08 00:01', false],
  ])('counts 7 days from the day after signing: asked %s → admissible %s', (filedAt, ok) => {
    const result = run(noReason(filedAt), order, pack);
    expect(result.admissible).toBe(ok);
    if (!result.admissible) {
      expect(result.reasons).toEqual([
        expect.objectContaining({ clause: '七日办法 Art. 10', code: 'out_of_time' }),
      ]);
    }
  });

  it('judges the window on when the consumer first asked the merchant, not when the platform got the case', () => {
    const facts = noReason('2026-05-20 10:00', { firstRequestedAt: sh('2026-05-06 10:00') });
    expect(run(facts, order, pack).admissible).toBe(true);
  });

  it('runs a window ending on a statutory holiday to the next working day (民法典 Art. 203 setting, default on)', () => {
    const signed = orderOf('ecommerce', 10_000n, { signedAt: sh('2026-09-24 10:00') });
    expect(run(noReason('2026-10-08 20:00'), signed, pack).admissible).toBe(true);
    const strict = variant(pack, (d) => {
      d.settings.extendPastHoliday.value = false;
    });
    expect(run(noReason('2026-10-08 20:00'), signed, strict).admissible).toBe(false);
    expect(run(noReason('2026-10-01 20:00'), signed, strict).admissible).toBe(true);
  });

  it.each<[NoReasonExemptCategory, string]>([
    ['made_to_order', '消法 Art. 25(一)'],
    ['perishable', '消法 Art. 25(二)'],
    ['unsealed_digital', '消法 Art. 25(三)'],
    ['periodicals', '消法 Art. 25(四)'],
  ])('excludes %s goods (%s)', (category, clause) => {
    const result = rejected(
      run(noReason('2026-05-02 10:00', { goods: { exemptCategory: category } }), order, pack),
    );
    expect(result.reasons.map((r) => r.clause)).toEqual([clause]);
  });

  it('excludes other goods only when the consumer confirmed at purchase (消法 Art. 25 ¶2)', () => {
    const confirmed = run(
      noReason('2026-05-02 10:00', { goods: { exemptionConfirmedAtPurchase: true } }),
      order,
      pack,
    );
    expect(rejected(confirmed).reasons[0]?.clause).toBe('消法 Art. 25 ¶2');
    const notConfirmed = run(
      noReason('2026-05-02 10:00', { goods: { exemptionConfirmedAtPurchase: false } }),
      order,
      pack,
    );
    expect(notConfirmed.admissible).toBe(true);
  });

  it('needs the goods intact (消法 Art. 25 ¶3) and reports every reason at once', () => {
    const facts = noReason('2026-05-09 10:00', { goods: { intact: false, exemptCategory: 'perishable' } });
    expect(rejected(run(facts, order, pack)).reasons.map((r) => r.code)).toEqual([
      'exempt_perishable',
      'not_intact',
      'out_of_time',
    ]);
  });

  it('refunds the price within 7 days of receiving the return; return freight is the consumer’s unless agreed (消法 Art. 25 ¶3)', () => {
    const facts = noReason('2026-05-02 10:00', { goods: { returnReceivedAt: sh('2026-05-06 15:00') } });
    const result = admissible(run(facts, order, pack));
    const [r] = result.remedies;
    expect(r).toMatchObject({
      outcome: 'return_and_refund',
      refundFen: 10_000n,
      returnFreightPayer: 'claimant',
    });
    expect(result.deadlines.find((d) => d.kind === 'no_reason_refund')).toMatchObject({
      owner: 'respondent',
      clause: '消法 Art. 25 ¶3',
      date: '2026-05-13',
    });
    const agreed = run(
      noReason('2026-05-02 10:00', { goods: { freightOnMerchantAgreed: true } }),
      order,
      pack,
    );
    expect(admissible(agreed).remedies[0]?.returnFreightPayer).toBe('respondent');
  });

  it('refunds the original shipping too when the pack says so', () => {
    const generous = variant(pack, (d) => {
      d.settings.noReasonRefundIncludesShipping.value = true;
    });
    expect(admissible(run(noReason('2026-05-02 10:00'), order, generous)).remedies[0]?.refundFen).toBe(
      11_000n,
    );
  });
});

describe('e-commerce: quality (消法 Art. 24; 三包 Art. 9–10)', () => {
  it('returns and refunds everything within 7 days of receipt, the operator paying freight; exchange or repair instead', () => {
    const result = admissible(run(factsOf('quality', '2026-05-06 10:00'), order, pack));
    expect(result.remedies.map((r) => [r.role, r.outcome, r.refundFen, r.returnFreightPayer])).toEqual([
      ['primary', 'return_and_refund', 11_000n, 'respondent'],
      ['alternative', 'exchange', 0n, 'respondent'],
      ['alternative', 'repair', 0n, 'respondent'],
    ]);
    expect(result.remedies[0]?.clauses).toEqual(['消法 Art. 24']);
    expect(result.remedies[0]?.pendingFindings).toEqual(['quality_defect']);
  });

  it('also cites 三包 Art. 9 for a performance fault within 7 days', () => {
    const facts = factsOf('quality', '2026-05-06 10:00', { goods: { performanceFault: true } });
    expect(admissible(run(facts, order, pack)).remedies[0]?.clauses).toEqual(['消法 Art. 24', '三包 Art. 9']);
  });

  it('offers exchange or repair for a performance fault within 15 days (三包 Art. 10)', () => {
    const facts = factsOf('quality', '2026-05-12 10:00', { goods: { performanceFault: true } });
    const result = admissible(run(facts, order, pack));
    expect(result.remedies.map((r) => [r.role, r.outcome, r.clauses[0]])).toEqual([
      ['primary', 'exchange', '三包 Art. 10'],
      ['alternative', 'repair', '三包 Art. 10'],
    ]);
  });

  it('offers repair or replacement after 7 days without a 三包 fault (消法 Art. 24)', () => {
    const result = admissible(run(factsOf('quality', '2026-06-30 10:00'), order, pack));
    expect(result.remedies.map((r) => r.outcome)).toEqual(['repair', 'exchange']);
  });

  it('rejects when the investigation found no defect', () => {
    const facts = factsOf('quality', '2026-05-06 10:00', { findings: { quality_defect: false } });
    expect(admissible(run(facts, order, pack)).remedies.map((r) => r.outcome)).toEqual(['rejection']);
  });

  it('never refunds more than remains refundable, and says so', () => {
    const partly = orderOf('ecommerce', 10_000n, {
      shippingFen: 1_000n,
      refundedFen: 4_000n,
      signedAt: sh('2026-04-30 10:00'),
    });
    const [r] = admissible(run(factsOf('quality', '2026-05-06 10:00'), partly, pack)).remedies;
    expect(r?.refundFen).toBe(7_000n);
    expect(r?.lines.map((l) => [l.kind, l.fen])).toEqual([
      ['refund', 7_000n],
      ['cap', 4_000n],
    ]);
  });
});

describe('e-commerce: misrepresentation, non-delivery and fraud (消法 Art. 23, 53, 55; 实施条例 Art. 49)', () => {
  it('returns and refunds goods not as represented (消法 Art. 23 ¶2), with fraud compensation pending', () => {
    const result = admissible(run(factsOf('not_as_described', '2026-05-20 10:00'), order, pack));
    expect(
      result.remedies.map((r) => [r.role, r.outcome, r.refundFen, r.payoutFen, r.pendingFindings]),
    ).toEqual([
      ['primary', 'return_and_refund', 11_000n, 0n, ['not_as_described']],
      ['additional', 'compensation', 0n, 50_000n, ['fraud']],
    ]);
  });

  it.each([
    [10_000n, 50_000n],
    [16_666n, 50_000n],
    [16_667n, 50_001n],
    [100_000n, 300_000n],
  ])('fraud on a price of %i fen adds 3× the price, at least ¥500 (消法 Art. 55): %i fen', (price, comp) => {
    const facts = factsOf('counterfeit', '2026-05-20 10:00', {
      findings: { counterfeit: true, fraud: true },
    });
    const result = admissible(run(facts, orderOf('ecommerce', price), pack));
    expect(result.remedies[1]).toMatchObject({
      outcome: 'compensation',
      payoutFen: comp,
      pendingFindings: [],
    });
    expect(result.remedies[1]?.clauses).toEqual(['消法 Art. 55']);
  });

  it('gives no treble damages for a harmless label flaw, and sends a fabricated claim to the police (实施条例 Art. 49)', () => {
    const flaw = factsOf('not_as_described', '2026-05-20 10:00', {
      findings: { fraud: true, label_flaw_only: true },
    });
    const flawResult = admissible(run(flaw, order, pack));
    expect(flawResult.remedies.map((r) => r.outcome)).toEqual(['return_and_refund']);
    expect(flawResult.notes.map((n) => [n.clause, n.code])).toEqual([
      ['实施条例 Art. 49', 'label_flaw_only'],
    ]);
    const made = factsOf('counterfeit', '2026-05-20 10:00', { conduct: { fabricated: true } });
    expect(admissible(run(made, order, pack)).referrals).toEqual([
      expect.objectContaining({ to: 'police', clause: '实施条例 Art. 49' }),
    ]);
  });

  it('refunds goods paid for and not delivered (消法 Art. 53)', () => {
    const result = admissible(
      run(factsOf('not_delivered', '2026-03-20 10:00'), orderOf('ecommerce', 5_000n), pack),
    );
    expect(result.remedies[0]).toMatchObject({
      outcome: 'refund',
      refundFen: 5_000n,
      clauses: ['消法 Art. 53'],
    });
  });
});

describe('e-commerce: food (食品安全法 Art. 148)', () => {
  const food = (price: bigint, findings: CaseFacts['findings'], lossFen?: bigint) =>
    run(
      factsOf('quality', '2026-03-05 10:00', {
        goods: { isFood: true, ...(lossFen ? { lossFen } : {}) },
        findings,
      }),
      orderOf('ecommerce', price, { signedAt: sh('2026-03-03 10:00') }),
      pack,
    );

  it.each([
    [5_000n, undefined, 100_000n],
    [20_000n, undefined, 200_000n],
    [20_000n, 100_000n, 400_000n],
  ])(
    'price %i fen, loss %s → 10× price or 3× loss, at least ¥1,000, plus the loss: %i fen',
    (price, loss, payout) => {
      const result = admissible(food(price, { food_safety_violation: true }, loss));
      const comp = result.remedies.find((r) => r.role === 'additional');
      expect(comp?.payoutFen).toBe(payout);
      expect(comp?.clauses).toEqual(['食品安全法 Art. 148']);
    },
  );

  it('applies the food rule instead of 消法 Art. 55, and not for a harmless label flaw', () => {
    const both = admissible(food(20_000n, { food_safety_violation: true, fraud: true }));
    expect(both.remedies.filter((r) => r.role === 'additional').map((r) => r.clauses[0])).toEqual([
      '食品安全法 Art. 148',
    ]);
    const flaw = admissible(food(20_000n, { food_safety_violation: true, label_flaw_only: true }));
    expect(flaw.remedies.filter((r) => r.role === 'additional')).toEqual([]);
    expect(flaw.notes[0]?.clause).toBe('食品安全法 Art. 148');
  });
});

describe('e-commerce: scope (seed 001 初步审核)', () => {
  it('does not accept a matter unrelated to a trade, and names another channel', () => {
    const result = rejected(
      run(factsOf('other', '2026-03-05 10:00', { unrelatedToTrade: true }), order, pack),
    );
    expect(result.reasons[0]).toMatchObject({
      clause: 'kumai §二 初步审核·范围',
      code: 'unrelated_to_trade',
    });
    expect(result.referral?.to).toBe('other_channels');
  });

  it('does not handle a ticket refund under the goods rules', () => {
    expect(rejected(run(factsOf('ticket_refund', '2026-03-05 10:00'), order, pack)).reasons[0]?.code).toBe(
      'category_not_covered',
    );
  });

  it('accepts a privacy complaint without a monetary rule', () => {
    const result = admissible(run(factsOf('privacy', '2026-03-05 10:00'), order, pack));
    expect(result.remedies).toEqual([]);
    expect(result.notes[0]).toMatchObject({ clause: 'kumai §二 调解期限', code: 'no_monetary_rule' });
  });

  it('sets the acceptance review within 1 working day of filing (seed 001)', () => {
    const result = admissible(run(factsOf('quality', '2026-04-30 15:00'), order, pack));
    expect(result.deadlines[0]).toMatchObject({
      kind: 'acceptance',
      date: '2026-05-06',
      clause: 'kumai §二 受理时间',
    });
  });
});
