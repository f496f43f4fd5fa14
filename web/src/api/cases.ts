import { getCurrentLanguage } from '../i18n/language';
import { api, CSRF_COOKIE, CSRF_HEADER, readCookie } from './client';
import { ApiError, CLIENT_ERROR_CODES, toProblem } from './problem';
import type { Page } from './types';

/**
 * The cases API (server/modules/cases/*.routes.ts). Types mirror the server's Zod response schemas
 * (CaseSummarySchema, CaseDetailSchema, EvidenceSchema); amounts are fen strings, times ISO instants.
 */

/** The values of the server's enums the UI offers in forms (common/cases.ts holds those the server shares). */
import { type CATEGORIES, type EVIDENCE_TYPES, type REMEDIES } from '../../../common/cases';

export { CATEGORIES, EVIDENCE_TYPES, REFUND_REMEDIES, REMEDIES } from '../../../common/cases';
export const CASE_KINDS = ['refund_request', 'complaint'] as const;
export const VISIBILITIES = ['all', 'claimant', 'respondent', 'staff'] as const;
export const REFERRALS = [
  '12315',
  'court',
  'arbitration',
  'third_party_mediation',
  'police',
  'none',
] as const;
export const REFER_OUT_TO = ['arbitration', '12315', 'court', 'third_party_mediation'] as const;
export const PENALTIES = ['warning', 'trade_restriction', 'deposit_deduction', 'delisting'] as const;
export const PAYERS = ['respondent', 'platform', 'guarantee_fund', 'claimant'] as const;
export const NOTICE_CHANNELS = ['inbox', 'sms', 'email'] as const;
export const VENUES = ['court', 'police'] as const;
export const QUEUES = ['new', 'due_soon', 'breached', 'mine', 'appeals', 'open', 'all'] as const;

export type CaseKind = (typeof CASE_KINDS)[number];
export type Category = (typeof CATEGORIES)[number];
export type Remedy = (typeof REMEDIES)[number];
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];
export type Visibility = (typeof VISIBILITIES)[number];
export type Queue = (typeof QUEUES)[number];
export type ViewerState = 'your_move' | 'other_party_move' | 'platform_move' | 'paused' | 'closed';

export type CaseSummary = {
  id: string;
  number: string;
  kind: string;
  stage: string;
  category: string;
  scenario: string;
  channel: string;
  title: string;
  requestedRemedy: string;
  requestedAmountFen: string;
  urgent: boolean;
  fastTrack: boolean;
  team: string;
  assigneeId: string | null;
  respondentMerchantId: string;
  orderId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
};

export type Deadline = {
  id: string;
  kind: string;
  owner: string;
  clause: string;
  dueAt: string | null;
  status: string;
  provisional: boolean;
  pausedSince: string | null;
};

export type Person = {
  id: string;
  role: string;
  username: string;
  externalId: string | null;
  displayName: string;
  merchantId: string | null;
  pii: {
    access: 'full' | 'masked' | 'none';
    realName: string | null;
    phone: string | null;
    email: string | null;
    idCard: string | null;
    address: string | null;
  };
};

export type TimelineEvent = {
  at: string;
  action: string;
  actor: { type: string; name: string | null; party?: string };
  fromStage: string | null;
  toStage: string | null;
  details: Record<string, unknown>;
};

export type Evidence = {
  id: string;
  evidenceType: string;
  description: string | null;
  requestId: string | null;
  visibility: string;
  uploadedBy: { name: string | null; party?: string };
  sha256: string;
  sizeBytes: number;
  mime: string;
  kind: string;
  originalName: string;
  createdAt: string;
};

export type EvidenceRequest = {
  id: string;
  requestedFrom: string;
  evidenceTypes: string[];
  note: string | null;
  status: string;
  deadlineId: string | null;
  createdAt: string;
};

export type Offer = {
  id: string;
  madeBy: string;
  remedy: string;
  amountFen: string;
  note: string | null;
  status: string;
  answers: string | null;
  createdAt: string;
};

export type CaseMessage = {
  id: string;
  author: { name: string | null; party?: string };
  visibility: string;
  body: string;
  createdAt: string;
};

