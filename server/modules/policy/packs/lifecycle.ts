import { DEFAULT_SLA_TARGETS, type SlaTarget } from '../../deadlines/index.js';
import type { PolicyPackInput } from '../policy.schema.js';
import { DEFAULT_AGREEMENT_EXECUTION } from '../pack-base.schema.js';

/**
 * The complaint lifecycle every pack shares (PRODUCT.md "Complaint lifecycle"): seed 001's steps and periods,
 * seed 002 §28's suspension, the 民法典 period rule and the seed 000 §3.3 distribution choice. Packs spread
 * these in; a tenant may change any of them in its own version (the rights diff watches).
 */

type Clause = PolicyPackInput['clauses'][number];

const SEED_001 = '酷麦锦月直播平台交易纠纷处理方式与流程 (seed 001)';

/** Clauses of the shared lifecycle, quoted from their sources. */
export const LIFECYCLE_CLAUSES: Clause[] = [
  {
    id: 'kumai §二 受理时间',
    source: `${SEED_001} 二、投诉受理与初步审核·受理时间`,
    quote:
      '平台客服团队在收到用户投诉后,将在 1 个工作日内进行初步处理。对于符合投诉形式要求(即提供了必要信息和证据)的投诉,将正式予以受理,并向投诉用户发送受理通知,告知投诉已被接收及预计处理时间。',
    summary: { zh: '1个工作日内完成受理审核', en: 'Acceptance review within 1 working day' },
  },
  {
    id: 'kumai §二 初步审核·补充',
    source: `${SEED_001} 二、投诉受理与初步审核·初步审核内容`,
    quote: '若发现关键信息缺失或证据不充分,将及时与投诉用户取得联系,要求其在 3 个工作日内补充完善相关内容。',
    summary: { zh: '投诉人3个工作日内补充材料', en: 'The claimant supplements within 3 working days' },
  },
  {
    id: 'kumai §二 初步审核·范围',
    source: `${SEED_001} 二、投诉受理与初步审核·初步审核内容`,
    quote:
      '审核投诉是否属于平台规定的交易纠纷处理范围,若不属于,将向投诉用户说明原因,并指引其通过其他合适途径解决问题。例如,若投诉内容涉及用户个人情感纠纷,与平台交易无关,则不符合受理条件。',
    summary: {
      zh: '与交易无关的不予受理并指引其他途径',
      en: 'Out of scope: not accepted, with another channel named',
    },
  },
  {
    id: 'kumai §二 调查方式',
    source: `${SEED_001} 二、纠纷调查阶段·调查方式`,
    quote:
      '若必要,还会与被投诉用户取得联系,要求其提供相关说明和证据,并给予被投诉用户合理的时间(一般为 3 个工作日)进行反馈。',
    summary: {
      zh: '被投诉方一般3个工作日内反馈',
      en: 'The respondent answers within (generally) 3 working days',
    },
  },
  {
    id: 'kumai §二 调解期限',
    source: `${SEED_001} 二、调解与协商·调解期限`,
    quote:
      '调解过程原则上不超过 7 个工作日,若在该期限内双方未能达成一致意见,平台将根据调查结果和相关规则作出处理决定。',
    summary: {
      zh: '调解不超过7个工作日，不成由平台决定',
      en: 'Mediation at most 7 working days; then the platform decides',
    },
  },
  {
    id: 'kumai §二 结果反馈',
    source: `${SEED_001} 二、处理决定与结果反馈·结果反馈`,
    quote: '平台将在作出处理决定后的 1 个工作日内,通过平台消息、短信或邮件等方式,将处理结果反馈给纠纷双方。',
    summary: { zh: '决定后1个工作日内通知双方', en: 'Notice to both parties within 1 working day' },
  },
  {
    id: 'kumai §二 复议申请',
    source: `${SEED_001} 二、用户复议与监督·复议申请`,
    quote:
      '若纠纷双方对平台的处理结果不满意,可在收到处理结果通知后的 3 个工作日内,向平台提交复议申请。……平台将在收到复议申请后的 5 个工作日内,重新组织人员对纠纷进行审查,并给出最终处理意见。',
    summary: {
      zh: '3个工作日内申请复议，5个工作日内复核',
      en: 'Appeal within 3 working days; reviewed within 5',
    },
  },
  {
    id: 'kumai §一 及时高效原则',
    source: `${SEED_001} 一、基本原则·及时高效原则`,
    quote: '对于紧急情况或涉及金额较大的纠纷,将启动快速处理通道。',
    summary: { zh: '紧急或大额纠纷走快速通道', en: 'Urgent or large cases take the fast track' },
  },
  {
    id: 'koubei §28 ¶1',
    source: '口碑在线购买争议处理规范 第二十八条第一款 (seed 002)',
    quote:
      '消费者或商户任一方通知口碑要求通过司法机关解决争议或拟向公安机关报案的,应当在通知口碑后的7个工作日内向口碑提供司法机关或公安机关的案件受理凭证。逾期未提供案件受理凭证的,口碑有权恢复争议处理程序。',
    summary: {
      zh: '中止后7个工作日内提供受理凭证，否则恢复',
      en: 'Suspended: proof of acceptance within 7 working days, else resume',
    },
  },
  {
    id: 'koubei §28 ¶2',
    source: '口碑在线购买争议处理规范 第二十八条第二款 (seed 002)',
    quote:
      '公安机关受理案件后的六个月内,未对交易案件给出调查结论或处理建议的,口碑有权恢复争议处理程序。司法机关受理案件后,口碑将等待案件的终局裁判结果。',
    summary: {
      zh: '公安6个月无结论则恢复；法院等待终局裁判',
      en: 'Police: resume after 6 months without a conclusion; court: wait for the final judgment',
    },
  },
  {
    id: '电商法 Art. 61',
    source: '电子商务法 第六十一条',
    quote:
      '消费者在电子商务平台购买商品或者接受服务，与平台内经营者发生争议时，电子商务平台经营者应当积极协助消费者维护合法权益。',
    summary: { zh: '平台应积极协助消费者', en: 'The platform must actively assist the consumer' },
  },
  {
    id: '电商法 Art. 62',
    source: '电子商务法 第六十二条',
    quote:
      '在电子商务争议处理中，电子商务经营者应当提供原始合同和交易记录。因电子商务经营者丢失、伪造、篡改、销毁、隐匿或者拒绝提供前述资料，致使人民法院、仲裁机构或者有关机关无法查明事实的，电子商务经营者应当承担相应的法律责任。',
    summary: {
      zh: '经营者拒不提供记录的承担相应责任',
      en: 'An operator withholding its records bears the consequences',
    },
  },
  {
    id: '民法典 Art. 203',
    source: '民法典 第二百零三条',
    quote:
      '期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。期间的最后一日的截止时间为二十四时；有业务时间的，停止业务活动的时间为截止时间。',
    summary: {
      zh: '期间最后一日为法定休假日的顺延',
      en: 'A period ending on a statutory holiday runs to the next day',
    },
  },
  {
    id: '31huiyi §3.3',
    source: '31会议消费者权益保障措施 二(三)3.3 追偿回款分配 (seed 000)',
    quote:
      'a) 追偿所得优先覆盖平台先行赔付金额(如有)及合理费用;b) 剩余款项按比例退还其他未获清偿的消费者;c) 若追偿金额不足以覆盖全部债权,平台与消费者按各自债权比例受偿。',
    summary: { zh: '追偿回款的分配顺序', en: 'How recovered money is distributed' },
  },
];

