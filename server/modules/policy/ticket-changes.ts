import { formatFen } from '../../../common/money.js';
import { maxFen, minFen } from './allocation.js';
import {
  deadline,
  pricePaid,
  reason,
  rejection,
  remedy,
  within,
  type EvalContext,
  type Verdict,
} from './evaluation-context.js';
import type { PolicyEvent, TicketFacts } from './facts.js';
import type { EventTicketPack } from './policy.schema.js';
import type {
  FundingSource,
  PolicyDeadline,
  Reason,
  RecommendedRemedy,
  Referral,
  RemedyLine,
} from './result.js';
import { ticketFunding } from './ticket-refunds.js';

type Ctx = EvalContext<EventTicketPack>;
type Cancellation = NonNullable<TicketFacts['cancellation']>;

/**
 * seed 000 §2.2 (cancelled by the organizer) and §2.4 (force majeure): everything paid comes back —
 * minus, for force majeure, the documented non-refundable third-party costs — with the organizer's plan due
 * in 2 working days and the refund 48 hours after it (§2.2 a) or within 15 working days (§2.4 a). Paper
 * tickets must come back within 7 days at the organizer's cost or the refund is forfeited (§2.2 b, §4.3).
 * Cancellation insurance pays first; the organizer owes the rest (§2.4 c).
 */
export function cancellationRefund(ctx: Ctx, event: PolicyEvent, c: Partial<Cancellation>): Verdict {
  const { pack } = ctx;
  const forceMajeure = c.cause === 'force_majeure';
  const rule = forceMajeure ? pack.remedies.forceMajeureRefund : pack.remedies.cancellationRefund;
  if (!rule) return { admissible: true, remedies: [] };
  const forfeited = physicalForfeit(ctx, c, !forceMajeure);
  if (forfeited.remedy)
    return { admissible: true, remedies: [forfeited.remedy], deadlines: forfeited.deadlines };
  const { deduction, lines, notes } = forceMajeure
    ? forceMajeureDeduction(ctx, c)
    : { deduction: 0n, lines: [], notes: [] };
  const refundFen = ctx.order.totalFen - deduction;
  const r = remedy(ctx, {
    outcome: rule.outcome,
    clause: rule.clause,
    refundFen,
    refundLabel: {
      zh: '全部已付款项（含票面价格及税费）',
      en: 'Everything paid (face value and tax included)',
    },
    lines,
    returnGoods: forfeited.deadlines.length > 0,
    returnFreightPayer: 'respondent',
    funding: insuranceFirst(ctx, event, minFen(refundFen, ctx.refundable)),
    clauses:
      pack.remedies.insuranceFirst && ctx.facts.ticket?.insurancePaidFen
        ? [pack.remedies.insuranceFirst.clause]
        : [],
    explanation: forceMajeure
      ? {
          zh: '不可抗力取消：扣除已列明并附凭证的不可退第三方成本后退款',
          en: 'Force majeure: refund minus documented non-refundable third-party costs',
        }
      : {
          zh: '主办方原因取消：原路退还全部已付款项',
          en: 'Cancelled by the organizer: everything paid goes back',
        },
  });
  return {
    admissible: true,
    remedies: [r],
    deadlines: [...cancellationDeadlines(ctx, c, forceMajeure), ...forfeited.deadlines],
    notes,
    referrals:
      forceMajeure && c.deductionDisputed
        ? disputeReferrals(pack.settings.forceMajeureDeductionRequiresDocuments.clause)
        : [],
  };
}

function cancellationDeadlines(ctx: Ctx, c: Partial<Cancellation>, forceMajeure: boolean): PolicyDeadline[] {
  const w = ctx.pack.windows;
  const out: PolicyDeadline[] = [];
  if (forceMajeure) {
    if (c.announcedAt) out.push(deadline(ctx, 'force_majeure_refund', w.forceMajeureRefund, c.announcedAt));
    return out;
  }
  if (c.announcedAt) out.push(deadline(ctx, 'cancellation_plan', w.cancellationPlan, c.announcedAt));
  if (c.planConfirmedAt)
    out.push(deadline(ctx, 'cancellation_refund', w.cancellationRefund, c.planConfirmedAt));
  return out;
}

// §2.4 b): only costs the organizer listed with vouchers are deducted; §2.4 c) with insurance the holder
// gets at least the face value (setting forceMajeureWithInsurance).
function forceMajeureDeduction(
  ctx: Ctx,
  c: Partial<Cancellation>,
): { deduction: bigint; lines: RemedyLine[]; notes: Reason[] } {
  const { pack, order } = ctx;
  const documents = pack.settings.forceMajeureDeductionRequiresDocuments;
  const clause = documents.clause;
  const cost = c.nonRefundableCostFen ?? 0n;
  if (cost === 0n) return { deduction: 0n, lines: [], notes: [] };
  if (!c.costsDocumented && documents.value) {
    const note = reason(
      clause,
      'costs_undocumented',
      '不可退成本未在公告中列明并附凭证，不予扣除',
      'Costs not listed with vouchers are not deducted',
    );
    return { deduction: 0n, lines: [], notes: [note] };
  }
  let deduction = minFen(cost, order.totalFen);
  const insured = (ctx.facts.ticket?.insurancePaidFen ?? 0n) > 0n;
  const setting = pack.settings.forceMajeureWithInsurance;
  if (insured && setting.value === 'face_value_in_full') {
    deduction = minFen(deduction, maxFen(order.totalFen - pricePaid(order), 0n));
  }
  const label = {
    zh: `已列明的不可退第三方成本 ${formatFen(deduction)}`,
    en: `Documented non-refundable costs ${formatFen(deduction)}`,
  };
  const lines: RemedyLine[] = deduction > 0n ? [{ kind: 'deduction', fen: deduction, clause, label }] : [];
  return {
    deduction,
    lines,
    notes: insured
      ? [
          reason(
            setting.clause,
            'insured_face_value',
            '已投保活动取消险：票面金额不足部分由主办方补足',
            'Insured: the organizer tops up to the face value',
          ),
        ]
      : [],
  };
}

