import { describe, expect, it } from 'vitest';
import type { Evaluation, RecommendedRemedy } from '../api/policy';
import { deviatesFrom, recommendedClauses, remediesFromRecommendation } from './recommendation';

const remedy = (over: Partial<RecommendedRemedy>): RecommendedRemedy => ({
  outcome: 'refund',
  role: 'primary',
  refundFen: '0',
  payoutFen: '0',
  lines: [],
  returnGoods: false,
  returnFreightPayer: null,
  funding: [],
  penalties: [],
  clauses: [],
  explanation: { zh: '', en: '' },
  pendingFindings: [],
  ...over,
});

const evaluation = (over: Partial<Evaluation>): Evaluation => ({
  policy: { id: 'ecommerce-law', version: 1, kind: 'ecommerce_law' },
  admissible: true,
  refundableFen: '63994',
  clauses: [],
  reasons: [],
  referral: null,
  track: 'standard',
  remedies: [],
  deadlines: [],
  notes: [],
  ...over,
});

const ticket = evaluation({
  remedies: [remedy({ refundFen: '63994', clauses: ['31huiyi §2.1 a)'] })],
  clauses: ['kumai §二', '31huiyi §2.1 a)'],
});

describe('the decision composer against the recommendation', () => {
  it('starts from the recommended refund: all that remains refundable is a full refund', () => {
    expect(remediesFromRecommendation(ticket)).toEqual([
      { type: 'full_refund', amountFen: 63994, payer: 'respondent' },
    ]);
    expect(recommendedClauses(ticket)).toEqual(['31huiyi §2.1 a)', 'kumai §二']);
  });

  it('counts the recommended package as no deviation, and any other amount as one', () => {
    const start = remediesFromRecommendation(ticket);
    expect(deviatesFrom(ticket, start)).toBe(false);
    expect(deviatesFrom(ticket, [{ ...start[0]!, amountFen: 59900 }])).toBe(true);
    expect(deviatesFrom(ticket, [])).toBe(true);
  });

  it('adds the additional remedies as compensation, and reads a pro-rata refund by its amount', () => {
    const e = evaluation({
      remedies: [
        remedy({ outcome: 'proportional_refund', refundFen: '30000' }),
        remedy({ outcome: 'compensation', role: 'additional', payoutFen: '50000' }),
      ],
    });
    const start = remediesFromRecommendation(e);
    expect(start).toEqual([
      { type: 'partial_refund', amountFen: 30000, payer: 'respondent' },
      { type: 'compensation', amountFen: 50000, payer: 'respondent' },
    ]);
    expect(deviatesFrom(e, start)).toBe(false);
    expect(deviatesFrom(e, start.slice(0, 1))).toBe(true);
  });

  it('recommends a rejection when the claim is not admissible: no remedy follows it, a refund deviates', () => {
    const e = evaluation({
      admissible: false,
      reasons: [{ clause: '消法 Art. 25', code: 'exempt', message: { zh: '', en: '' } }],
    });
    expect(remediesFromRecommendation(e)).toEqual([]);
    expect(deviatesFrom(e, [])).toBe(false);
    expect(deviatesFrom(e, [{ type: 'full_refund', amountFen: 100, payer: 'respondent' }])).toBe(true);
    expect(recommendedClauses(e)).toEqual(['消法 Art. 25']);
  });
});
