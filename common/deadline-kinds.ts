/**
 * What each kind of deadline is called, in zh-CN and English: the server's notices ("the 「商家处理期限」 of
 * case … is about to pass") and the web's deadline lists say the same. Kinds are stored on deadlines: add new
 * ones, never rename. A kind not listed here is shown as itself (`deadlineKindText`).
 */
export const DEADLINE_KIND_LABELS = {
  merchant_response: { zh: '商家处理期限', en: 'Merchant’s answer' },
  acceptance: { zh: '受理审查期限', en: 'Acceptance review' },
  supplement: { zh: '补充材料期限', en: 'Documents due' },
  mediation: { zh: '调解期限', en: 'Mediation' },
  decision_notice: { zh: '决定送达期限', en: 'Serving the decision' },
  appeal_window: { zh: '复议申请期限', en: 'Appeal deadline' },
  appeal_review: { zh: '复议审查期限', en: 'Appeal review' },
  suspension_proof: { zh: '受理证明提交期限', en: 'Proof of acceptance' },
  police_conclusion: { zh: '公安结论期限（6 个月）', en: 'Police conclusion (6 months)' },
  refund_execution: { zh: '退款执行期限', en: 'Refund execution' },
  evidence_request: { zh: '举证期限', en: 'Evidence due' },
  first_response: { zh: '首次响应（24 小时）', en: 'First response (24 h)' },
  solution: { zh: '提供解决方案（72 小时）', en: 'Solution (72 h)' },
  progress_report: { zh: '阶段进展报告（10 个工作日）', en: 'Progress report (10 working days)' },
  handling_yardstick: { zh: '处理时限（7 个工作日）', en: 'Handling (7 working days)' },
  mediation_yardstick: { zh: '调解时限（60 日）', en: 'Mediation (60 days)' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type DeadlineKindLabel = keyof typeof DEADLINE_KIND_LABELS;

/** The kind's name in both languages; an unknown kind as itself in both. */
export function deadlineKindText(kind: string): { zh: string; en: string } {
  return (DEADLINE_KIND_LABELS as Record<string, { zh: string; en: string }>)[kind] ?? { zh: kind, en: kind };
}

/** The labels as message-table entries (`deadlineKind.<kind>`), for the web's dictionaries. */
export function deadlineKindMessages(
  language: 'zh' | 'en',
): Record<`deadlineKind.${DeadlineKindLabel}`, string> {
  return Object.fromEntries(
    Object.entries(DEADLINE_KIND_LABELS).map(([kind, label]) => [`deadlineKind.${kind}`, label[language]]),
  ) as Record<`deadlineKind.${DeadlineKindLabel}`, string>;
}
