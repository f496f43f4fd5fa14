/**
 * What a party is told when a case moves (zh-CN first; English for the English UI). Pure: the notice job
 * fills these from the case and the action.
 */
export type NoticeText = { title: string; body: string };

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

/** The notice for a stage change of case `number`. */
export function caseStageNotice(number: string, to: string, audience: 'claimant' | 'respondent'): NoticeText {
  const who = audience === 'claimant' ? '您的案件' : '涉及您店铺的案件';
  return {
    title: `${who} ${number} 有新进展`,
    body: `${who} ${number}：${STAGE_TEXT[to] ?? '状态已更新'}。`,
  };
}

/** The notice for a deadline about to pass or passed. */
export function deadlineNotice(number: string, kind: string, breached: boolean): NoticeText {
  return breached
    ? {
        title: `案件 ${number} 的处理期限已届满`,
        body: `案件 ${number} 的「${kind}」期限已过，平台将按规则继续处理。`,
      }
    : { title: `案件 ${number} 即将到期`, body: `案件 ${number} 的「${kind}」期限即将届满，请尽快处理。` };
}
