import { describe, expect, it } from 'vitest';
import { DomainError } from '../../http/errors.js';
import { ecommerceLawPack, eventTicketsPack, koubeiVouchersPack } from './packs/index.js';
import { sh, variant, type PackDraft } from './policy-fixtures.js';
import type { PolicyPack } from './policy.schema.js';
import { assertPublishable, checkPublishable } from './publish-check.js';
import { diffConsumerRights } from './rights-diff.js';
import { selectPolicyVersion } from './select-version.js';

const NOW = sh('2026-08-01 09:00');

function next<P extends PolicyPack>(
  pack: P,
  edit: (d: PackDraft) => void,
  scope: 'all_orders' | 'orders_placed_from_effective' = 'all_orders',
): P {
  return variant(pack, (d) => {
    d.version = pack.version + 1;
    d.effectiveFrom = '2026-09-01T00:00:00+08:00';
    d.orderScope = scope;
    edit(d);
  });
}

describe('consumer-rights diff', () => {
  it('finds nothing between a version and an identical copy', () => {
    expect(
      diffConsumerRights(
        ecommerceLawPack,
        next(ecommerceLawPack, () => {}),
      ),
    ).toEqual([]);
  });

  it.each<[string, (d: PackDraft) => void, string, boolean, string]>([
    [
      'a claimant window shortened',
      (d) => (d.windows.noReasonReturn.target.amount = 5),
      'shortened',
      true,
      '7 calendar days shortened to 5 calendar days',
    ],
    [
      'a claimant window lengthened',
      (d) => (d.windows.noReasonReturn.target.amount = 10),
      'lengthened',
      false,
      'lengthened to 10 calendar days',
    ],
    [
      'the merchant’s refund period lengthened',
      (d) => (d.windows.noReasonRefund.target.amount = 15),
      'lengthened',
      true,
      'refund period of a no-reason return',
    ],
    [
      'a remedy removed',
      (d) => delete d.remedies.foodCompensation,
      'removed',
      true,
      'Removed: food-safety compensation',
    ],
    [
      'a multiplier lowered',
      (d) => (d.amounts.fraudMultiplier.times = 2),
      'lowered',
      true,
      'fraud multiplier lowered from 3× to 2×',
    ],
    [
      'a minimum raised',
      (d) => (d.amounts.fraudMinimum.fen = '60000'),
      'raised',
      false,
      'from ¥500.00 to ¥600.00',
    ],
    ['an exclusion removed', (d) => delete d.exclusions.noReasonPerishable, 'removed', false, 'Removed'],
    [
      'the Art. 203 extension turned off',
      (d) => (d.settings.extendPastHoliday.value = false),
      'changed',
      true,
      'from true to false',
    ],
    [
      'a unit changed to working days',
      (d) => (d.windows.qualityReturn.target = { unit: 'working_days', amount: 5 }),
      'changed',
      true,
      'changed to 5 working days',
    ],
    [
      'an appeal window shortened',
      (d) => (d.lifecycle.appeal.target.amount = 2),
      'shortened',
      true,
      'appeal',
    ],
    [
      'mediation allowed longer',
      (d) => (d.lifecycle.mediation.target.amount = 10),
      'lengthened',
      true,
      'mediation',
    ],
    [
      'a silent merchant now auto-agrees',
      (d) => (d.consequences.respondentSilence.action = 'auto_agree'),
      'changed',
      false,
      'default_decision to auto_agree',
    ],
    [
      'an SLA target lengthened',
      (d) => (d.slaTargets[0].target.amount = 48),
      'lengthened',
      true,
      '24 hours lengthened to 48 hours',
    ],
    [
      'the fast-track threshold raised',
      (d) => (d.fastTrack.thresholdFen = '500000'),
      'raised',
      true,
      'from ¥2,000.00 to ¥5,000.00',
    ],
  ])('%s', (_label, edit, kind, narrowing, text) => {
    const changes = diffConsumerRights(ecommerceLawPack, next(ecommerceLawPack, edit));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ change: kind, narrowing });
    expect(changes[0]?.message.en).toContain(text);
    expect(changes[0]?.message.zh.length).toBeGreaterThan(3);
  });

  it('flags an exclusion added, a deduction cap raised and a larger N as narrowing', () => {
    const tickets = next(eventTicketsPack, (d) => {
      d.amounts.conditionalDeductionCap.basisPoints = 10_000;
      d.settings.defaultRefundWindowDays.value = 10;
    });
    expect(diffConsumerRights(eventTicketsPack, tickets).map((c) => [c.key, c.narrowing])).toEqual([
      ['defaultRefundWindowDays', true],
    ]);
    const capped = variant(eventTicketsPack, (d) => (d.amounts.conditionalDeductionCap.basisPoints = 3_000));
    expect(diffConsumerRights(capped, eventTicketsPack).map((c) => [c.key, c.change, c.narrowing])).toEqual([
      ['conditionalDeductionCap', 'raised', true],
    ]);
    const stricter = variant(koubeiVouchersPack, (d) => (d.settings.postRedemptionMismatch.value = 'none'));
    const noExclusion = variant(koubeiVouchersPack, (d) => delete d.exclusions.reapplicationAfterRejection);
    expect(diffConsumerRights(noExclusion, koubeiVouchersPack)).toEqual([
      expect.objectContaining({ area: 'exclusion', change: 'added', narrowing: true }),
    ]);
    expect(diffConsumerRights(koubeiVouchersPack, stricter)[0]).toMatchObject({
      key: 'postRedemptionMismatch',
      narrowing: true,
    });
  });
});

