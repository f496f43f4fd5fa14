import type { RemedyOutcome } from '../../../common/recommendation';
import { api } from './client';

/**
 * The policy packs as the web reads them (docs/domain/policies.md §8–§9; server policy-presenter.ts and
 * assessment.routes.ts). Fen are digit strings, times ISO instants, texts `{zh, en}`.
 */

export type LocalText = { zh: string; en: string };
export type Reason = { clause: string; code: string; message: LocalText };

export type RecommendedRemedy = {
  outcome: RemedyOutcome;
  role: 'primary' | 'additional' | 'alternative';
  refundFen: string;
  payoutFen: string;
  lines: { kind: string; fen: string; clause: string; label: LocalText }[];
  returnGoods: boolean;
  returnFreightPayer: string | null;
  funding: { source: string; fen: string }[];
  penalties: string[];
  clauses: string[];
  explanation: LocalText;
  pendingFindings: string[];
};

/** The pack's verdict on a claim: admissible with remedies, or not with reasons and where to go instead. */
export type Evaluation = {
  policy: { id: string; version: number; kind: string };
  admissible: boolean;
  refundableFen: string;
  clauses: string[];
  reasons: Reason[];
  referral: { to: string; clause: string; message: LocalText } | null;
  track: 'standard' | 'fast' | null;
  remedies: RecommendedRemedy[];
  deadlines: { kind: string; owner: string; clause: string; dueAt: string; provisional: boolean }[];
  notes: Reason[];
};

export type Assessment = {
  pack: { id: string; version: number; kind: string; effectiveFrom: string; orderScope: string } | null;
  facts: { findings?: Record<string, boolean> } & Record<string, unknown>;
  evaluation: Evaluation | null;
  unavailable: { code: string; message: LocalText } | null;
  policyCheck: { deviates?: boolean; direction?: string; reason?: string | null } | null;
};

/** Findings staff may record on a case (server policy/facts.ts FINDINGS, the pending marker left out). */
export const FINDINGS = [
  'quality_defect',
  'serious_quality_problem',
  'not_as_described',
  'counterfeit',
  'fraud',
  'not_delivered',
  'shipping_breach',
  'food_safety_violation',
  'label_flaw_only',
  'illegal_goods',
  'misunderstanding',
] as const;

const casePath = (id: string) => `/api/v1/cases/${encodeURIComponent(id)}`;

/** Staff: the pinned pack's verdict on the case. @throws ApiError NOT_FOUND, FORBIDDEN */
export const getAssessment = (id: string, signal?: AbortSignal) =>
  api.get<Assessment>(`${casePath(id)}/assessment`, undefined, signal);

/** Staff: replaces the recorded facts; answers the new assessment. @throws ApiError VALIDATION_FAILED (facts.…) */
export const recordFacts = (id: string, facts: Record<string, unknown>, expectedVersion?: number) =>
  api.put<Assessment>(`${casePath(id)}/facts`, {
    facts,
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
  });

/** Before filing: would the pack in force admit this claim on this order, and what would it recommend? */
export const assessClaim = (body: { orderId: string; category: string }) =>
  api.post<Evaluation>('/api/v1/cases/assess', body);

// ---- Admin: versions ----

export type VersionSummary = {
  packId: string;
  kind: string;
  scenario: string;
  version: number;
  title: LocalText;
  effectiveFrom: string;
  orderScope: string;
  builtIn: boolean;
  previousVersion: number | null;
  publishedAt: string | null;
  publishedBy: { type: string; id: string | null; name: string | null } | null;
  narrowingChanges: number;
};

export type RightsChange = {
  area: string;
  key: string;
  change: string;
  narrowing: boolean;
  before: unknown;
  after: unknown;
  clause: string | null;
  message: LocalText;
};

export type PackEntry = {
  packId: string;
  kind: string;
  scenario: string;
  title: LocalText;
  inForce: number | null;
  latest: number;
  versions: VersionSummary[];
};

export type VersionDetail = VersionSummary & { pack: Record<string, unknown>; rightsDiff: RightsChange[] };
export type PackDiff = {
  packId: string;
  from: number;
  to: number | null;
  changes: RightsChange[];
  narrowing: number;
};

const packPath = (packId: string) => `/api/v1/policy/packs/${encodeURIComponent(packId)}`;

export const listPacks = (signal?: AbortSignal) =>
  api.get<{ items: PackEntry[] }>('/api/v1/policy/packs', undefined, signal);
export const getVersion = (packId: string, version: number, signal?: AbortSignal) =>
  api.get<VersionDetail>(`${packPath(packId)}/versions/${version}`, undefined, signal);
export const diffVersions = (packId: string, from: number, to: number, signal?: AbortSignal) =>
  api.get<PackDiff>(`${packPath(packId)}/diff`, { from, to }, signal);

/** Why a candidate version may not be published (a sequence, scope or narrowing rule), in both languages. */
export type PublishProblem = { code: string; message: LocalText };
/** POST …/validate: the candidate parses (else a 400 with `pack.…` field errors) and how it would publish. */
export type PackCheck = {
  valid: true;
  publishable: boolean;
  previousVersion: number | null;
  problems: PublishProblem[];
  changes: RightsChange[];
  narrowing: number;
};

/** Admin: checks a candidate version. @throws ApiError VALIDATION_FAILED (`pack.…` paths), FORBIDDEN */
export const validatePack = (packId: string, pack: Record<string, unknown>) =>
  api.post<PackCheck>(`${packPath(packId)}/validate`, { pack });
/** Admin: publishes a candidate version. @throws ApiError VALIDATION_FAILED, UNPROCESSABLE (refused), CONFLICT */
export const publishPack = (packId: string, pack: Record<string, unknown>) =>
  api.post<VersionDetail>(`${packPath(packId)}/versions`, { pack });