/** The order as it was when the case was filed (the orders API's shape). */
export type OrderSnapshot = {
  id?: string;
  externalId?: string;
  title?: string;
  items?: { sku: string; title: string; quantity: number; unitPriceFen: number }[];
  totalFen?: string;
  refundedFen?: string;
  refundableFen?: string;
  paymentMethod?: string | null;
  paidAt?: string;
  signedAt?: string | null;
  redeemedAt?: string | null;
  status?: string;
  scenario?: string;
  category?: string;
};

export type RemedyLine = { type: string; amountFen: string | number; payer?: string };

export type CaseDetail = CaseSummary & {
  description: string;
  viewer: { as: string; state: ViewerState };
  turn: string;
  allowedActions: { action: string; dueAt: string | null }[];
  deadlines: Deadline[];
  claimant: Person | null;
  respondent: { merchantId: string; name: string | null };
  order: OrderSnapshot | null;
  policy: { id: string; version: string };
  outcome: Record<string, unknown>;
  timeline: TimelineEvent[];
  evidence: Evidence[];
  evidenceRequests: EvidenceRequest[];
  offers: Offer[];
  messages: CaseMessage[];
};

export type OpenCaseBody = {
  kind: CaseKind;
  orderId?: string;
  category: Category;
  title: string;
  description: string;
  requestedRemedy: Remedy;
  requestedAmountFen: number;
  urgent: boolean;
};

/** Parties (and platform staff in their role) a case can be for; who the viewer is to the case. */
export const PARTY_VIEWERS = ['claimant', 'respondent'] as const;
export function isParty(as: string): as is 'claimant' | 'respondent' {
  return as === 'claimant' || as === 'respondent';
}

/** One page of the cases the caller may see; staff pick a queue. */
export function listCases(
  params: { queue?: Queue; limit?: number; cursor?: string | null },
  signal?: AbortSignal,
): Promise<Page<CaseSummary>> {
  return api.get<Page<CaseSummary>>(
    '/api/v1/cases',
    { queue: params.queue ?? 'all', limit: params.limit ?? 20, cursor: params.cursor },
    signal,
  );
}

/** The case as the signed-in user may see it. @throws ApiError NOT_FOUND (also for someone else's case) */
export function getCase(id: string, signal?: AbortSignal): Promise<CaseDetail> {
  return api.get<CaseDetail>(`/api/v1/cases/${encodeURIComponent(id)}`, undefined, signal);
}

/** Files a refund request or complaint. @throws ApiError VALIDATION_FAILED (errors[].path), CONFLICT */
export function openCase(body: OpenCaseBody): Promise<CaseDetail> {
  return api.post<CaseDetail>('/api/v1/cases', body);
}

/**
 * Takes a lifecycle action listed in `allowedActions`.
 * @throws ApiError INVALID_TRANSITION (409: no longer allowed), CONFLICT (409: the case changed), VALIDATION_FAILED
 */
export function takeAction(
  id: string,
  action: string,
  payload: Record<string, unknown>,
  expectedVersion?: number,
): Promise<CaseDetail> {
  return api.post<CaseDetail>(
    `/api/v1/cases/${encodeURIComponent(id)}/actions/${encodeURIComponent(action)}`,
    expectedVersion === undefined ? payload : { expectedVersion, ...payload },
  );
}

export function postMessage(id: string, body: { body: string; visibility: Visibility }) {
  return api.post<{ id: string }>(`/api/v1/cases/${encodeURIComponent(id)}/messages`, body);
}

export function makeOffer(id: string, body: { remedy: Remedy; amountFen: number; note?: string }) {
  return api.post<CaseDetail>(`/api/v1/cases/${encodeURIComponent(id)}/offers`, body);
}

export function rejectOffer(id: string, offerId: string) {
  return api.post<CaseDetail>(
    `/api/v1/cases/${encodeURIComponent(id)}/offers/${encodeURIComponent(offerId)}/reject`,
  );
}

export function requestEvidence(
  id: string,
  body: {
    from: 'claimant' | 'respondent';
    evidenceTypes: EvidenceType[];
    note?: string;
    workingDays: number;
  },
) {
  return api.post<CaseDetail>(`/api/v1/cases/${encodeURIComponent(id)}/evidence-requests`, body);
}

export function assignCase(id: string, assigneeId: string) {
  return api.post<CaseSummary>(`/api/v1/cases/${encodeURIComponent(id)}/assign`, { assigneeId });
}

export function requestSupervision(id: string, text: string) {
  return api.post<{ ok: true }>(`/api/v1/cases/${encodeURIComponent(id)}/supervision`, { text });
}

