import { api } from './client';

type Count = { key: string; count: number };

/** GET /api/v1/reports/overview (server/modules/reports/overview.ts): a period's aggregates. */
export type Overview = {
  from: string;
  to: string;
  totals: {
    filed: number;
    open: number;
    ended: number;
    slaMet: number;
    slaBreached: number;
    medianHandlingHours: number | null;
    p90HandlingHours: number | null;
  };
  byDay: { date: string; count: number }[];
  byCategory: Count[];
  byChannel: Count[];
  sla: { kind: string; met: number; breached: number }[];
  outcomes: Count[];
  handlingTime: Count[];
};

/** The overview of Asia/Shanghai days `from`..`to` (YYYY-MM-DD, both included). */
export function getOverview(range: { from: string; to: string }, signal?: AbortSignal): Promise<Overview> {
  return api.get<Overview>('/api/v1/reports/overview', range, signal);
}

type Tally = { decisions: number; deviations: number };

/**
 * GET /api/v1/cases/reports/consistency (server/modules/cases/decision-consistency.ts): how the platform's
 * decisions measured against the pinned pack's recommendation — counts, by direction, by decider and by
 * category, and the 20 most recent deviations.
 */
export type ConsistencyReport = Tally & {
  deviationsPerMille: number;
  byDirection: Record<string, number>;
  byDecider: (Tally & { userId: string | null; name: string | null })[];
  byCategory: (Tally & { category: string })[];
  recent: {
    caseId: string;
    number: string;
    category: string;
    decidedBy: string | null;
    direction: string;
    reason: string | null;
    decidedAt: string;
  }[];
};

/** Decisions taken in [from, to) (ISO instants with offset). @throws ApiError VALIDATION_FAILED, FORBIDDEN */
export function getConsistency(
  range: { from: string; to: string },
  signal?: AbortSignal,
): Promise<ConsistencyReport> {
  return api.get<ConsistencyReport>('/api/v1/cases/reports/consistency', range, signal);
}
