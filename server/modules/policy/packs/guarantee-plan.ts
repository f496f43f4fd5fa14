import type { PolicyPackInput } from '../policy.schema.js';
import { lawClauses } from './law-clauses.js';
import {
  COMMON_SETTINGS,
  CONSEQUENCES,
  fastTrack,
  LIFECYCLE,
  LIFECYCLE_CLAUSES,
  OUT_OF_SCOPE,
  SLA_TARGETS,
} from './lifecycle.js';

type Clause = PolicyPackInput['clauses'][number];
const SRC = '拼多多消费者保障计划 (seed 004)';

const PDD_CLAUSES: Clause[] = [
  {
    id: 'pdd 第二条(一)',
    source: `${SRC} 第二条（一）正品和质量保障`,
    quote:
      '消费者在拼多多平台购物享受商家提供的正品和质量保障。若消费者购买到假货等严重问题商品,可以主张“假一赔十”。',
    summary: {
      zh: '假货等严重问题商品假一赔十',
      en: 'Counterfeit and other seriously defective goods: ten for one',
    },
  },
  {
    id: 'pdd 第二条(二)',
    source: `${SRC} 第二条（二）如实描述`,
    quote:
      '消费者在拼多多平台购物享受如实描述保障,即商家承诺其销售的商品或提供的服务与其发布的描述信息相符。若商家违背如实描述承诺,消费者可以主张违约赔付。',
    summary: { zh: '违背如实描述可主张违约赔付', en: 'Not as described: breach compensation' },
  },
  {
    id: 'pdd 第二条(三)',
    source: `${SRC} 第二条（三）诚信发货`,
    quote:
      '消费者在拼多多平台购物享受诚信发货保障,即商家承诺在规定的时限内根据商品订单信息真实发货,并确保提供的快递单号等物流信息真实、有效。若商家违背诚信发货承诺,消费者可以主张违约赔付。',
    summary: { zh: '违背诚信发货可主张违约赔付', en: 'Honest shipping broken: breach compensation' },
  },
  {
    id: 'pdd 第二条(四)',
    source: `${SRC} 第二条（四）七天无理由退换货`,
    quote:
      '消费者在拼多多平台购物享受七天无理由退换货保障。若商家违背七天无理由退换货承诺,包括但不限于拒绝退换货、拒不提供或者错误提供退货地址、设置退换货不合理障碍等,消费者可以申请拼多多介入处理,拼多多将督促商家及时进行退换货、退款或赔付。',
    summary: { zh: '七天无理由退换货', en: '7-day no-reason return or exchange' },
  },
  {
    id: 'pdd 第三条',
    source: `${SRC} 第三条`,
    quote: '商家拒绝履行义务、拒绝赔付或者双方就相关事宜无法达成一致的,消费者可以申请拼多多介入处理。',
    summary: {
      zh: '商家拒绝或无法达成一致的，可申请平台介入',
      en: 'Merchant refuses or no agreement: ask the platform to step in',
    },
  },
  {
    id: 'pdd 第六条',
    source: `${SRC} 第六条`,
    quote:
      '拼多多经前述流程判定商家应承担赔付责任的,可采取包括但不限于扣划商家保证金、限制商家提取货款等措施,督促商家履行其向消费者做出的承诺或赔付责任',
    summary: { zh: '扣划商家保证金赔付', en: 'Compensation deducted from the merchant’s deposit' },
  },
  {
    id: 'pdd 第七条',
    source: `${SRC} 第七条`,
    quote:
      '消费者向拼多多主动发起投诉或维权/赔付申请的,须在下单/拼单成功后至确认收货(含消费者点击确认收货和系统自动确认收货)后15天内申请违约赔付;逾期申请的,拼多多有权不予受理。',
    summary: { zh: '确认收货后15天内申请', en: 'Claim within 15 days after confirmed receipt' },
  },
  {
    id: 'pdd 第八条',
    source: `${SRC} 第八条`,
    quote:
      '拼多多设立消费者保障基金,用于对网络交易中合法权益受到损害、商家因不可抗力或意外事件等无法履行赔付义务、已经穷尽各种途径仍不能获得法定标准赔付的消费者进行适当补偿。',
    summary: {
      zh: '保障基金补足商家无法赔付部分',
      en: 'The guarantee fund covers what the merchant cannot pay',
    },
  },
  {
    id: 'pdd 第九条',
    source: `${SRC} 第九条`,
    quote:
      '本消保计划适用于基于真实消费需求而购买商品或接受服务的情形,不包括知假买假、牟利性打假或为实现其他特定目的而实施恶意购买、恶意维权等扰乱拼多多平台正常交易秩序的情形。',
    summary: {
      zh: '知假买假、牟利性打假、恶意维权除外',
      en: 'Knowing, for-profit or malicious claims are excluded',
    },
  },
];

