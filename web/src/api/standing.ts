import { api } from './client';

export type MerchantHold = {
  id: string;
  caseId: string | null;
  recoveryId: string | null;
  amountFen: string | null;
  reason: string;
  status: string;
  createdAt: string;
};
export type MerchantDeduction = {
  id: string;
  caseId: string | null;
  amountFen: string;
  fromDepositFen: string;
  fromFundFen: string;
  reason: string;
  createdAt: string;
};
export type RecoveryClaim = {
  id: string;
  caseId: string | null;
  amountFen: string;
  recoveredFen: string;
  writtenOffFen: string;
  owedFen: string;
  status: string;
  createdAt: string;
};
/** GET /merchants/:id/money: deposit (保证金), pending settlement, active holds, deductions and claims. */
export type MerchantMoney = {
  merchantId: string;
  depositFen: string;
  /** What may be paid back out of the deposit now: not frozen, held or owed. */
  withdrawableFen: string;
  pendingFen: string;
  owedFen: string;
  frozen: boolean;
  holds: MerchantHold[];
  deductions: MerchantDeduction[];
  claims: RecoveryClaim[];
};
/** GET /merchants/:id/standing: what the merchant's case-handling score is computed from. */
export type MerchantStanding = {
  merchantId: string;
  cases: { total: number; open: number; decided: number; decidedAgainst: number };
  deadlines: { met: number; breached: number };
  penalties: {
    caseId: string;
    caseNumber: string;
    type: string;
    amountFen: string | null;
    note: string | null;
  }[];
};

const merchantPath = (merchantId: string, what: string) =>
  `/api/v1/merchants/${encodeURIComponent(merchantId)}/${what}`;

/** A merchant's money. @throws ApiError NOT_FOUND (also for another merchant) */
export function getMerchantMoney(merchantId: string, signal?: AbortSignal): Promise<MerchantMoney> {
  return api.get<MerchantMoney>(merchantPath(merchantId, 'money'), undefined, signal);
}

/** A merchant's case-handling standing. @throws ApiError NOT_FOUND (also for another merchant) */
export function getMerchantStanding(merchantId: string, signal?: AbortSignal): Promise<MerchantStanding> {
  return api.get<MerchantStanding>(merchantPath(merchantId, 'standing'), undefined, signal);
}

/** A payout of settled money to the merchant's account (`merchant_cycle` daily, or `event_settlement`). */
export type MerchantPayout = {
  id: string;
  reason: string;
  sourceId: string;
  amountFen: string;
  status: string;
  failureCode: string | null;
  createdAt: string;
  updatedAt: string;
};
/** A payment into the merchant's deposit, by the payment's reference. */
export type DepositTopUp = { entryId: string; reference: string; amountFen: string; occurredAt: string };

/** A merchant's payouts and deposit top-ups, newest first. @throws ApiError NOT_FOUND (also another merchant) */
export function getMerchantMovements(
  merchantId: string,
  signal?: AbortSignal,
): Promise<{ payouts: MerchantPayout[]; topUps: DepositTopUp[] }> {
  return api.get(merchantPath(merchantId, 'money/movements'), undefined, signal);
}
