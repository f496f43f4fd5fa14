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