/** The PDD-style consumer guarantee plan (seed 004), on top of the statutory no-reason return. */
export const GUARANTEE_PLAN_PACK = {
  id: 'guarantee-plan',
  kind: 'guarantee_plan',
  scenario: 'ecommerce',
  version: 1,
  effectiveFrom: '2024-07-01T00:00:00+08:00',
  orderScope: 'all_orders',
  title: { zh: '消费者保障计划', en: 'Consumer guarantee plan' },
  clauses: [
    ...PDD_CLAUSES,
    ...lawClauses(
      '消法 Art. 25(一)',
      '消法 Art. 25(二)',
      '消法 Art. 25(三)',
      '消法 Art. 25(四)',
      '消法 Art. 25 ¶2',
      '消法 Art. 25 ¶3',
      '七日办法 Art. 10',
    ),
    ...LIFECYCLE_CLAUSES,
  ],
  lifecycle: LIFECYCLE,
  consequences: {
    ...CONSEQUENCES,
    refundRequestSilence: { action: 'hand_to_platform', clause: 'pdd 第三条' },
  },
  slaTargets: SLA_TARGETS,
  fastTrack: fastTrack(200_000n),
  settings: {
    ...COMMON_SETTINGS,
    noReasonRefundIncludesShipping: { value: false, clause: '消法 Art. 25 ¶3' },
    // Seed 004 does not say whether the ten-fold includes the refunded price: refund + 10× (docs).
    tenfoldIncludesRefund: { value: false, clause: 'pdd 第二条(一)' },
    // "假货等严重问题商品": counterfeit and other seriously defective goods.
    tenfoldCoversSeriousQuality: { value: true, clause: 'pdd 第二条(一)' },
  },
  windows: {
    claim: { target: { unit: 'calendar_days', amount: 15 }, owner: 'claimant', clause: 'pdd 第七条' },
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
  },
  remedies: {
    counterfeitTenfold: { outcome: 'return_and_refund', clause: 'pdd 第二条(一)' },
    qualityReturn: { outcome: 'return_and_refund', clause: 'pdd 第二条(一)' },
    asDescribed: { outcome: 'return_and_refund', clause: 'pdd 第二条(二)' },
    honestShipping: { outcome: 'refund', clause: 'pdd 第二条(三)' },
    noReasonReturn: { outcome: 'return_and_refund', clause: 'pdd 第二条(四)' },
    depositDeduction: { outcome: 'compensation', clause: 'pdd 第六条' },
    guaranteeFund: { outcome: 'compensation', clause: 'pdd 第八条' },
  },
  amounts: {
    counterfeitMultiplier: { type: 'multiplier', times: 10, clause: 'pdd 第二条(一)' },
    // The seed names 违约赔付 without an amount: 0 = the handler assesses it (docs/domain/policies.md).
    asDescribedCompensation: { type: 'rate', basisPoints: 0, clause: 'pdd 第二条(二)' },
    honestShippingCompensation: { type: 'rate', basisPoints: 0, clause: 'pdd 第二条(三)' },
  },
  exclusions: {
    ...OUT_OF_SCOPE,
    noReasonMadeToOrder: { clause: '消法 Art. 25(一)' },
    noReasonPerishable: { clause: '消法 Art. 25(二)' },
    noReasonUnsealedDigital: { clause: '消法 Art. 25(三)' },
    noReasonPeriodicals: { clause: '消法 Art. 25(四)' },
    noReasonConfirmedAtPurchase: { clause: '消法 Art. 25 ¶2' },
    noReasonNotIntact: { clause: '消法 Art. 25 ¶3' },
    maliciousClaim: { clause: 'pdd 第九条' },
  },
} satisfies PolicyPackInput;