describe('publishing a version (seed 000 §五.1)', () => {
  const narrower = (scope: 'all_orders' | 'orders_placed_from_effective') =>
    next(ecommerceLawPack, (d) => (d.windows.noReasonReturn.target.amount = 5), scope);

  it('refuses a narrowing change for all orders', () => {
    const check = checkPublishable(ecommerceLawPack, narrower('all_orders'), { now: NOW });
    expect(check.publishable).toBe(false);
    expect(check.problems.map((p) => p.code)).toEqual(['narrowing_for_existing_orders']);
    expect(check.narrowing.map((c) => c.key)).toEqual(['noReasonReturn']);
    expect(() => assertPublishable(ecommerceLawPack, narrower('all_orders'), { now: NOW })).toThrow(
      DomainError,
    );
  });

  it('allows it for orders placed from a future effective time, not from a past one', () => {
    expect(
      checkPublishable(ecommerceLawPack, narrower('orders_placed_from_effective'), { now: NOW }).publishable,
    ).toBe(true);
    const backdated = variant(
      narrower('orders_placed_from_effective'),
      (d) => (d.effectiveFrom = '2026-07-01T00:00:00+08:00'),
    );
    expect(checkPublishable(ecommerceLawPack, backdated, { now: NOW }).problems.map((p) => p.code)).toEqual([
      'narrowing_effective_in_past',
    ]);
  });

  it('allows a widening change for all orders', () => {
    const wider = next(ecommerceLawPack, (d) => (d.windows.noReasonReturn.target.amount = 10));
    expect(checkPublishable(ecommerceLawPack, wider, { now: NOW })).toMatchObject({
      publishable: true,
      narrowing: [],
    });
  });

  it('refuses a version for all orders that quietly keeps a narrowing of an earlier new-orders-only version', () => {
    const v2 = narrower('orders_placed_from_effective');
    const v3 = variant(v2, (d) => {
      d.version = 3;
      d.effectiveFrom = '2026-10-01T00:00:00+08:00';
      d.orderScope = 'all_orders';
      d.amounts.fraudMinimum.fen = '60000';
    });
    expect(checkPublishable(v2, v3, { now: NOW }).publishable).toBe(true);
    const check = checkPublishable(v2, v3, { now: NOW, history: [ecommerceLawPack, v2] });
    expect(check.problems.map((p) => p.code)).toEqual(['narrows_earlier_version']);
  });

  it('refuses another pack, a version number that does not grow and an earlier effective time', () => {
    const same = variant(ecommerceLawPack, (d) => (d.effectiveFrom = '2024-01-01T00:00:00+08:00'));
    expect(checkPublishable(ecommerceLawPack, same).problems.map((p) => p.code)).toEqual([
      'version_not_increased',
      'effective_before_previous',
    ]);
    expect(
      checkPublishable(
        ecommerceLawPack,
        next(koubeiVouchersPack, () => {}),
      ).problems[0]?.code,
    ).toBe('different_pack');
  });
});

describe('choosing the version of a case (seed 002 §32, seed 000 §五.1)', () => {
  const v2 = next(
    ecommerceLawPack,
    (d) => (d.windows.noReasonReturn.target.amount = 5),
    'orders_placed_from_effective',
  );
  const versions = [ecommerceLawPack, v2];

  it.each([
    ['2026-08-20 10:00', '2026-08-25 10:00', 1],
    ['2026-08-20 10:00', '2026-09-05 10:00', 1],
    ['2026-09-02 10:00', '2026-09-05 10:00', 2],
  ])('order placed %s, platform stepped in %s → version %i', (placed, intervened, version) => {
    expect(
      selectPolicyVersion(versions, { orderPlacedAt: sh(placed), intervenedAt: sh(intervened) })?.version,
    ).toBe(version);
  });

  it('has no version before the first takes effect', () => {
    expect(
      selectPolicyVersion(versions, {
        orderPlacedAt: sh('2024-01-01 10:00'),
        intervenedAt: sh('2024-01-02 10:00'),
      }),
    ).toBeNull();
  });
});
