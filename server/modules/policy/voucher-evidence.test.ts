import { describe, expect, it } from 'vitest';
import type { CaseFacts } from './facts.js';
import { koubeiVouchersPack as pack } from './packs/index.js';
import { admissible, factsOf, orderOf, run, sh } from './policy-fixtures.js';
import { testingFeePayer } from './voucher-evidence.js';

// A ¥100 voucher for goods, used ("确认使用") on Tuesday 2026-03-10.
const redeemed = orderOf('local_services', 10_000n, { redeemedAt: sh('2026-03-10 18:00') });
const after = (category: CaseFacts['category'], filedAt: string, over: Partial<CaseFacts> = {}) =>
  run(factsOf(category, filedAt, over), redeemed, pack);

describe('vouchers: burden of proof and testing fees (seed 002 §21–§24)', () => {
  it('decides a visible quality problem from photos (§23)', () => {
    const result = admissible(after('quality', '2026-03-12 10:00', { goods: { visibleByEye: true } }));
    expect(result.evidence).toMatchObject({ decidedOn: 'photos', testingFee: null });
    expect(result.evidence?.steps.map((s) => s.clause)).toEqual(['koubei §23']);
  });

  it('asks the merchant for documents, then the consumer for a test report (§22, §24)', () => {
    const result = admissible(after('counterfeit', '2026-03-12 10:00'));
    expect(result.evidence?.steps.map((s) => [s.party, s.clause])).toEqual([
      ['respondent', 'koubei §22'],
      ['claimant', 'koubei §24 ¶1'],
    ]);
    expect(result.evidence?.testingFee).toMatchObject({
      ifDefective: 'respondent',
      ifConforming: 'claimant',
      payer: null,
    });
  });

  it.each([
    ['defective', true, 'respondent', 'return_and_refund', 'koubei §24 ¶1'],
    ['conforming', true, 'claimant', 'rejection', 'koubei §24 ¶1'],
    ['defective', false, 'claimant', 'return_and_refund', 'koubei §24 ¶2'],
  ] as const)(
    'test %s (asked by the platform: %s) → fee on the %s, outcome %s',
    (testResult, requestedByPlatform, payer, outcome, clause) => {
      const facts = { voucher: { testing: { requestedByPlatform, result: testResult } } };
      const result = admissible(after('quality', '2026-03-12 10:00', facts));
      expect(result.evidence?.testingFee).toMatchObject({ payer, clause });
      expect(result.remedies[0]?.outcome).toBe(outcome);
    },
  );
});

describe('testing fee (seed 002 §24)', () => {
  it.each([
    ['defective', true, 'respondent'],
    ['counterfeit', true, 'respondent'],
    ['conforming', true, 'claimant'],
    ['defective', false, 'claimant'],
  ] as const)('a %s result, asked for by the platform: %s → the %s pays', (result, requested, payer) => {
    expect(testingFeePayer(result, requested)).toBe(payer);
  });
});
