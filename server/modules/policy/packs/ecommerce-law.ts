import type { PolicyPackInput } from '../policy.schema.js';
import {
  COMMON_SETTINGS,
  CONSEQUENCES,
  fastTrack,
  LIFECYCLE,
  LIFECYCLE_CLAUSES,
  OUT_OF_SCOPE,
  SLA_TARGETS,
} from './lifecycle.js';
import { LAW_CLAUSES } from './law-clauses.js';

/**
 * E-commerce under the law (PRODUCT.md "Policy packs"): the 7-day no-reason return, quality returns and
 * 三包, not as described, not delivered, fraud and food compensation. Amounts are the statutory ones.
 */
export const ECOMMERCE_LAW_PACK = {
  id: 'ecommerce-law',
  kind: 'ecommerce',
  scenario: 'ecommerce',
  version: 1,
  effectiveFrom: '2024-07-01T00:00:00+08:00',
  orderScope: 'all_orders',
  title: { zh: '网络购物（法定规则）', en: 'Online shopping (statutory rules)' },
  clauses: [...LAW_CLAUSES, ...LIFECYCLE_CLAUSES],
  lifecycle: LIFECYCLE,
  consequences: CONSEQUENCES,
  slaTargets: SLA_TARGETS,
  // Accord default: ¥2,000 (no seed gives a figure for goods).
  fastTrack: fastTrack(200_000n),
  settings: {
    ...COMMON_SETTINGS,
    // 消法 Art. 25 ¶3 refunds "商品价款" — the price, not the original delivery fee.
    noReasonRefundIncludesShipping: { value: false, clause: '消法 Art. 25 ¶3' },
    // 三包 counts "自售出之日起"; 实施条例 Art. 18 (2024) counts warranty periods from delivery.
    threeGuaranteesFrom: { value: 'delivery', clause: '三包 Art. 9' },
  },
  windows: {
    noReasonReturn: {
      target: { unit: 'calendar_days', amount: 7 },
      owner: 'claimant',
      clause: '七日办法 Art. 10',
    },
    noReasonRefund: {
      target: { unit: 'calendar_days', amount: 7 },
      owner: 'respondent',
      clause: '消法 Art. 25 ¶3',
    },
    qualityReturn: {
      target: { unit: 'calendar_days', amount: 7 },
      owner: 'claimant',
      clause: '消法 Art. 24',
    },
    threeGuaranteesReturn: {
      target: { unit: 'calendar_days', amount: 7 },
      owner: 'claimant',
      clause: '三包 Art. 9',
    },
    threeGuaranteesExchange: {
      target: { unit: 'calendar_days', amount: 15 },
      owner: 'claimant',
      clause: '三包 Art. 10',
    },
  },
  remedies: {
    noReasonReturn: { outcome: 'return_and_refund', clause: '消法 Art. 25' },
    qualityReturn: { outcome: 'return_and_refund', clause: '消法 Art. 24' },
    threeGuaranteesReturn: { outcome: 'return_and_refund', clause: '三包 Art. 9' },
    threeGuaranteesExchange: { outcome: 'exchange', clause: '三包 Art. 10' },
    repairOrExchange: { outcome: 'repair', clause: '消法 Art. 24' },
    notAsDescribedReturn: { outcome: 'return_and_refund', clause: '消法 Art. 23 ¶2' },
    notDeliveredRefund: { outcome: 'refund', clause: '消法 Art. 53' },
    fraudCompensation: { outcome: 'compensation', clause: '消法 Art. 55' },
    foodCompensation: { outcome: 'compensation', clause: '食品安全法 Art. 148' },
  },
  amounts: {
    fraudMultiplier: { type: 'multiplier', times: 3, clause: '消法 Art. 55' },
    fraudMinimum: { type: 'minimum', fen: 50_000n, clause: '消法 Art. 55' },
    foodPriceMultiplier: { type: 'multiplier', times: 10, clause: '食品安全法 Art. 148' },
    foodLossMultiplier: { type: 'multiplier', times: 3, clause: '食品安全法 Art. 148' },
    foodMinimum: { type: 'minimum', fen: 100_000n, clause: '食品安全法 Art. 148' },
  },
  exclusions: {
    ...OUT_OF_SCOPE,
    noReasonMadeToOrder: { clause: '消法 Art. 25(一)' },
    noReasonPerishable: { clause: '消法 Art. 25(二)' },
    noReasonUnsealedDigital: { clause: '消法 Art. 25(三)' },
    noReasonPeriodicals: { clause: '消法 Art. 25(四)' },
    noReasonConfirmedAtPurchase: { clause: '消法 Art. 25 ¶2' },
    noReasonNotIntact: { clause: '消法 Art. 25 ¶3' },
    fraudLabelFlaw: { clause: '实施条例 Art. 49' },
    fraudManufacturedClaim: { clause: '实施条例 Art. 49' },
    foodLabelFlaw: { clause: '食品安全法 Art. 148' },
  },
} satisfies PolicyPackInput;
