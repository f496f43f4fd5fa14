import type { PolicyPackInput } from '../policy.schema.js';
import { KOUBEI_CLAUSES } from './koubei-clauses.js';
import {
  COMMON_SETTINGS,
  CONSEQUENCES,
  fastTrack,
  LIFECYCLE,
  LIFECYCLE_CLAUSES,
  OUT_OF_SCOPE,
  SLA_TARGETS,
} from './lifecycle.js';

const days = (amount: number) => ({ unit: 'calendar_days' as const, amount });

/** Local-services vouchers (seed 002 口碑在线购买争议处理规范 §9–§28). */
export const KOUBEI_VOUCHERS_PACK = {
  id: 'koubei-vouchers',
  kind: 'voucher',
  scenario: 'local_services',
  version: 1,
  effectiveFrom: '2024-07-01T00:00:00+08:00',
  orderScope: 'all_orders',
  title: { zh: '本地生活服务券', en: 'Local-services vouchers' },
  clauses: [...KOUBEI_CLAUSES, ...LIFECYCLE_CLAUSES],
  lifecycle: LIFECYCLE,
  consequences: CONSEQUENCES,
  slaTargets: SLA_TARGETS,
  // Accord default: ¥1,000 (vouchers are small; seed 002 gives no figure).
  fastTrack: fastTrack(100_000n),
  settings: {
    ...COMMON_SETTINGS,
    // §13(一)3 bars any mismatch after redemption, §26(二)1 admits one within 7 days: only what could not
    // be seen by eye at redemption stays disputable (docs/domain/policies.md).
    postRedemptionMismatch: { value: 'hidden_only', clause: 'koubei §13(一)' },
  },
  windows: {
    postRedemptionDispute: { target: days(7), owner: 'claimant', clause: 'koubei §26(二)1' },
    postRedemptionService: { target: days(7), owner: 'claimant', clause: 'koubei §26(二)3' },
    threeGuarantees: { target: days(90), owner: 'claimant', clause: 'koubei §26(二)2' },
  },
  remedies: {
    preRedemptionRefund: { outcome: 'refund', clause: 'koubei §26(一)' },
    illegalOrCounterfeitRefund: { outcome: 'refund', clause: 'koubei §14' },
    qualityReturnRefund: { outcome: 'return_and_refund', clause: 'koubei §15' },
    threeGuaranteesExchangeRepair: { outcome: 'exchange', clause: 'koubei §10(三)' },
    refusedOrUnusableRefund: { outcome: 'refund', clause: 'koubei §19(一)' },
    proRataRefund: { outcome: 'proportional_refund', clause: 'koubei §19(二)' },
    priceRaisedRefund: { outcome: 'refund', clause: 'koubei §19(三)' },
    priceDifferenceRefund: { outcome: 'price_difference_refund', clause: 'koubei §19(三)' },
    fakeTransactionRefund: { outcome: 'refund', clause: 'koubei §17' },
    agreementEnforced: { outcome: 'refund', clause: 'koubei §27(二)' },
  },
  amounts: {},
  exclusions: {
    ...OUT_OF_SCOPE,
    outOfTime: { clause: 'koubei §27(一)' },
    settledAndPerformed: { clause: 'koubei §27(二)' },
    acceptedDifferentItemAtStore: { clause: 'koubei §27(三)' },
    reapplicationAfterRejection: { clause: 'koubei §27(四)' },
    fakeTransactionAfterRedemption: { clause: 'koubei §17' },
    redeemedVisibleMismatch: { clause: 'koubei §13(一)3' },
    merchantPerformedNeedsAgreement: { clause: 'koubei §18' },
    dangerLossElsewhere: { clause: 'koubei §16' },
  },
  evidence: {
    merchantDocuments: { clause: 'koubei §22' },
    photosSuffice: { clause: 'koubei §23' },
    testReport: { clause: 'koubei §24 ¶1' },
    selfInitiatedTest: { clause: 'koubei §24 ¶2' },
  },
} satisfies PolicyPackInput;
