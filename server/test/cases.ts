import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { caseBreachHooks } from '../modules/cases/case-deadline-hooks.js';
import { sweepDeadlines } from '../modules/deadlines/index.js';
import { transact } from '../modules/audit/index.js';
import { caseRefundJobHandlers } from '../modules/cases/case-refund-jobs.js';
import { runDueJobs } from '../modules/jobs/jobs.js';
import { drainSettledRefunds, listCaseInstructions, recordObservation } from '../modules/refunds/index.js';
import type { createTestApp, Session } from './app.js';
import type { TestTenant } from './factories.js';

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
export type Who = Session | { apiKey: string };

/** The parts of a case response the case tests read. */
export type CaseDetail = {
  id: string;
  number: string;
  kind: string;
  stage: string;
  version: number;
  fastTrack: boolean;
  team: string;
  assigneeId: string | null;
  viewer: { as: string; state: string };
  allowedActions: { action: string; dueAt: string | null }[];
  deadlines: {
    id: string;
    kind: string;
    owner: string;
    dueAt: string | null;
    status: string;
    pausedSince: string | null;
  }[];
  timeline: { action: string; toStage: string | null; details: Record<string, unknown> }[];
  evidenceRequests: { id: string; status: string; deadlineId: string | null }[];
  deliveries?: {
    channel: string;
    recipientUserId: string;
    address: string | null;
    status: string;
    attempts: number;
    lastError: string | null;
  }[];
};

/** Shanghai wall-clock time `YYYY-MM-DDTHH:mm` as an instant (the tests think in Beijing time). */
export const bj = (local: string): Date => new Date(`${local}:00+08:00`);

/** The end of a Shanghai day (23:59:59.999) as the ISO instant a working-day deadline falls due. */
export const endOfBjDay = (date: string): string => new Date(`${date}T23:59:59.999+08:00`).toISOString();

/**
 * Filing, acting, reading and sweeping cases through the HTTP API for one tenant, on the app's fake clock.
 * Every call that must succeed throws with the response body otherwise, so a failing step names itself.
 */
export function caseKit(t: TestApp, tenant: TestTenant) {
  const ok = <T>(res: LightMyRequestResponse, what: string): T => {
    if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
    return res.json<T>();
  };

  async function newOrder(
    externalId: string,
    over: { merchant?: string; fen?: number; scenario?: string } = {},
  ): Promise<string> {
    const fen = over.fen ?? 29900;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: t.as({ apiKey: tenant.apiKey }),
      payload: {
        externalId,
        buyerExternalId: `buyer-${tenant.slug}`,
        merchantExternalId: over.merchant ?? 'm1',
        scenario: over.scenario ?? 'ecommerce',
        category: 'electronics',
        title: '蓝牙耳机',
        items: [{ sku: 'E', title: '蓝牙耳机', quantity: 1, unitPriceFen: fen }],
        goodsFen: fen,
        paidAt: '2026-09-20T10:00:00+08:00',
        shippedAt: '2026-09-21T10:00:00+08:00',
        signedAt: '2026-09-22T10:00:00+08:00',
      },
    });
    return ok<{ id: string }>(res, 'order').id;
  }

  const complaint = (orderId: string, over: Record<string, unknown> = {}) => ({
    kind: 'complaint',
    orderId,
    category: 'quality',
    title: '耳机左耳无声',
    description: '9月22日签收后发现左耳没有声音，联系商家未回复。',
    requestedRemedy: 'full_refund',
    requestedAmountFen: 29900,
    ...over,
  });

  const refundRequest = (orderId: string, over: Record<string, unknown> = {}) => ({
    kind: 'refund_request',
    orderId,
    category: 'quality',
    title: '申请退款',
    description: '收到的商品有划痕，申请退款退货。',
    requestedRemedy: 'return_and_refund',
    requestedAmountFen: 29900,
    ...over,
  });

  const fileRaw = (who: Who, body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: t.as(who), payload: body });

  const actRaw = (who: Who, id: string, action: string, body: Record<string, unknown> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/actions/${action}`,
      headers: t.as(who),
      payload: body,
    });

  return {
    newOrder,
    complaint,
    refundRequest,
    fileRaw,
    actRaw,
    /** Files at `at` (Shanghai time) and returns the case as the filer sees it. */
    file: async (who: Who, body: Record<string, unknown>, at?: Date) => {
      if (at) t.clock.set(at);
      return ok<CaseDetail>(await fileRaw(who, body), 'file');
    },
    /** Takes an action at `at` and returns the case as the actor sees it afterwards. */
    act: async (who: Who, id: string, action: string, body: Record<string, unknown> = {}, at?: Date) => {
      if (at) t.clock.set(at);
      return ok<CaseDetail>(await actRaw(who, id, action, body), action);
    },
    read: async (who: Who, id: string) =>
      ok<CaseDetail>(await t.app.inject({ url: `/api/v1/cases/${id}`, headers: t.as(who) }), 'read'),
    /**
     * The payment provider reports the case's refunds paid at `at` (what its signed callback says), the settlement
     * poster posts them, then the job that closes a case whose refunds all succeeded runs — the way a case in
     * execution closes in production.
     */
    refundsPaidAt: async (caseId: string, at: Date) => {
      t.clock.set(at);
      await transact(t.db, async (tx) => {
        for (const row of await listCaseInstructions(tx, tenant.id, caseId)) {
          await recordObservation(tx, row, { type: 'succeeded' }, { source: 'callback', now: at });
        }
      });
      await drainSettledRefunds(t.db, { now: () => at });
      return runDueJobs(
        t.db,
        caseRefundJobHandlers(t.db, t.calendars, () => at),
        { now: () => at },
      );
    },
    /** Runs the deadline sweep as the scheduler would at `at` (the clock moves there too). */
    sweepAt: async (at: Date) => {
      t.clock.set(at);
      return sweepDeadlines(t.db, { now: () => at, hooks: caseBreachHooks(t.calendars) });
    },
  };
}

/** The due instant of the pending (or, with `status`, the last such) deadline of `kind` on a case. */
export function dueOf(c: CaseDetail, kind: string, status = 'pending'): string | null | undefined {
  return c.deadlines.filter((d) => d.kind === kind && d.status === status).at(-1)?.dueAt;
}

/** A PNG by its magic bytes (what content sniffing reads), and a Windows executable dressed up as one. */
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
  Buffer.from('IHDR cracked screen photo'),
]);
export const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0, 3, 0]), Buffer.alloc(64)]);

/** A multipart/form-data body with text fields and one file, for `app.inject`. */
export function multipart(
  fields: Record<string, string>,
  file: { name: string; type: string; content: Buffer },
) {
  const boundary = '----AccordTestBoundary';
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  chunks.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
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
