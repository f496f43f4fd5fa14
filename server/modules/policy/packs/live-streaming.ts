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
const SRC = '酷麦锦月直播平台交易纠纷处理方式与流程 (seed 001)';

const KUMAI_CLAUSES: Clause[] = [
  {
    id: 'kumai §一 适用范围',
    source: `${SRC} 一、适用范围`,
    quote:
      '本措施适用于所有在平台上进行交易的用户之间发生的纠纷,包括但不限于用户购买虚拟物品(如虚拟礼物、虚拟货币等)、会员服务等过程中产生的争议。',
    summary: { zh: '虚拟物品与会员服务争议', en: 'Virtual goods and membership disputes' },
  },
  {
    id: 'kumai §二 处理决定·欺诈',
    source: `${SRC} 二、处理决定作出`,
    quote:
      '若认定卖家存在欺诈行为,平台可能会要求卖家退还买家全部费用,并对卖家进行相应的处罚,如警告、限制交易权限等;',
    summary: { zh: '欺诈：退还全部费用并处罚卖家', en: 'Fraud: refund everything and penalise the seller' },
  },
  {
    id: 'kumai §二 处理决定·误解',
    source: `${SRC} 二、处理决定作出`,
    quote: '若买家存在误解或自身操作失误导致纠纷,平台将向买家详细解释说明情况,并提供合理的解决方案建议。',
    summary: { zh: '买家误解：解释说明', en: "Buyer's misunderstanding: explain" },
  },
];

/** Live-streaming: virtual goods and memberships (seed 001; 实施条例 Art. 10; 消法 Art. 55). */
export const LIVE_STREAMING_PACK = {
  id: 'live-streaming',
  kind: 'live_streaming',
  scenario: 'live_streaming',
  version: 1,
  effectiveFrom: '2024-07-01T00:00:00+08:00',
  orderScope: 'all_orders',
  title: { zh: '直播虚拟物品与会员', en: 'Live-streaming virtual goods and memberships' },
  clauses: [
    ...KUMAI_CLAUSES,
    ...lawClauses('消法 Art. 53', '消法 Art. 55', '实施条例 Art. 49', '实施条例 Art. 10'),
    ...LIFECYCLE_CLAUSES,
  ],
  lifecycle: LIFECYCLE,
  consequences: CONSEQUENCES,
  slaTargets: SLA_TARGETS,
  // Accord default: ¥1,000 (seed 001 names "涉及金额较大" without a figure).
  fastTrack: fastTrack(100_000n),
  settings: { ...COMMON_SETTINGS },
  windows: {},
  remedies: {
    fraudFullRefund: {
      outcome: 'refund',
      clause: 'kumai §二 处理决定·欺诈',
      penalties: ['warning', 'trade_restriction'],
    },
    fraudCompensation: { outcome: 'compensation', clause: '消法 Art. 55' },
    notDeliveredRefund: { outcome: 'refund', clause: '消法 Art. 53' },
    renewalRefund: { outcome: 'refund', clause: '实施条例 Art. 10' },
    misunderstandingExplained: { outcome: 'rejection', clause: 'kumai §二 处理决定·误解' },
  },
  amounts: {
    fraudMultiplier: { type: 'multiplier', times: 3, clause: '消法 Art. 55' },
    fraudMinimum: { type: 'minimum', fen: 50_000n, clause: '消法 Art. 55' },
  },
  exclusions: {
    ...OUT_OF_SCOPE,
    fraudManufacturedClaim: { clause: '实施条例 Art. 49' },
    fraudLabelFlaw: { clause: '实施条例 Art. 49' },
  },
} satisfies PolicyPackInput;