const wd = (amount: number) => ({ unit: 'working_days' as const, amount });

/** The lifecycle periods of seed 001 and seed 002 §28. */
export const LIFECYCLE: PolicyPackInput['lifecycle'] = {
  acceptance: { target: wd(1), owner: 'platform', clause: 'kumai §二 受理时间' },
  supplement: { target: wd(3), owner: 'claimant', clause: 'kumai §二 初步审核·补充' },
  refundRequestResponse: { target: wd(3), owner: 'respondent', clause: 'kumai §二 调查方式' },
  respondentReply: { target: wd(3), owner: 'respondent', clause: 'kumai §二 调查方式' },
  mediation: { target: wd(7), owner: 'platform', clause: 'kumai §二 调解期限' },
  notice: { target: wd(1), owner: 'platform', clause: 'kumai §二 结果反馈' },
  appeal: { target: wd(3), owner: 'claimant', clause: 'kumai §二 复议申请' },
  appealReview: { target: wd(5), owner: 'platform', clause: 'kumai §二 复议申请' },
  suspensionProof: { target: wd(7), owner: 'either_party', clause: 'koubei §28 ¶1' },
  policeNoConclusion: {
    target: { unit: 'months', amount: 6 },
    owner: 'either_party',
    clause: 'koubei §28 ¶2',
  },
};

/** What follows a missed lifecycle deadline. */
export const CONSEQUENCES: PolicyPackInput['consequences'] = {
  refundRequestSilence: { action: 'hand_to_platform', clause: '电商法 Art. 61' },
  respondentSilence: { action: 'default_decision', clause: '电商法 Art. 62' },
  claimantNoSupplement: { action: 'auto_close', clause: 'kumai §二 初步审核·补充' },
  mediationNoAgreement: { action: 'default_decision', clause: 'kumai §二 调解期限' },
};

/** The platform SLA targets (deadlines module defaults: seed 000 §(四), 实施条例 Art. 46). */
export const SLA_TARGETS: SlaTarget[] = DEFAULT_SLA_TARGETS.map((t) => ({
  ...t,
  pauseStatuses: [...t.pauseStatuses],
}));

// Accord defaults, not from a seed: seed 001 names a fast track without figures, so the fast track halves
// the first-response and solution targets.
const FAST_SLA: SlaTarget[] = SLA_TARGETS.filter(
  (t) => t.kind === 'first_response' || t.kind === 'solution',
).map((t) => ({
  ...t,
  clause: `${t.clause}; kumai §一 及时高效原则`,
  target: { ...t.target, amount: t.target.amount / 2 },
}));

/** The fast track (seed 001): urgent cases, and cases of at least `thresholdFen`. */
export function fastTrack(thresholdFen: bigint): PolicyPackInput['fastTrack'] {
  return { thresholdFen, urgent: true, clause: 'kumai §一 及时高效原则', slaOverrides: FAST_SLA };
}

/** Settings every pack carries, with their defaults (docs/domain/policies.md says why). */
export const COMMON_SETTINGS = {
  // 民法典 Art. 203 extends a window ending on a statutory holiday: on by default, the reading that never
  // shortens a consumer's period (LEGAL-AND-CALENDAR §1.5 leaves it open).
  extendPastHoliday: { value: true, clause: '民法典 Art. 203' },
  recoveryDistribution: { value: 'costs_first_then_pro_rata' as const, clause: '31huiyi §3.3' },
  // An agreement both parties accepted in mediation is carried out at once; the written decision and its
  // notice (kumai §二 结果反馈) still record it.
  agreementExecution: { ...DEFAULT_AGREEMENT_EXECUTION },
};

/** The out-of-scope exclusion every pack applies (seed 001 初步审核). */
export const OUT_OF_SCOPE = { outOfScope: { clause: 'kumai §二 初步审核·范围' } };
