import { apiRequest, api } from './client';
import type { Merchant } from './admin';
import type { Page } from './types';

export const RECOVERY_CLAIM_STATUSES = ['open', 'recovered', 'written_off'] as const;
export type RecoveryClaimStatus = (typeof RECOVERY_CLAIM_STATUSES)[number];

/** A recovery claim (the guarantee fund's advance owed back by a merchant); amounts are fen strings. */
export type RecoveryClaimItem = {
  id: string;
  merchantId: string;
  merchantName: string | null;
  compensationId: string;
  caseId: string | null;
  amountFen: string;
  recoveredFen: string;
  writtenOffFen: string;
  owedFen: string;
  status: RecoveryClaimStatus;
  createdAt: string;
  updatedAt: string;
};
/** One entry of a claim's history: money recovered for it, or a write-off with its reason. */
export type RecoveryClaimEvent = {
  id: string;
  kind: 'recovered' | 'written_off';
  amountFen: string;
  reason: string | null;
  recoveryId: string | null;
  actorName: string | null;
  createdAt: string;
};
/** GET /recovery-claims/:id: the claim, the compensation that opened it, and its history (oldest first). */
export type RecoveryClaimDetail = RecoveryClaimItem & {
  compensation: {
    amountFen: string;
    fromDepositFen: string;
    fromFundFen: string;
    reason: string;
    createdAt: string;
  } | null;
  history: RecoveryClaimEvent[];
};
/** GET /guarantee-fund: its balance, advances not yet recovered, and what it can still advance. */
export type GuaranteeFund = {
  balanceFen: string;
  advancesOutstandingFen: string;
  availableFen: string;
  platformAdvancesFen: string;
};

/** A page of recovery claims, newest first. @throws ApiError FORBIDDEN */
export const listRecoveryClaims = (
  filter: { status?: RecoveryClaimStatus | undefined; cursor: string | null; limit: number },
  signal?: AbortSignal,
) =>
  api.get<Page<RecoveryClaimItem>>(
    '/api/v1/recovery-claims',
    { limit: filter.limit, cursor: filter.cursor, status: filter.status },
    signal,
  );

/** One claim with its history. @throws ApiError NOT_FOUND */
export const getRecoveryClaim = (claimId: string, signal?: AbortSignal) =>
  api.get<RecoveryClaimDetail>(`/api/v1/recovery-claims/${encodeURIComponent(claimId)}`, undefined, signal);

export const getGuaranteeFund = (signal?: AbortSignal) =>
  api.get<GuaranteeFund>('/api/v1/guarantee-fund', undefined, signal);

/**
 * Writes off `amountFen` of the claim (all that is owed when omitted). `idempotencyKey` is made once per
 * dialog, so a retried click is answered by the first write-off and never writes off twice.
 * @throws ApiError UNPROCESSABLE (`reason` EXCEEDS_OWED, `owedFen`), CONFLICT (closed), VALIDATION_FAILED
 */
export const writeOffClaim = (
  claimId: string,
  body: { amountFen?: string; reason: string },
  idempotencyKey: string,
) =>
  apiRequest<RecoveryClaimItem & { writeOff: RecoveryClaimEvent }>(
    `/api/v1/recovery-claims/${encodeURIComponent(claimId)}/write-off`,
    { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } },
  );

/**
 * Pays back part of a merchant's deposit (a payout through the provider); the same reference returns the
 * first payout. @throws ApiError UNPROCESSABLE (`reason` EXCEEDS_WITHDRAWABLE, `withdrawableFen`)
 */
export const withdrawDeposit = (merchantId: string, body: { amountFen: string; reference: string }) =>
  api.post<{ payoutId: string; amountFen: string; status: string; depositFen: string; replayed: boolean }>(
    `/api/v1/merchants/${encodeURIComponent(merchantId)}/deposit/withdrawals`,
    body,
  );

/** One merchant (its deposit is the ledger's). @throws ApiError NOT_FOUND */
export const getMerchant = (merchantId: string, signal?: AbortSignal) =>
  api.get<Merchant>(`/api/v1/merchants/${encodeURIComponent(merchantId)}`, undefined, signal);
