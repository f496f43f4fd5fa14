import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { testDbKinds } from '../../test/db.js';
import type { TestTenant } from '../../test/factories.js';
import { claimJobs, runDueJobs } from '../jobs/jobs.js';
import { noticeJobHandlers } from './notify.js';
import { caseStageMessage, deadlineNotice } from './templates.js';

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
      items: { id: string; title: string; body: string; en: { title: string; body: string } | null }[];
    }>();
    expect(inbox.unread).toBe(1);
    // Acceptance tells the handling time (7 working days unless the agent says otherwise).
    expect(inbox.items[0]!.body).toMatch(/平台已受理，正在调查，预计 7 个工作日内处理完毕/);
    // The same notice in English, for the English UI.
    expect(inbox.items[0]!.en).toEqual({
      title: expect.stringMatching(/^Your case AC-\d{4}-\d{6} has news$/),
      body: expect.stringMatching(
        /accepted; the platform is investigating, expected to be handled within 7 working days\.$/,
      ),
    });
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

describe('notice texts', () => {
  it('name a deadline as the case page does, in both languages', () => {
    expect(deadlineNotice('AC-2026-000001', 'merchant_response', false)).toEqual({
      title: '案件 AC-2026-000001 即将到期',
      body: '案件 AC-2026-000001 的「商家处理期限」即将届满，请尽快处理。',
      en: {
        title: 'Case AC-2026-000001: a time limit is near',
        body: 'The time limit “Merchant’s answer” of case AC-2026-000001 is about to pass; please act soon.',
      },
    });
    expect(deadlineNotice('AC-2026-000002', 'appeal_review', true).body).toBe(
      '案件 AC-2026-000002 的「复议审查期限」已过，平台将按规则继续处理。',
    );
    // A kind nobody has named yet shows as itself rather than as nothing.
    expect(deadlineNotice('AC-2026-000003', 'new_kind', true).en.body).toContain('“new_kind”');
  });

  it('send email and SMS in both languages, from the same texts as the inbox', () => {
    const email = caseStageMessage('AC-2026-000004', 'decided', 'respondent', 'email');
    expect(email.subject).toBe(
      '涉及您店铺的案件 AC-2026-000004 有新进展 / A case about your shop AC-2026-000004 has news',
    );
    expect(email.text).toContain('A case about your shop AC-2026-000004: the platform has decided.');
    expect(caseStageMessage('AC-2026-000004', 'decided', 'claimant', 'sms').text).toBe(
      '【Accord】您的案件 AC-2026-000004：平台已作出处理决定。 Your case AC-2026-000004: the platform has decided.',
    );
  });
});
