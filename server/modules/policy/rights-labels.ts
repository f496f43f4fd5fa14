import { formatFen } from '../../../common/money.js';
import type { LocalizedText } from '../../http/errors.js';
import type { AmountRule, WindowTarget } from './policy-parts.schema.js';

// Operator-facing names of pack entries, for the rights diff. Unknown keys fall back to the key itself.
const LABELS: Record<string, [string, string]> = {
  noReasonReturn: ['七天无理由退货', '7-day no-reason return'],
  noReasonRefund: ['无理由退货的退款期限', 'refund period of a no-reason return'],
  qualityReturn: ['质量问题退货', 'quality return'],
  threeGuaranteesReturn: ['三包退货', '三包 return'],
  threeGuaranteesExchange: ['三包换货', '三包 exchange'],
  repairOrExchange: ['修理或更换', 'repair or exchange'],
  notAsDescribedReturn: ['描述不符退货退款', 'return for goods not as described'],
  notDeliveredRefund: ['未发货退款', 'refund for goods not delivered'],
  fraudCompensation: ['欺诈三倍赔偿', 'fraud compensation'],
  foodCompensation: ['食品安全赔偿', 'food-safety compensation'],
  claim: ['消保申请期限', 'guarantee claim window'],
  counterfeitTenfold: ['假一赔十', 'ten for one fake'],
  asDescribed: ['如实描述赔付', 'as-described compensation'],
  honestShipping: ['诚信发货赔付', 'honest-shipping compensation'],
  depositDeduction: ['扣划保证金赔付', 'payment from the deposit'],
  guaranteeFund: ['保障基金补足', 'guarantee-fund top-up'],
  postRedemptionDispute: ['核销后描述不符/服务争议申请期限', 'post-redemption mismatch/service window'],
  postRedemptionService: ['核销后未完全享受服务申请期限', 'post-redemption unperformed-service window'],
  threeGuarantees: ['三包售后申请期限', '三包 after-sales window'],
  preRedemptionRefund: ['核销前退款', 'refund before redemption'],
  illegalOrCounterfeitRefund: ['违法或假冒商品退款', 'refund for illegal or counterfeit goods'],
  qualityReturnRefund: ['质量问题退货退款', 'return and refund for quality'],
  threeGuaranteesExchangeRepair: ['三包换货维修', '三包 exchange or repair'],
  refusedOrUnusableRefund: ['未履行全额退款', 'full refund for non-performance'],
  proRataRefund: ['部分履行按比例退款', 'pro-rata refund'],
  priceRaisedRefund: ['现场加价退款', 'refund for a price raised on site'],
  priceDifferenceRefund: ['退还差价', 'price difference back'],
  fakeTransactionRefund: ['虚假交易退款', 'fake-transaction refund'],
  agreementEnforced: ['按未履行协议处理', 'enforcing an unperformed agreement'],
  conditionalRefundPayout: ['条件退退款期限', 'conditional refund payout'],
  cancellationPlan: ['取消后出具退款方案期限', 'cancellation refund plan'],
  cancellationRefund: ['活动取消退款', 'refund for a cancelled event'],
  physicalTicketReturn: ['纸质票寄回期限', 'paper-ticket return'],
  postponementRefund: ['延期退票', 'refund for a postponed event'],
  furtherChangeRefund: ['再次变更退票', 'refund after a further change'],
  forceMajeureRefund: ['不可抗力退款', 'force-majeure refund'],
  organizerPayout: ['票款托管至结算', 'escrow until payout'],
  refundReissue: ['故障后补发退款', 'refund reissue after an outage'],
  assistedRecoveryOverdue: ['触发协助追偿的逾期', 'overdue before assisted recovery'],
  standardRefund: ['常态退票', 'standard ticket refund'],
  conditionalRefund: ['条件退', 'conditional refund'],
  insuranceFirst: ['保险先行赔付', 'insurance pays first'],
  conditionalDeductionCap: ['条件退扣费上限', 'cap on the conditional-refund deduction'],
  renewalRefund: ['自动续费退款', 'auto-renewal refund'],
  fraudFullRefund: ['欺诈全额退款', 'full refund for fraud'],
  misunderstandingExplained: ['误解说明', 'explanation of a misunderstanding'],
  fraudMultiplier: ['欺诈赔偿倍数', 'fraud multiplier'],
  fraudMinimum: ['欺诈赔偿最低额', 'fraud minimum'],
  foodPriceMultiplier: ['食品价款倍数', 'food price multiplier'],
  foodLossMultiplier: ['食品损失倍数', 'food loss multiplier'],
  foodMinimum: ['食品赔偿最低额', 'food minimum'],
  counterfeitMultiplier: ['假一赔十倍数', 'counterfeit multiplier'],
  asDescribedCompensation: ['如实描述赔付比例', 'as-described compensation rate'],
  honestShippingCompensation: ['诚信发货赔付比例', 'honest-shipping compensation rate'],
  acceptance: ['受理审核', 'acceptance review'],
  supplement: ['补充材料', 'supplement'],
  refundRequestResponse: ['商家答复售后申请', "merchant's answer to a refund request"],
  respondentReply: ['被投诉方答复', "respondent's reply"],
  mediation: ['调解', 'mediation'],
  notice: ['结果通知', 'notice of the decision'],
  appeal: ['申请复议', 'appeal'],
  appealReview: ['复议审查', 'appeal review'],
  suspensionProof: ['中止后提供受理凭证', 'proof after suspension'],
  policeNoConclusion: ['公安无结论恢复', 'resume after police silence'],
  refundRequestSilence: ['商家超时未答复售后申请', 'merchant silent on a refund request'],
  respondentSilence: ['被投诉方超时未答复', 'respondent silent'],
  claimantNoSupplement: ['投诉人未补充材料', 'claimant does not supplement'],
  mediationNoAgreement: ['调解未达成一致', 'mediation without agreement'],
  outOfScope: ['与交易无关不予受理', 'not accepted: unrelated to a trade'],
  maliciousClaim: ['恶意维权除外', 'malicious claims excluded'],
  extendPastHoliday: ['期限末日遇法定节假日顺延', 'extension past a statutory holiday'],
  recoveryDistribution: ['追偿回款分配', 'distribution of recovered money'],
  agreementExecution: ['调解协议执行时点', 'when a mediation agreement is carried out'],
  noReasonRefundIncludesShipping: ['无理由退货退还运费', 'no-reason refund includes shipping'],
  threeGuaranteesFrom: ['三包期限起算', 'start of 三包 periods'],
  tenfoldIncludesRefund: ['十倍赔付含退款', 'ten-fold includes the refund'],
  tenfoldCoversSeriousQuality: ['严重质量问题适用假一赔十', 'ten-fold for serious quality problems'],
  postRedemptionMismatch: ['核销后不一致可否投诉', 'mismatch claims after redemption'],
  minRefundWindowDays: ['最低退票期限 N', 'minimum refund window N'],
  defaultRefundWindowDays: ['默认退票期限 N', 'default refund window N'],
  standardRefundLastDay: ['常态退票最后一日', 'last day of the standard refund'],
  serviceFeeWhenPageSilent: ['页面未说明时服务费', 'service fee when the page is silent'],
  forceMajeureWithInsurance: ['投保时不可抗力退款', 'force majeure when insured'],
  forceMajeureDeductionRequiresDocuments: ['扣除须附凭证', 'deductions need vouchers'],
  fastTrackThreshold: ['快速通道金额门槛', 'fast-track threshold'],
  fastTrackUrgent: ['紧急案件快速通道', 'fast track for urgent cases'],
};

