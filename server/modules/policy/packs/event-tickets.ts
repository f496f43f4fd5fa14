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

type Clause = PolicyPackInput['clauses'][number];
const SRC = '31会议消费者权益保障措施';

function h(id: string, where: string, quote: string, zh: string, en: string): Clause {
  return { id: `31huiyi ${id}`, source: `${SRC} ${where} (seed 000)`, quote, summary: { zh, en } };
}

const CLAUSES: Clause[] = [
  h(
    '§(三)1',
    '二(三)1',
    '平台将会在活动结束后3个工作日后将票务款项提现给主办方。',
    '活动结束3个工作日后结算',
    'Payout 3 working days after the event',
  ),
  h(
    '§2.1 a)',
    '二(三)2.1 a)',
    '消费者在活动开始日 N 日前(N 值以活动页面公示为准,最低不少于7日)申请退票的,平台依主办方授权即时退还“票面价格+实际支付税费”,服务费/处理费可退性以页面说明为准;',
    'N日前即时退票面价格+税费',
    'N days before: instant refund of face value + tax',
  ),
  h(
    '§2.1 b)',
    '二(三)2.1 b)',
    '超过前述时限但活动尚未开始,平台可协助提交退票申请,是否同意及扣费比例由主办方决定,平台于收到主办方确认后 3 个工作日内完成退款;',
    '之后由主办方决定，确认后3个工作日退款',
    'Later: the organizer decides; refund 3 working days after confirmation',
  ),
  h(
    '§2.1 c)',
    '二(三)2.1 c)',
    '同一订单仅可享受一次“条件退”,再次购票后不再适用无理由退票。',
    '每单一次条件退',
    'One conditional refund per order',
  ),
  h(
    '§2.2 a)',
    '二(三)2.2 a)',
    '因主办方原因取消活动,主办方应在取消公告发布之日起 2 个工作日内向平台出具退款方案;平台在方案确认后 48 小时内原路退还消费者全部已付款项(含票面价格及税费);',
    '取消：2个工作日出方案，48小时内全额退款',
    'Cancelled: plan in 2 working days, full refund 48 hours after it',
  ),
  h(
    '§2.2 b)',
    '二(三)2.2 b)',
    '已制/已发纸质票或 RFID 手环的,消费者应按平台指引在 7 日内寄回完整票品,邮费由主办方承担;未按时寄回视为放弃退款;',
    '纸质票7日内寄回，否则视为放弃',
    'Paper tickets back within 7 days or the refund is waived',
  ),
  h(
    '§2.3 a)',
    '二(三)2.3 a)',
    '主办方宣布延期且消费者无法参加,可自延期公告之日起 3 日内申请全额退票,逾期视为接受新档期;',
    '延期：3日内可全额退票',
    'Postponed: full refund if asked within 3 days',
  ),
  h(
    '§2.3 b)',
    '二(三)2.3 b)',
    '延期后再次变更的,消费者享有与原延期同等的一次退票权。',
    '再次变更再享一次退票权',
    'Each further change: the same right once more',
  ),
  h(
    '§2.4 a)',
    '二(三)2.4 a)',
    '活动因不可抗力取消,平台将扣除“已支付且不可退还的第三方成本”后,于 15 个工作日内把剩余款项退回消费者;',
    '不可抗力：扣除不可退成本后15个工作日内退款',
    'Force majeure: refund minus non-refundable costs within 15 working days',
  ),
  h(
    '§2.4 b)',
    '二(三)2.4 b)',
    '不可退还成本范围及金额,由主办方在公告中列明并附凭证;若消费者对扣除比例有异议,可申请平台调解或提交上海仲裁委员会仲裁;',
    '扣除须列明并附凭证；异议可调解或仲裁',
    'Deductions listed with vouchers; disputes to mediation or arbitration',
  ),
  h(
    '§2.4 c)',
    '二(三)2.4 c)',
    '平台建议主办方购买“活动取消险”,保费由主办方承担;保险赔付不足以覆盖票面金额的,主办方仍应就不足部分承担补充退款义务。',
    '保险先赔，不足部分主办方补足',
    'Insurance first; the organizer tops up to face value',
  ),
  h(
    '§3.1 a)',
    '二(三)3.1 a)',
    '主办方失联、拒绝退款或逾期退款超过 7 个工作日;',
    '逾期退款超过7个工作日触发协助追偿',
    'Refund overdue by 7 working days: assisted recovery',
  ),
  h(
    '§4.2',
    '二(三)4.2',
    '因网络故障、银行或第三方支付系统原因导致退款延迟的,平台不承担责任,但应在故障解除后 24 小时内补发退款;',
    '故障解除后24小时内补发退款',
    'Reissue within 24 hours after an outage',
  ),
  h(
    '§五.1',
    '五、附则 1',
    '本措施自发布之日起生效,平台可根据法律法规更新及业务发展情况进行修订,修订后不得损害消费者原有合法权益。',
    '修订不得损害消费者原有权益',
    'A revision may not take away consumers’ existing rights',
  ),
];

