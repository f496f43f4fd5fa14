import { describe, expect, it } from 'vitest';
import type { CaseFacts } from './facts.js';
import { liveStreamingPack as pack } from './packs/index.js';
import { admissible, factsOf, orderOf, rejected, run } from './policy-fixtures.js';

// ¥300 of virtual currency (or a ¥30 monthly renewal).
const coins = orderOf('live_streaming', 30_000n);
const renewal = orderOf('live_streaming', 3_000n);
const ask = (category: CaseFacts['category'], over: Partial<CaseFacts> = {}, order = coins) =>
  run(factsOf(category, '2026-03-05 10:00', over), order, pack);

describe('live-streaming: virtual goods (seed 001 处理决定; 消法 Art. 55)', () => {
  it('refunds everything, penalises the seller and adds treble damages for established fraud', () => {
    const result = admissible(ask('virtual_goods', { findings: { fraud: true } }));
    expect(result.remedies.map((r) => [r.role, r.outcome, r.refundFen, r.payoutFen])).toEqual([
      ['primary', 'refund', 30_000n, 0n],
      ['additional', 'compensation', 0n, 90_000n],
    ]);
    expect(result.remedies[0]).toMatchObject({
      penalties: ['warning', 'trade_restriction'],
      clauses: ['kumai §二 处理决定·欺诈'],
    });
    expect(result.remedies[1]?.clauses).toEqual(['消法 Art. 55']);
  });

  it('keeps the refund pending while fraud is open, and rejects when it is ruled out', () => {
    expect(admissible(ask('virtual_goods')).remedies.map((r) => r.pendingFindings)).toEqual([
      ['fraud'],
      ['fraud'],
    ]);
    expect(
      admissible(ask('virtual_goods', { findings: { fraud: false } })).remedies.map((r) => r.outcome),
    ).toEqual(['rejection']);
  });

  it('explains a buyer’s own misunderstanding instead of refunding', () => {
    const result = admissible(ask('virtual_goods', { findings: { misunderstanding: true } }));
    expect(result.remedies[0]).toMatchObject({ outcome: 'rejection', clauses: ['kumai §二 处理决定·误解'] });
  });

  it('refunds virtual goods paid for and not credited (消法 Art. 53)', () => {
    expect(admissible(ask('not_delivered')).remedies[0]).toMatchObject({
      outcome: 'refund',
      refundFen: 30_000n,
      clauses: ['消法 Art. 53'],
    });
  });
});

describe('live-streaming: memberships and auto-renewal (实施条例 Art. 10)', () => {
  it.each([
    [{ noticeBeforeStart: true, noticeBeforeRenewal: false }, 'refund', 3_000n],
    [{ noticeBeforeStart: false, noticeBeforeRenewal: true }, 'refund', 3_000n],
    [{ noticeBeforeStart: true, noticeBeforeRenewal: true }, 'rejection', 0n],
  ])('renewal notices %o → %s', (notices, outcome, refund) => {
    const [r] = admissible(
      ask('membership_auto_renewal', { live: { item: 'membership', renewal: notices } }, renewal),
    ).remedies;
    expect(r).toMatchObject({ outcome, refundFen: refund, clauses: ['实施条例 Art. 10'] });
  });
});

describe('live-streaming: fast track and scope (seed 001)', () => {
  it.each([
    [99_999n, false, 'standard'],
    [100_000n, false, 'fast'],
    [100n, true, 'fast'],
  ])('an amount of %i fen, urgent %s → %s track', (fen, urgent, track) => {
    const result = admissible(
      run(factsOf('virtual_goods', '2026-03-05 10:00', { urgent }), orderOf('live_streaming', fen), pack),
    );
    expect(result.track).toBe(track);
    if (track === 'fast') expect(result.clauses).toContain('kumai §一 及时高效原则');
  });

  it('uses the requested amount when the claimant names one', () => {
    const facts = factsOf('virtual_goods', '2026-03-05 10:00', { requested: { amountFen: 150_000n } });
    expect(admissible(run(facts, orderOf('live_streaming', 1_000n), pack)).track).toBe('fast');
  });

  it('does not accept a personal quarrel unrelated to a trade', () => {
    const result = rejected(ask('other', { unrelatedToTrade: true }));
    expect(result.reasons[0]?.clause).toBe('kumai §二 初步审核·范围');
  });
});
