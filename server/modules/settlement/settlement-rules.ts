/**
 * Settlement rules, pure: when an event's ticket escrow may be paid out, how much of a merchant's pending
 * settlement may leave now, and which trigger allows an assisted recovery. Money in bigint fen.
 */
import { addDays, deadlineEnd, shanghaiDateOf, type IsoDate, type WorkCalendar } from '../calendar/index.js';

/** seed 000 §(三)1: 活动结束后3个工作日后将票务款项提现给主办方. */
export const EVENT_SETTLEMENT_WORKING_DAYS = 3;

/**
 * When an event's escrow may be settled: after the end (23:59:59.999 Shanghai) of the 3rd working day after
 * the day the event ends (day units exclude the start day). An event ending Sat 2026-11-21 settles after
 * Wed 2026-11-25.
 */
export function eventSettlementDue(endsAt: Date, calendar: WorkCalendar): { at: Date; provisional: boolean } {
  const d = calendar.addWorkingDays(shanghaiDateOf(endsAt), EVENT_SETTLEMENT_WORKING_DAYS);
  return { at: deadlineEnd(d.date), provisional: d.provisional };
}

/** Accord's default maturity of non-ticket money: 7 working days after payment (the no-reason-return window). */
export const DEFAULT_MERCHANT_MATURITY_WORKING_DAYS = 7;

/** The tenant's settlement settings (`tenants.settings.settlement`), defaults filled in. */
export type SettlementSettings = { merchantMaturityWorkingDays: number };

/** Reads `tenants.settings.settlement`; anything missing or malformed falls back to the default. */
export function settlementSettings(raw: unknown): SettlementSettings {
  const n = (raw as { merchantMaturityWorkingDays?: unknown } | null | undefined)
    ?.merchantMaturityWorkingDays;
  return {
    merchantMaturityWorkingDays:
      typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 60
        ? n
        : DEFAULT_MERCHANT_MATURITY_WORKING_DAYS,
  };
}

/**
 * The latest payment day whose money has matured at `now`: a non-ticket order paid on day D may be paid out
 * after the end of the `workingDays`-th working day after D. Orders paid after this day are still held.
 */
export function maturedThrough(now: Date, workingDays: number, calendar: WorkCalendar): IsoDate {
  let day = shanghaiDateOf(now);
  for (let i = 0; i < 400; i++) {
    if (deadlineEnd(calendar.addWorkingDays(day, workingDays).date) < now) return day;
    day = addDays(day, -1);
  }
  return day;
}

/** What holds a merchant's money: a full freeze, and the sum of amount holds. */
export type HoldSummary = { frozen: boolean; heldFen: bigint };

/** Sums active holds; a hold without an amount is a full freeze (seed 000 §3.2 a). */
export function summarizeHolds(holds: readonly { amountFen: bigint | null }[]): HoldSummary {
  return {
    frozen: holds.some((h) => h.amountFen === null),
    heldFen: holds.reduce((s, h) => s + (h.amountFen ?? 0n), 0n),
  };
}

/**
 * How much of a merchant's pending settlement may be paid out now: what it holds, minus money not yet
 * matured, minus amount holds; nothing while frozen; never negative.
 */
export function payableNow(p: { pendingFen: bigint; immatureFen: bigint; holds: HoldSummary }): bigint {
  if (p.holds.frozen) return 0n;
  const free = p.pendingFen - p.immatureFen - p.holds.heldFen;
  return free > 0n ? free : 0n;
}

/** The triggers of assisted recovery (seed 000 §3.1). */
export const RECOVERY_TRIGGERS = [
  'refund_overdue',
  'refused',
  'unreachable',
  'event_illegal',
  'identity_unavailable',
] as const;
export type RecoveryTrigger = (typeof RECOVERY_TRIGGERS)[number];

/** seed 000 §3.1 a): 逾期退款超过 7 个工作日. */
export const REFUND_OVERDUE_WORKING_DAYS = 7;

/** The clause each trigger rests on. */
export const TRIGGER_CLAUSES: Record<RecoveryTrigger, string> = {
  refund_overdue: '31huiyi §3.1 a) 逾期退款超过 7 个工作日',
  refused: '31huiyi §3.1 a) 拒绝退款',
  unreachable: '31huiyi §3.1 a) 主办方失联',
  event_illegal: '31huiyi §3.1 b) 行政/司法机关认定活动违法、违规',
  identity_unavailable: '31huiyi §3.1 c); 消费者权益保护法 第44条',
};

/**
 * Whether a refund due on `refundDueOn` is overdue by more than 7 working days at `now`: more than 7 working
 * days lie between the due day and today.
 */
export function refundOverdue(refundDueOn: IsoDate, now: Date, calendar: WorkCalendar): boolean {
  const today = shanghaiDateOf(now);
  if (today <= refundDueOn) return false;
  return calendar.workingDaysBetween(refundDueOn, today).count > REFUND_OVERDUE_WORKING_DAYS;
}