const wd = (amount: number) => ({ unit: 'working_days' as const, amount });
const days = (amount: number) => ({ unit: 'calendar_days' as const, amount });

/** Event tickets (seed 000 §(三) 退票与协助追偿机制). */
export const EVENT_TICKETS_PACK = {
  id: 'event-tickets',
  kind: 'event_ticket',
  scenario: 'tickets',
  version: 1,
  effectiveFrom: '2024-07-01T00:00:00+08:00',
  orderScope: 'all_orders',
  title: { zh: '活动票务', en: 'Event tickets' },
  clauses: [...CLAUSES, ...LIFECYCLE_CLAUSES],
  lifecycle: LIFECYCLE,
  consequences: CONSEQUENCES,
  slaTargets: SLA_TARGETS,
  // Accord default: ¥2,000 (seed 000 gives no figure).
  fastTrack: fastTrack(200_000n),
  settings: {
    ...COMMON_SETTINGS,
    minRefundWindowDays: { value: 7, clause: '31huiyi §2.1 a)' },
    defaultRefundWindowDays: { value: 7, clause: '31huiyi §2.1 a)' },
    // "N 日前": the day N days before the start day is still in (start 6/20, N = 7 → up to 6/13 24:00).
    standardRefundLastDay: { value: 'n_days_before', clause: '31huiyi §2.1 a)' },
    // A page silent on the fee: refundable (a standard term is read against its drafter).
    serviceFeeWhenPageSilent: { value: 'refund', clause: '31huiyi §2.1 a)' },
    // §2.4 a) deducts costs, c) makes the insured organizer top up to face value: with insurance, c) wins.
    forceMajeureWithInsurance: { value: 'face_value_in_full', clause: '31huiyi §2.4 c)' },
    forceMajeureDeductionRequiresDocuments: { value: true, clause: '31huiyi §2.4 b)' },
    physicalTicketReturn: { value: 'cancellation_only', clause: '31huiyi §2.2 b)' },
  },
  windows: {
    conditionalRefundPayout: { target: wd(3), owner: 'platform', clause: '31huiyi §2.1 b)' },
    cancellationPlan: { target: wd(2), owner: 'respondent', clause: '31huiyi §2.2 a)' },
    cancellationRefund: {
      target: { unit: 'hours', amount: 48 },
      owner: 'platform',
      clause: '31huiyi §2.2 a)',
    },
    physicalTicketReturn: { target: days(7), owner: 'claimant', clause: '31huiyi §2.2 b)' },
    postponementRefund: { target: days(3), owner: 'claimant', clause: '31huiyi §2.3 a)' },
    forceMajeureRefund: { target: wd(15), owner: 'platform', clause: '31huiyi §2.4 a)' },
    organizerPayout: { target: wd(3), owner: 'escrow', clause: '31huiyi §(三)1' },
    refundReissue: { target: { unit: 'hours', amount: 24 }, owner: 'platform', clause: '31huiyi §4.2' },
    assistedRecoveryOverdue: { target: wd(7), owner: 'respondent', clause: '31huiyi §3.1 a)' },
  },
  remedies: {
    standardRefund: { outcome: 'refund', clause: '31huiyi §2.1 a)' },
    conditionalRefund: { outcome: 'refund', clause: '31huiyi §2.1 b)' },
    cancellationRefund: { outcome: 'refund', clause: '31huiyi §2.2 a)' },
    postponementRefund: { outcome: 'refund', clause: '31huiyi §2.3 a)' },
    furtherChangeRefund: { outcome: 'refund', clause: '31huiyi §2.3 b)' },
    forceMajeureRefund: { outcome: 'refund', clause: '31huiyi §2.4 a)' },
    insuranceFirst: { outcome: 'refund', clause: '31huiyi §2.4 c)' },
  },
  amounts: {
    // §2.1 b) leaves the deduction to the organizer: no cap beyond the refund itself.
    conditionalDeductionCap: { type: 'deduction_cap', basisPoints: 10_000, clause: '31huiyi §2.1 b)' },
  },
  exclusions: {
    ...OUT_OF_SCOPE,
    oneConditionalRefundPerOrder: { clause: '31huiyi §2.1 c)' },
    repurchaseAfterConditionalRefund: { clause: '31huiyi §2.1 c)' },
    physicalTicketNotReturned: { clause: '31huiyi §2.2 b)' },
    afterEventStart: { clause: '31huiyi §2.1 b)' },
  },
} satisfies PolicyPackInput;
