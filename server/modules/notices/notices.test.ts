import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { testDbKinds } from '../../test/db.js';
import type { TestTenant } from '../../test/factories.js';
import { claimJobs, runDueJobs } from '../jobs/jobs.js';
import { noticeJobHandlers } from './notify.js';

describe.each(testDbKinds)('notices on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  beforeAll(async () => {
    t = await createTestApp(kind);
    tenant = await t.tenant();
  });
  afterAll(() => t.close());

  it('tells the claimant and the merchant’s members in their inbox, once, however often the job runs', async () => {
    const consumer = await t.login(tenant, 'consumer');
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: t.as(consumer),
      payload: {
        kind: 'complaint',
        respondentMerchantId: tenant.merchantId,
        category: 'other',
        title: '客服态度',
        description: '客服多次挂断电话，问题一直没有解决。',
        requestedRemedy: 'apology',
        requestedAmountFen: 0,
      },
    });
    const caseId = filed.json<{ id: string; number: string }>().id;
    const agent = await t.login(tenant, 'agent');
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/actions/accept`,
      headers: t.as(agent),
      payload: {},
    });
    const handlers = noticeJobHandlers(t.db, () => t.clock.now(), {
      pii: t.pii,
      senders: { email: null, sms: null },
    });
    // A worker that claimed the job and died before recording success: the lease runs out, another runs it.
    const [claimed] = await claimJobs(t.db, {
      now: t.clock.now(),
      limit: 1,
      leaseMs: 1000,
      kinds: ['case.notify'],
    });
    await handlers['case.notify']!(claimed!);
    t.clock.advance(2000);
    const run = await runDueJobs(t.db, handlers, { now: () => t.clock.now() });
    expect(run.failed).toBe(0);
    const inbox = (await t.app.inject({ url: '/api/v1/notices', headers: t.as(consumer) })).json<{
      unread: number;
      items: { id: string; title: string; body: string }[];
    }>();
    expect(inbox.unread).toBe(1);
    // Acceptance tells the handling time (7 working days unless the agent says otherwise).
    expect(inbox.items[0]!.body).toMatch(/平台已受理，正在调查，预计 7 个工作日内处理完毕/);
    const merchant = await t.login(tenant, 'merchant');
    const theirs = (await t.app.inject({ url: '/api/v1/notices', headers: t.as(merchant) })).json<{
      items: { body: string }[];
    }>();
    expect(theirs.items[0]!.body).toMatch(/涉及您店铺的案件/);
    const other = await t.login(tenant, 'merchant2');
    expect(
      (await t.app.inject({ url: '/api/v1/notices', headers: t.as(other) })).json<{ items: unknown[] }>()
        .items,
    ).toEqual([]);
    const read = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notices/read',
      headers: t.as(consumer),
      payload: { ids: [inbox.items[0]!.id] },
    });
    expect(read.json()).toEqual({ marked: 1 });
    expect(
      (await t.app.inject({ url: '/api/v1/notices', headers: t.as(consumer) })).json<{ unread: number }>()
        .unread,
    ).toBe(0);
  });
});
