import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session } from '../../test/app.js';
import { caseSteps } from '../../test/cases.js';
import { testDbKinds } from '../../test/db.js';
import type { TestTenant } from '../../test/factories.js';
import { sweepDeadlines } from '../deadlines/index.js';
import { caseBreachHooks } from './case-deadline-hooks.js';

// Shanghai wall time in November 2026 (Mon 16 … Wed 18) as an instant.
const at = (day: number, hour: number) => new Date(Date.UTC(2026, 10, day, hour - 8));

describe.each(testDbKinds)('staff queues on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  let agent: Session;
  let handler: Session;
  const ids: Record<'A' | 'B' | 'C' | 'D', string> = { A: '', B: '', C: '', D: '' };

  beforeAll(async () => {
    t = await createTestApp(kind);
    t.clock.set(at(16, 10));
    tenant = await t.tenant();
    const consumer = await t.login(tenant, 'consumer');
    agent = await t.login(tenant, 'agent');
    handler = await t.login(tenant, 'handler');
    const { file: fileAs, act } = caseSteps(t);
    const file = (title: string) =>
      fileAs(consumer, {
        kind: 'complaint',
        respondentMerchantId: tenant.merchantId,
        category: 'quality',
        title,
        description: '收到的商品有明显质量问题，商家不予处理。',
        requestedRemedy: 'full_refund',
        requestedAmountFen: 10000,
      });
    // Monday 10:00. A: nobody picks it up (its acceptance is due Tuesday 23:59, first response Tuesday 10:00).
    ids.A = await file('A 无人受理');
    // B: accepted, decided and appealed the same day — waiting for a reviewer.
    ids.B = await file('B 复议中');
    await act(agent, ids.B, 'accept');
    await act(handler, ids.B, 'decide', {
      text: '商家退款',
      remedies: [{ type: 'full_refund', amountFen: 10000, payer: 'respondent' }],
      clauses: ['消法 Art. 24'],
    });
    await act(handler, ids.B, 'send_notice', { channels: ['inbox'] });
    await act(consumer, ids.B, 'appeal', { reasons: '还应赔偿运费' });
    // C: accepted and under investigation, nothing due for days.
    ids.C = await file('C 调查中');
    await act(agent, ids.C, 'accept');
    // D: filed Tuesday noon — acceptance due Wednesday 23:59, first response Wednesday 12:00.
    t.clock.set(at(17, 12));
    ids.D = await file('D 新投诉');
    t.clock.set(at(18, 10)); // Wednesday 10:00
    agent = await t.login(tenant, 'agent');
    handler = await t.login(tenant, 'handler');
  });
  afterAll(() => t.close());

  const queue = async (who: Session, name: string, limit = 20) => {
    const res = await t.app.inject({ url: `/api/v1/cases?queue=${name}&limit=${limit}`, headers: t.as(who) });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<{ items: { id: string }[]; nextCursor: string | null }>();
    const names = Object.entries(ids);
    return {
      cases: page.items.map((i) => names.find(([, id]) => id === i.id)?.[0] ?? i.id),
      nextCursor: page.nextCursor,
    };
  };

  it('new: complaints waiting for acceptance, newest first', async () => {
    expect((await queue(agent, 'new')).cases).toEqual(['D', 'A']);
  });

  it('due soon: a pending deadline within the next 24 hours, not one already past', async () => {
    expect((await queue(agent, 'due_soon')).cases).toEqual(['D']);
  });

  it('breached: past due, whether or not the sweep has fired yet; never a page left short', async () => {
    // The newest case (D) is not breached: the first page of one still holds the breached case.
    const first = await queue(agent, 'breached', 1);
    expect(first).toEqual({ cases: ['A'], nextCursor: null });
    await sweepDeadlines(t.db, { now: () => t.clock.now(), hooks: caseBreachHooks(t.calendars) });
    expect((await queue(agent, 'breached')).cases).toEqual(['A']);
  });

  it('mine: the cases routed to the signed-in handler; appeals: cases in appeal review', async () => {
    expect((await queue(handler, 'mine')).cases.sort()).toEqual(['B', 'C']);
    expect((await queue(agent, 'mine')).cases).toEqual([]);
    expect((await queue(agent, 'appeals')).cases).toEqual(['B']);
  });
});
