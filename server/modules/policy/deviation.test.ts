import { describe, expect, it } from 'vitest';
import { checkDeviation, recommendedPackages } from '../../../common/recommendation.js';
import { ecommerceLawPack, koubeiVouchersPack } from './packs/index.js';
import { calendar, factsOf, orderOf, run, sh } from './policy-fixtures.js';
import { suspensionStatus } from './suspension.js';

const order = orderOf('ecommerce', 10_000n, { shippingFen: 1_000n, signedAt: sh('2026-04-30 10:00') });
const quality = run(factsOf('quality', '2026-05-06 10:00'), order, ecommerceLawPack);
const counterfeit = run(
  factsOf('counterfeit', '2026-05-06 10:00', { findings: { fraud: true } }),
  order,
  ecommerceLawPack,
);
const REASON = '双方在调解中同意仅部分退款，消费者保留商品';

describe('deviation from the recommendation (issue #5)', () => {
  it('lists the primary and each alternative, each with the additional remedies', () => {
    expect(recommendedPackages(counterfeit)).toEqual([
      { outcome: 'return_and_refund', refundFen: 11_000n, payoutFen: 50_000n },
    ]);
    expect(recommendedPackages(quality).map((p) => p.outcome)).toEqual([
      'return_and_refund',
      'exchange',
      'repair',
    ]);
  });

  it('needs no reason for the recommendation or a listed alternative', () => {
    for (const chosen of [
      { outcome: 'return_and_refund' as const, refundFen: 11_000n, payoutFen: 0n },
      { outcome: 'repair' as const, refundFen: 0n, payoutFen: 0n },
    ]) {
      expect(checkDeviation(quality, chosen)).toMatchObject({
        deviates: false,
        reasonRequired: false,
        acceptable: true,
        direction: 'none',
      });
    }
  });

  it('needs a written reason for anything else, and says which way it deviates', () => {
    const partial = { outcome: 'proportional_refund' as const, refundFen: 5_000n, payoutFen: 0n };
    const without = checkDeviation(quality, partial);
    expect(without).toMatchObject({
      deviates: true,
      reasonRequired: true,
      acceptable: false,
      direction: 'less_for_claimant',
    });
    expect(checkDeviation(quality, partial, REASON).acceptable).toBe(true);
    const more = checkDeviation(
      counterfeit,
      { outcome: 'return_and_refund', refundFen: 11_000n, payoutFen: 60_000n },
      REASON,
    );
    expect(more.direction).toBe('more_for_claimant');
  });

  it('never accepts a refund above what remains refundable, even with a reason', () => {
    const check = checkDeviation(quality, { outcome: 'refund', refundFen: 11_001n, payoutFen: 0n }, REASON);
    expect(check.acceptable).toBe(false);
    expect(check.problems[0]?.en).toContain('exceeds what remains refundable');
  });

  it('treats a case that is not admissible as recommending a rejection', () => {
    const late = run(factsOf('other', '2026-05-20 10:00', { noReasonReturn: true }), order, ecommerceLawPack);
    expect(checkDeviation(late, { outcome: 'rejection', refundFen: 0n, payoutFen: 0n }).deviates).toBe(false);
    expect(
      checkDeviation(late, { outcome: 'refund', refundFen: 1_000n, payoutFen: 0n }, REASON).direction,
    ).toBe('more_for_claimant');
  });
});

describe('suspension for court or police (seed 002 §28)', () => {
  const notified = sh('2026-09-29 10:00');
  const status = (p: Parameters<typeof suspensionStatus>[0], now: string) =>
    suspensionStatus(p, koubeiVouchersPack, calendar, sh(now));

  it('waits 7 working days for the acceptance certificate, then resumes (国庆 counts as off)', () => {
    const waiting = status({ kind: 'police', notifiedAt: notified }, '2026-10-09 10:00');
    expect(waiting).toMatchObject({
      state: 'suspended',
      until: { date: '2026-10-14', clause: 'koubei §28 ¶1' },
    });
    expect(status({ kind: 'police', notifiedAt: notified }, '2026-10-15 09:00')).toMatchObject({
      state: 'resume',
      reason: { code: 'no_certificate' },
    });
  });

  it('resumes six months after the police accepted without a conclusion', () => {
    const p = { kind: 'police' as const, notifiedAt: notified, certificateAt: sh('2026-10-09 10:00') };
    expect(status(p, '2027-04-08 10:00')).toMatchObject({
      state: 'suspended',
      until: { clause: 'koubei §28 ¶2', date: '2027-04-09' },
    });
    expect(status(p, '2027-04-10 10:00')).toMatchObject({
      state: 'resume',
      reason: { code: 'police_no_conclusion' },
    });
    expect(status({ ...p, concludedAt: sh('2026-12-01 10:00') }, '2026-12-02 10:00').state).toBe('resume');
  });

  it('waits for a court’s final judgment however long it takes', () => {
    const p = { kind: 'court' as const, notifiedAt: notified, certificateAt: sh('2026-10-09 10:00') };
    expect(status(p, '2028-01-01 10:00')).toMatchObject({
      state: 'suspended',
      until: null,
      reason: { code: 'awaiting_judgment' },
    });
    expect(status({ ...p, concludedAt: sh('2028-02-01 10:00') }, '2028-02-02 10:00').state).toBe('resume');
  });
});
