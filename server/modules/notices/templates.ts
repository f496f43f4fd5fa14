import { deadlineKindText } from '../../../common/deadline-kinds.js';

/**
 * What a party is told when a case moves: zh-CN (`title`, `body`, the text of record) and the same in English
 * (`en`, for the English UI). Pure: the notice job fills these from the case and the action.
 */
export type NoticeText = { title: string; body: string; en: { title: string; body: string } };

const STAGE_TEXT: Record<string, string> = {
  awaiting_merchant: '等待商家处理',
  counter_offered: '商家提出了新的方案，请您确认',
  merchant_refused: '商家拒绝了您的申请，您可以申请平台介入',
  refund_agreed: '双方已就退款达成一致，平台将按原路退款',
  acceptance_review: '平台正在审核您的投诉',
  awaiting_supplement: '请在 3 个工作日内补充材料，逾期将按撤回处理',
  investigation: '平台已受理，正在调查',
  mediation: '平台正在组织调解',
  awaiting_decision: '调解未达成一致，平台将作出处理决定',
  decided: '平台已作出处理决定',
  appeal_window: '处理决定已送达，如有异议可在 3 个工作日内申请复议',
  appeal_review: '复议申请已收到，将在 5 个工作日内作出复议决定',
  execution: '处理决定已生效，正在执行',
  suspended: '案件已中止（司法或公安程序）',
  closed: '案件已办结，欢迎对处理过程进行评价',
  closed_incomplete: '因未在期限内补充材料，案件已关闭',
  not_accepted: '您的投诉不符合受理条件，详见说明',
  withdrawn: '案件已撤回',
  referred_out: '案件已转交其他途径处理',
};

const STAGE_TEXT_EN: Record<string, string> = {
  awaiting_merchant: 'waiting for the merchant',
  counter_offered: 'the merchant proposed another solution; please confirm',
  merchant_refused: 'the merchant refused; you may ask the platform to step in',
  refund_agreed: 'the refund is agreed and will be paid back the way you paid',
  acceptance_review: 'the platform is reviewing the complaint',
  awaiting_supplement: 'please add the missing material within 3 working days, or the case closes',
  investigation: 'accepted; the platform is investigating',
  mediation: 'the platform is mediating',
  awaiting_decision: 'no agreement was reached; the platform will decide',
  decided: 'the platform has decided',
  appeal_window: 'the decision is served; you may appeal within 3 working days',
  appeal_review: 'the appeal is received; the review follows within 5 working days',
  execution: 'the decision is in force and being carried out',
  suspended: 'the case is suspended (court or police proceedings)',
  closed: 'the case is closed; please rate how it was handled',
  closed_incomplete: 'the case closed because the missing material did not arrive in time',
  not_accepted: 'the complaint was not accepted; see the reasons',
  withdrawn: 'the case was withdrawn',
  referred_out: 'the case was referred elsewhere',
};

/**
 * What a stage notice may add: the handling time promised on acceptance (seed 001: 受理后告知处理时限), and
 * whether the step is an agreement carried out at once (its notice is the written result, seed 001 结果反馈).
 */
export type StageNoticeExtra = { expectedHandlingDays?: number; agreement?: boolean };

const AGREEMENT_TEXT = '双方已在调解中达成协议，协议即时生效，平台正在按协议执行';
const AGREEMENT_TEXT_EN =
  'both parties reached an agreement in mediation; it is in force and being carried out';

/** The notice for a stage change of case `number`. */
export function caseStageNotice(
  number: string,
  to: string,
  audience: 'claimant' | 'respondent',
  extra: StageNoticeExtra = {},
): NoticeText {
  const who = audience === 'claimant' ? '您的案件' : '涉及您店铺的案件';
  const eta = extra.expectedHandlingDays ? `，预计 ${extra.expectedHandlingDays} 个工作日内处理完毕` : '';
  const whoEn = audience === 'claimant' ? 'Your case' : 'A case about your shop';
  const etaEn = extra.expectedHandlingDays
    ? `, expected to be handled within ${extra.expectedHandlingDays} working days`
    : '';
  const stageEn = extra.agreement ? AGREEMENT_TEXT_EN : (STAGE_TEXT_EN[to] ?? 'status updated');
  return {
    title: `${who} ${number} 有新进展`,
    body: `${who} ${number}：${extra.agreement ? AGREEMENT_TEXT : (STAGE_TEXT[to] ?? '状态已更新')}${eta}。`,
    en: { title: `${whoEn} ${number} has news`, body: `${whoEn} ${number}: ${stageEn}${etaEn}.` },
  };
}

/** The notice to supervisors that a party complained about how case `number` is handled (督办). */
export function supervisionNotice(number: string): NoticeText {
  return {
    title: `案件 ${number} 收到督办申请`,
    body: `当事人对案件 ${number} 的处理提出了意见，请主管查看时间线并跟进。`,
    en: {
      title: `Case ${number}: a complaint about its handling`,
      body: `A party complained about how case ${number} is handled; please read the timeline and follow up.`,
    },
  };
}

/** The notice for a deadline (of `kind`, named as the case page names it) about to pass or passed. */
export function deadlineNotice(number: string, kind: string, breached: boolean): NoticeText {
  const label = deadlineKindText(kind);
  return breached
    ? {
        title: `案件 ${number} 的处理期限已届满`,
        body: `案件 ${number} 的「${label.zh}」已过，平台将按规则继续处理。`,
        en: {
          title: `Case ${number}: a time limit has passed`,
          body: `The time limit “${label.en}” of case ${number} has passed; the platform goes on by the rules.`,
        },
      }
    : {
        title: `案件 ${number} 即将到期`,
        body: `案件 ${number} 的「${label.zh}」即将届满，请尽快处理。`,
        en: {
          title: `Case ${number}: a time limit is near`,
          body: `The time limit “${label.en}” of case ${number} is about to pass; please act soon.`,
        },
      };
}

/** An email or SMS about a stage change: Chinese first, English after (the platform does not know the reader's language). */
export function caseStageMessage(
  number: string,
  to: string,
  audience: 'claimant' | 'respondent',
  channel: 'email' | 'sms',
  extra: StageNoticeExtra = {},
): { subject: string; text: string } {
  const { title, body, en } = caseStageNotice(number, to, audience, extra);
  if (channel === 'sms') return { subject: '', text: `【Accord】${body} ${en.body}` };
  return {
    subject: `${title} / ${en.title}`,
    text: `${body}\n请登录平台查看详情。\n\n${en.body}\nSign in to the platform for the details.\n`,
  };
}