/** Where the browser fetches an evidence file (cookie-authenticated; served inline for media, else attached). */
export function evidenceContentUrl(caseId: string, evidenceId: string): string {
  return `/api/v1/cases/${encodeURIComponent(caseId)}/evidence/${encodeURIComponent(evidenceId)}/content`;
}

export type EvidenceUpload = {
  file: Blob & { name?: string };
  type: EvidenceType;
  description?: string;
  visibility?: Visibility;
  requestId?: string;
};

/**
 * Uploads one evidence file as multipart (fields first, then the file, as the server reads them), reporting
 * progress in percent. XMLHttpRequest rather than fetch: fetch has no upload progress.
 * @throws ApiError UNSUPPORTED_MEDIA_TYPE (415), PAYLOAD_TOO_LARGE (413), VALIDATION_FAILED, NETWORK_ERROR
 */
export function uploadEvidence(
  caseId: string,
  upload: EvidenceUpload,
  options: { onProgress?: (percent: number) => void; signal?: AbortSignal } = {},
): Promise<Evidence> {
  const form = new FormData();
  form.append('type', upload.type);
  if (upload.description) form.append('description', upload.description);
  if (upload.visibility) form.append('visibility', upload.visibility);
  if (upload.requestId) form.append('requestId', upload.requestId);
  form.append('file', upload.file, upload.file.name ?? 'evidence');

  return new Promise<Evidence>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/cases/${encodeURIComponent(caseId)}/evidence`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('Accept-Language', getCurrentLanguage());
    const token = readCookie(CSRF_COOKIE);
    if (token) xhr.setRequestHeader(CSRF_HEADER, token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && options.onProgress)
        options.onProgress(Math.min(99, Math.round((event.loaded / event.total) * 100)));
    };
    xhr.onload = () => {
      let body: unknown = undefined;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
      } catch {
        body = xhr.responseText;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body && typeof body === 'object') {
        options.onProgress?.(100);
        resolve(body as Evidence);
      } else {
        reject(new ApiError(toProblem(xhr.status, body)));
      }
    };
    xhr.onerror = () =>
      reject(
        new ApiError({
          type: 'about:blank',
          title: 'Network error',
          status: 0,
          code: CLIENT_ERROR_CODES.network,
        }),
      );
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/** GET /cases/:id/money (server refunds/case-money.ts): each refund to the consumer and where it stands. */
export type CaseMoney = {
  caseId: string;
  currency: 'CNY';
  totals: {
    instructedFen: string;
    paidFen: string;
    refundedFen: string;
    compensatedFen: string;
    inFlightFen: string;
    failedFen: string;
  };
  refunds: {
    id: string;
    remedy: string;
    amountFen: string;
    payer: string;
    payerLabel: { zh: string; en: string };
    /** A refund along the original route, or a transfer of compensation beyond the price paid. */
    kind: 'refund' | 'transfer';
    route: 'original_payment' | 'balance_transfer';
    routeLabel: { zh: string; en: string };
    status: 'pending' | 'sent' | 'retrying' | 'succeeded' | 'failed';
    statusLabel: { zh: string; en: string };
    failureCode: string | null;
    attempts: number;
    createdAt: string;
    settledAt: string | null;
    history: { at: string; status: string; source: string }[];
    /** Staff only. */
    internal?: {
      fundedFrom: string;
      providerRef: string | null;
      nextAttemptAt: string | null;
      anomaly: string | null;
    };
  }[];
  /** Money drawn on the merchant (deposit, the guarantee fund's advance and its recovery claim). */
  charges: {
    id: string;
    amountFen: string;
    fromDepositFen: string;
    fromFundFen: string;
    label: { zh: string; en: string };
    claim: { id: string; status: string; recoveredFen: string } | null;
    createdAt: string;
  }[];
  /** Staff only: the case's journal entries. */
  ledger?: {
    id: string;
    at: string;
    kind: string;
    memo: string;
    lines: { account: string; label: { zh: string; en: string }; amountFen: string }[];
  }[];
};

/** The money of a case as the viewer may see it. @throws ApiError NOT_FOUND */
export function getCaseMoney(id: string, signal?: AbortSignal): Promise<CaseMoney> {
  return api.get<CaseMoney>(`/api/v1/cases/${encodeURIComponent(id)}/money`, undefined, signal);
}