/** The operator-facing name of a pack entry. */
export function labelOf(key: string): LocalizedText {
  const [zh, en] = LABELS[key] ?? [key, key];
  return { zh, en };
}

const UNIT: Record<WindowTarget['unit'], [string, string]> = {
  hours: ['小时', 'hours'],
  calendar_days: ['个自然日', 'calendar days'],
  working_days: ['个工作日', 'working days'],
  months: ['个月', 'months'],
};

/** `7个自然日（遇节假日顺延）` / `7 calendar days (extended past holidays)`. */
export function describeTarget(t: WindowTarget): LocalizedText {
  const [zhUnit, enUnit] = UNIT[t.unit];
  const ext =
    t.extendPastHoliday === undefined
      ? ['', '']
      : t.extendPastHoliday
        ? ['（遇节假日顺延）', ' (extended past holidays)']
        : ['（不顺延）', ' (not extended)'];
  return { zh: `${t.amount}${zhUnit}${ext[0]}`, en: `${t.amount} ${enUnit}${ext[1]}` };
}

/** `3×`, `¥500.00`, `25%`. */
export function describeAmount(a: AmountRule): string {
  switch (a.type) {
    case 'multiplier':
      return `${a.times}×`;
    case 'minimum':
      return formatFen(a.fen);
    case 'rate':
    case 'deduction_cap':
      return `${a.basisPoints / 100}%`;
  }
}
