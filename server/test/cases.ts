import { expect } from 'vitest';
import type { createTestApp, Session } from './app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Case steps through the HTTP API that must succeed: filing (→ the case id) and lifecycle actions. */
export function caseSteps(t: TestApp) {
  return {
    file: async (who: Session | { apiKey: string }, payload: Record<string, unknown>): Promise<string> => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: t.as(who), payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string }>().id;
    },
    act: async (
      who: Session,
      id: string,
      action: string,
      payload: Record<string, unknown> = {},
    ): Promise<void> => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${id}/actions/${action}`,
        headers: t.as(who),
        payload,
      });
      expect(res.statusCode, res.body).toBe(200);
    },
  };
}