function insuranceFirst(ctx: Ctx, event: PolicyEvent, fen: bigint): { source: FundingSource; fen: bigint }[] {
  const paid = ctx.facts.ticket?.insurancePaidFen ?? 0n;
  const rest: FundingSource = ticketFunding(ctx, event);
  if (!ctx.pack.remedies.insuranceFirst || paid === 0n) return [{ source: rest, fen }];
  const fromInsurance = minFen(paid, fen);
  const shares: { source: FundingSource; fen: bigint }[] = [
    { source: 'cancellation_insurance', fen: fromInsurance },
  ];
  if (fen > fromInsurance) shares.push({ source: rest, fen: fen - fromInsurance });
  return shares;
}

function disputeReferrals(clause: string): Referral[] {
  return [
    {
      to: 'third_party_mediation',
      clause,
      message: { zh: '对扣除比例有异议的，可申请平台调解', en: 'A disputed deduction can go to mediation' },
    },
    {
      to: 'arbitration',
      clause,
      message: { zh: '或提交上海仲裁委员会仲裁', en: 'or to the Shanghai Arbitration Commission' },
    },
  ];
}

// §2.2 b): made or sent paper tickets / RFID wristbands come back within 7 days, postage on the organizer;
// not back in time = refund waived (§4.3). Setting physicalTicketReturn: only for cancellations, or always.
function physicalForfeit(
  ctx: Ctx,
  c: Partial<Cancellation>,
  cancellation: boolean,
): { remedy: RecommendedRemedy | null; deadlines: PolicyDeadline[] } {
  const t = ctx.facts.ticket;
  const rule = ctx.pack.exclusions.physicalTicketNotReturned;
  const applies = cancellation || ctx.pack.settings.physicalTicketReturn.value === 'every_refund';
  const from = t?.returnGuidanceAt ?? c.announcedAt;
  if (!t?.physicalTicket || !rule || !applies || !from) return { remedy: null, deadlines: [] };
  const due = deadline(ctx, 'physical_ticket_return', ctx.pack.windows.physicalTicketReturn, from);
  const returnedInTime =
    t.physicalTicketReturnedAt && t.physicalTicketReturnedAt.getTime() <= due.dueAt.getTime();
  if (returnedInTime) return { remedy: null, deadlines: [] };
  if (!due.overdue && !t.physicalTicketReturnedAt) return { remedy: null, deadlines: [due] };
  const r = rejection(ctx, rule.clause, {
    zh: `纸质票/RFID 手环未在 ${due.date} 前寄回，视为放弃退款`,
    en: `Paper tickets / wristbands not back by ${due.date}: the refund is waived`,
  });
  return { remedy: r, deadlines: [] };
}

/**
 * seed 000 §2.3: a holder who cannot attend a postponed event may ask for a full refund within 3 days of
 * the announcement (a); each later change gives the same right once more (b). Null when no change window
 * covers the request (the holder is deemed to accept the new date and §2.1 applies to it).
 */
export function postponementRefund(ctx: Ctx, event: PolicyEvent): Verdict | null {
  const t = ctx.facts.ticket;
  if (!t?.changes?.length || t.canAttendNewDate === true) return null;
  const { pack, requestedAt } = ctx;
  for (let i = t.changes.length - 1; i >= 0; i--) {
    const change = t.changes[i];
    if (!change || requestedAt.getTime() < change.announcedAt.getTime()) continue;
    if (!within(ctx, pack.windows.postponementRefund, change.announcedAt, requestedAt)) continue;
    const rule =
      i === 0 ? pack.remedies.postponementRefund : (pack.remedies.furtherChangeRefund ?? undefined);
    if (!rule) return null;
    return {
      admissible: true,
      remedies: [
        remedy(ctx, {
          outcome: rule.outcome,
          clause: rule.clause,
          refundFen: ctx.order.totalFen,
          funding: [{ source: ticketFunding(ctx, event), fen: minFen(ctx.order.totalFen, ctx.refundable) }],
          clauses: [pack.windows.postponementRefund.clause],
          explanation: {
            zh:
              i === 0
                ? '活动延期且无法参加，于延期公告之日起 3 日内申请：全额退票'
                : '延期后再次变更：享有同等的一次退票权',
            en:
              i === 0
                ? 'Postponed and unable to attend, asked within 3 days: full refund'
                : 'Changed again: the same refund right once more',
          },
        }),
      ],
    };
  }
  return null;
}
