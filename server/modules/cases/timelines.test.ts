import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session } from '../../test/app.js';
import { bj, caseKit, dueOf, endOfBjDay, type TestApp } from '../../test/cases.js';
import { testDbKinds } from '../../test/db.js';
import type { TestTenant } from '../../test/factories.js';
import { runDueJobs } from '../jobs/jobs.js';
import { noticeJobHandlers } from '../notices/notify.js';

/**
 * Every case kind from filing to its end on a fake clock across 中秋 and 国庆 2026, with each step's deadline
 * asserted to the millisecond in Asia/Shanghai. 2026 (State Council notice): 中秋 Fri 9/25–Sun 9/27 off,
 * 国庆 Thu 10/1–Wed 10/7 off, Sat 10/10 worked. Working days around it: 9/28, 9/29, 9/30, 10/8, 10/9, 10/10,
 * 10/12, 10/13 … A working-day window does not count its start day and ends at 23:59:59.999 Beijing time.
 */
describe.each(testDbKinds)('case timelines across National Day 2026 on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  // Friday before National Day 2026 (中秋), 10:00 in Shanghai.
  const FILED = bj('2026-09-25T10:00');

  const ROLES = ['consumer', 'merchant', 'agent', 'handler', 'reviewer', 'supervisor'] as const;

  async function setup() {
    t.clock.set(FILED);
    const tenant: TestTenant = await t.tenant();
    const kit = caseKit(t, tenant);
    const who = {} as Record<(typeof ROLES)[number], Session>;
    // Sessions last 30 days: a timeline running longer signs everyone in again at its new "now".
    const signIn = async () => {
      for (const role of ROLES) who[role] = await t.login(tenant, role);
    };
    await signIn();
    const orderId = await kit.newOrder('O-1');
    return { tenant, kit, who, orderId, signIn };
  }

  it('refund request: the merchant agrees; the refund is due in 3 working days; closed and rated', async () => {
    const { kit, who, orderId } = await setup();
    const c = await kit.file(who.consumer, kit.refundRequest(orderId), FILED);
    expect(c).toMatchObject({ stage: 'awaiting_merchant', kind: 'refund_request', fastTrack: false });
    // 3 working days after Fri 9/25: Mon 9/28, Tue 9/29, Wed 9/30.
    expect(dueOf(c, 'merchant_response')).toBe(endOfBjDay('2026-09-30'));
    expect(c.allowedActions.map((a) => a.action)).toEqual(['withdraw']);
    const seen = await kit.read(who.merchant, c.id);
    expect(seen.allowedActions).toEqual([
      { action: 'agree_refund', dueAt: endOfBjDay('2026-09-30') },
      { action: 'refuse_refund', dueAt: endOfBjDay('2026-09-30') },
      { action: 'counter_offer', dueAt: endOfBjDay('2026-09-30') },
    ]);
    const agreed = await kit.act(who.merchant, c.id, 'agree_refund', {}, bj('2026-09-29T10:00'));
    expect(agreed.stage).toBe('refund_agreed');
    expect(dueOf(agreed, 'merchant_response', 'met')).toBe(endOfBjDay('2026-09-30'));
    // Refund execution: 3 working days after Tue 9/29 — Wed 9/30, Thu 10/8, Fri 10/9.
    expect(dueOf(agreed, 'refund_execution')).toBe(endOfBjDay('2026-10-09'));
    // The refund goes back along the original route; once the provider reports it paid the case closes itself.
    await kit.refundsPaidAt(c.id, bj('2026-10-08T11:00'));
    const closed = await kit.read(who.handler, c.id);
    expect(closed.stage).toBe('closed');
    expect(closed.deadlines.filter((d) => d.status === 'pending')).toEqual([]);
    const rated = await kit.act(who.consumer, c.id, 'rate', { stars: 5 }, bj('2026-10-08T12:00'));
    expect(rated.allowedActions).toEqual([]);
  });

  it('refund request: a counter-offer accepted by the consumer becomes the agreement', async () => {
    const { kit, who, orderId } = await setup();
    const c = await kit.file(who.consumer, kit.refundRequest(orderId), FILED);
    const countered = await kit.act(
      who.merchant,
      c.id,
      'counter_offer',
      { remedy: 'partial_refund', amountFen: 15000 },
      bj('2026-09-28T09:00'),
    );
    expect(countered.stage).toBe('counter_offered');
    // The consumer's turn has no platform window: no pending step deadline but no lost right either.
    expect(countered.deadlines.filter((d) => d.status === 'pending')).toEqual([]);
    const agreed = await kit.act(who.consumer, c.id, 'accept_counter_offer', {}, bj('2026-10-02T20:00'));
    expect(agreed.stage).toBe('refund_agreed');
    // Accepted on a holiday (Fri 10/2): Thu 10/8, Fri 10/9, Sat 10/10 (adjusted working day).
    expect(dueOf(agreed, 'refund_execution')).toBe(endOfBjDay('2026-10-10'));
  });

  it('refund request: the merchant refuses, the consumer asks the platform to step in → a complaint', async () => {
    const { kit, who, orderId } = await setup();
    const c = await kit.file(who.consumer, kit.refundRequest(orderId), FILED);
    const refused = await kit.act(
      who.merchant,
      c.id,
      'refuse_refund',
      { reason: '商品已使用' },
      bj('2026-09-28T10:00'),
    );
    expect(refused).toMatchObject({ stage: 'merchant_refused', viewer: { state: 'other_party_move' } });
    const mine = await kit.read(who.consumer, c.id);
    expect(mine.allowedActions.map((a) => a.action)).toEqual(['escalate_to_platform', 'withdraw']);
    const escalated = await kit.act(
      who.consumer,
      c.id,
      'escalate_to_platform',
      { reason: '商家拒绝退款' },
      bj('2026-09-30T10:00'),
    );
    expect(escalated).toMatchObject({ stage: 'acceptance_review', kind: 'complaint' });
    const staff = await kit.read(who.agent, c.id);
    // Acceptance within 1 working day of Wed 9/30 → Thu 10/8; the 24-hour first response runs through the holiday.
    expect(dueOf(staff, 'acceptance')).toBe(endOfBjDay('2026-10-08'));
    expect(dueOf(staff, 'first_response')).toBe(bj('2026-10-01T10:00').toISOString());
    // Handling yardstick: 7 working days — 10/8, 10/9, 10/10, 10/12, 10/13, 10/14, 10/15.
    expect(dueOf(staff, 'handling_yardstick')).toBe(endOfBjDay('2026-10-15'));
  });

  it('refund request: merchant silence hands it to the platform once the due instant passes, not before', async () => {
    const { kit, who, orderId } = await setup();
    const c = await kit.file(who.consumer, kit.refundRequest(orderId), FILED);
    await kit.sweepAt(new Date(Date.parse(endOfBjDay('2026-09-30')) - 1));
    expect((await kit.read(who.consumer, c.id)).stage).toBe('awaiting_merchant');
    await kit.sweepAt(new Date(Date.parse(endOfBjDay('2026-09-30')) + 1));
    const after = await kit.read(who.agent, c.id);
    expect(after).toMatchObject({ stage: 'acceptance_review', kind: 'complaint' });
    expect(dueOf(after, 'merchant_response', 'breached')).toBe(endOfBjDay('2026-09-30'));
    // The step opened at 00:00 on Thu 10/1 (a holiday): 1 working day → Thu 10/8.
    expect(dueOf(after, 'acceptance')).toBe(endOfBjDay('2026-10-08'));
    expect(after.timeline.map((e) => e.action)).toEqual(['filed', 'merchant_silent']);
  });

  it('complaint: intake → supplement → acceptance → evidence request → mediation → decision → notice → appeal → review → execution → closed', async () => {
    const { kit, who, orderId, tenant, signIn } = await setup();
    const c = await kit.file(who.consumer, kit.complaint(orderId), FILED);
    expect(dueOf(await kit.read(who.agent, c.id), 'acceptance')).toBe(endOfBjDay('2026-09-28'));

    // Supplement: 3 working days after Mon 9/28 — 9/29, 9/30, 10/8.
    const asked = await kit.act(
      who.agent,
      c.id,
      'request_supplement',
      { missing: ['购买凭证'] },
      bj('2026-09-28T10:00'),
    );
    expect(asked.stage).toBe('awaiting_supplement');
    expect(dueOf(asked, 'supplement')).toBe(endOfBjDay('2026-10-08'));
    expect(dueOf(asked, 'acceptance', 'met')).toBe(endOfBjDay('2026-09-28'));
    // Waiting on the claimant pauses the platform's SLA clocks.
    expect(asked.deadlines.find((d) => d.kind === 'handling_yardstick')).toMatchObject({
      status: 'pending',
      pausedSince: bj('2026-09-28T10:00').toISOString(),
      dueAt: null,
    });

    // Supplemented on a holiday: acceptance again within 1 working day → Thu 10/8.
    const back = await kit.act(
      who.consumer,
      c.id,
      'supplement',
      { text: '已补充发票照片' },
      bj('2026-10-04T10:00'),
    );
    expect(back.stage).toBe('acceptance_review');
    const review = await kit.read(who.agent, c.id);
    expect(dueOf(review, 'acceptance')).toBe(endOfBjDay('2026-10-08'));
    expect(dueOf(review, 'supplement', 'met')).toBe(endOfBjDay('2026-10-08'));

    // Accepted: routed to the least-loaded handler of the goods team, recorded on the timeline.
    const accepted = await kit.act(who.agent, c.id, 'accept', {}, bj('2026-10-08T09:00'));
    expect(accepted).toMatchObject({
      stage: 'investigation',
      team: 'goods',
      assigneeId: tenant.users.handler.id,
    });
    expect(accepted.timeline.find((e) => e.action === 'assigned')?.details).toMatchObject({
      from: null,
      to: tenant.users.handler.id,
      by: 'routing',
    });

    // Evidence from the merchant: 3 working days after Thu 10/8 — Fri 10/9, Sat 10/10 (worked), Mon 10/12.
    const evidenceAsked = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/evidence-requests`,
      headers: t.as(who.handler),
      payload: { from: 'respondent', evidenceTypes: ['invoice'], note: '请提供发货质检记录' },
    });
    expect(evidenceAsked.statusCode).toBe(200);
    const withRequest = evidenceAsked.json<typeof c>();
    const request = withRequest.evidenceRequests[0]!;
    expect(withRequest.deadlines.find((d) => d.id === request.deadlineId)?.dueAt).toBe(
      endOfBjDay('2026-10-12'),
    );
    // The merchant stays silent: the request expires at its due instant and the case goes on.
    await kit.sweepAt(new Date(Date.parse(endOfBjDay('2026-10-12')) + 1));
    const afterSilence = await kit.read(who.handler, c.id);
    expect(afterSilence.evidenceRequests[0]!.status).toBe('expired');
    expect(afterSilence.stage).toBe('investigation');

    // Mediation: at most 7 working days after Tue 10/13 — 10/14, 15, 16, 19, 20, 21, 22.
    const mediating = await kit.act(who.handler, c.id, 'start_mediation', {}, bj('2026-10-13T10:00'));
    expect(dueOf(mediating, 'mediation')).toBe(endOfBjDay('2026-10-22'));
    // No agreement: when the window passes, the platform decides.
    await kit.sweepAt(new Date(Date.parse(endOfBjDay('2026-10-22')) + 1));
    const toDecide = await kit.read(who.handler, c.id);
    expect(toDecide.stage).toBe('awaiting_decision');
    expect(dueOf(toDecide, 'mediation', 'breached')).toBe(endOfBjDay('2026-10-22'));

    // Decision on Fri 10/23: the notice is due within 1 working day → Mon 10/26.
    const decided = await kit.act(
      who.handler,
      c.id,
      'decide',
      {
        text: '商家全额退款',
        remedies: [{ type: 'full_refund', amountFen: 29900, payer: 'respondent' }],
        clauses: ['seed 002 §21'],
        deviationReason: '商家拒不退货退款，消费者无法退回商品，改为直接全额退款。',
      },
      bj('2026-10-23T10:00'),
    );
    expect(dueOf(decided, 'decision_notice')).toBe(endOfBjDay('2026-10-26'));

    // Notice on Mon 10/26: the appeal window is 3 working days — 10/27, 10/28, 10/29.
    t.clock.set(bj('2026-10-26T09:00'));
    await signIn();
    const noticed = await kit.act(who.handler, c.id, 'send_notice', {}, bj('2026-10-26T10:00'));
    expect(noticed.stage).toBe('appeal_window');
    expect(dueOf(noticed, 'appeal_window')).toBe(endOfBjDay('2026-10-29'));

    // The merchant appeals on Wed 10/28: review within 5 working days — 10/29, 10/30, 11/2, 11/3, 11/4.
    const appealed = await kit.act(
      who.merchant,
      c.id,
      'appeal',
      { reasons: '质检记录显示出厂合格' },
      bj('2026-10-28T10:00'),
    );
    expect(appealed.stage).toBe('appeal_review');
    expect(dueOf(await kit.read(who.reviewer, c.id), 'appeal_review')).toBe(endOfBjDay('2026-11-04'));

    // Upheld by a reviewer (not the decider) on Mon 11/2: execution in 3 working days — 11/3, 11/4, 11/5.
    const upheld = await kit.act(
      who.reviewer,
      c.id,
      'uphold',
      { text: '维持原决定' },
      bj('2026-11-02T10:00'),
    );
    expect(upheld.stage).toBe('execution');
    expect(dueOf(upheld, 'refund_execution')).toBe(endOfBjDay('2026-11-05'));
    await kit.refundsPaidAt(c.id, bj('2026-11-04T10:00'));
    const closed = await kit.read(who.handler, c.id);
    expect(closed.stage).toBe('closed');
    expect(closed.deadlines.filter((d) => d.status === 'pending')).toEqual([]);
    expect(closed.timeline.filter((e) => e.toStage !== null).map((e) => e.action)).toEqual([
      'filed',
      'request_supplement',
      'supplement',
      'accept',
      'start_mediation',
      'mediation_expired',
      'decide',
      'send_notice',
      'appeal',
      'uphold',
      'mark_executed',
    ]);
  });

  it('complaint: no appeal in the window → execution by itself once the due instant passes', async () => {
    const { kit, who, orderId } = await setup();
    const c = await kit.file(who.consumer, kit.complaint(orderId), FILED);
    await kit.act(who.agent, c.id, 'accept', {}, bj('2026-09-28T10:00'));
    await kit.act(
      who.handler,
      c.id,
      'decide',
      {
        text: '驳回',
        remedies: [],
        clauses: ['seed 001'],
        deviationReason: '消费者未能提供任何证明商品不符的材料，驳回请求。',
      },
      bj('2026-09-29T10:00'),
    );
    // Notice on Wed 9/30: 3 working days — 10/8, 10/9, 10/10.
    const noticed = await kit.act(
      who.handler,
      c.id,
      'send_notice',
      { channels: ['inbox'] },
      bj('2026-09-30T10:00'),
    );
    expect(dueOf(noticed, 'appeal_window')).toBe(endOfBjDay('2026-10-10'));
    await kit.sweepAt(new Date(Date.parse(endOfBjDay('2026-10-10')) - 1));
    expect((await kit.read(who.handler, c.id)).stage).toBe('appeal_window');
    await kit.sweepAt(new Date(Date.parse(endOfBjDay('2026-10-10')) + 1));
    const executing = await kit.read(who.handler, c.id);
    expect(executing.stage).toBe('execution');
    // Opened at 00:00 Sun 10/11 (a rest day): 10/12, 10/13, 10/14.
    expect(dueOf(executing, 'refund_execution')).toBe(endOfBjDay('2026-10-14'));
  });

  it('complaint: an offer accepted in mediation is carried out at once — notice sent, refund instructed, no appeal', async () => {
    const { kit, who, orderId } = await setup();
    const c = await kit.file(who.consumer, kit.complaint(orderId), FILED);
    await kit.act(who.agent, c.id, 'accept', {}, bj('2026-09-28T10:00'));
    await kit.act(who.handler, c.id, 'start_mediation', {}, bj('2026-09-29T10:00'));
    t.clock.set(bj('2026-09-30T10:00'));
    const offered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/offers`,
      headers: t.as(who.merchant),
      payload: { remedy: 'partial_refund', amountFen: 12000, note: '部分退款' },
    });
    expect(offered.statusCode, offered.body).toBe(200);
    const offerId = offered.json<{ offers: { id: string }[] }>().offers[0]!.id;
    // Accepted on a holiday (Fri 10/2): the agreement goes straight to execution under the default policy.
    const agreed = await kit.act(who.consumer, c.id, 'accept_offer', { offerId }, bj('2026-10-02T20:00'));
    expect(agreed.stage).toBe('execution');
    expect(agreed.allowedActions).toEqual([]);
    // No notice step to wait for and no appeal window; refund execution: Thu 10/8, Fri 10/9, Sat 10/10.
    expect(dueOf(agreed, 'decision_notice')).toBeUndefined();
    expect(dueOf(agreed, 'appeal_window')).toBeUndefined();
    expect(dueOf(agreed, 'refund_execution')).toBe(endOfBjDay('2026-10-10'));
    const money = await t.app.inject({ url: `/api/v1/cases/${c.id}/money`, headers: t.as(who.consumer) });
    expect(
      money.json<{ refunds: { amountFen: string; payer: string }[] }>().refunds.map((r) => r.amountFen),
    ).toEqual(['12000']);
    // The parties are told at once that the agreement is in force (the written result, seed 001 结果反馈).
    await runDueJobs(
      t.db,
      noticeJobHandlers(t.db, () => t.clock.now(), { pii: t.pii, senders: { email: null, sms: null } }),
      { now: () => t.clock.now() },
    );
    const notices = (await t.app.inject({ url: '/api/v1/notices', headers: t.as(who.consumer) })).json<{
      items: { body: string }[];
    }>().items;
    expect(notices[0]!.body).toContain('双方已在调解中达成协议');
    await kit.refundsPaidAt(c.id, bj('2026-10-08T11:00'));
    const closed = await kit.read(who.handler, c.id);
    expect(closed.stage).toBe('closed');
    expect(closed.timeline.filter((e) => e.toStage !== null).map((e) => e.action)).toEqual([
      'filed',
      'accept',
      'start_mediation',
      'accept_offer',
      'mark_executed',
    ]);
  });

  it('complaint: not accepted with a referral; an unanswered supplement closes as incomplete', async () => {
    const { kit, who, orderId } = await setup();
    const c = await kit.file(who.consumer, kit.complaint(orderId), FILED);
    const refused = await kit.act(
      who.agent,
      c.id,
      'not_accept',
      { reason: '超过投诉时效', referral: '12315' },
      bj('2026-09-28T10:00'),
    );
    expect(refused.stage).toBe('not_accepted');
    expect(refused.deadlines.filter((d) => d.status === 'pending')).toEqual([]);

    const order2 = await kit.newOrder('O-2');
    const d = await kit.file(who.consumer, kit.complaint(order2), FILED);
    await kit.act(who.agent, d.id, 'request_supplement', { missing: ['订单截图'] }, bj('2026-09-28T10:00'));
    await kit.sweepAt(new Date(Date.parse(endOfBjDay('2026-10-08')) + 1));
    const closed = await kit.read(who.agent, d.id);
    expect(closed.stage).toBe('closed_incomplete');
    expect(dueOf(closed, 'supplement', 'breached')).toBe(endOfBjDay('2026-10-08'));
    expect(closed.deadlines.filter((x) => x.status === 'pending')).toEqual([]);
  });

  it('suspension: mediation time stands still; no acceptance certificate in 7 working days → it resumes with the time left', async () => {
    const { kit, who, orderId } = await setup();
    const c = await kit.file(who.consumer, kit.complaint(orderId), FILED);
    await kit.act(who.agent, c.id, 'accept', {}, bj('2026-09-28T10:00'));
    const mediating = await kit.act(who.handler, c.id, 'start_mediation', {}, bj('2026-09-29T10:00'));
    // 9/30, 10/8, 10/9, 10/10, 10/12, 10/13, 10/14.
    expect(dueOf(mediating, 'mediation')).toBe(endOfBjDay('2026-10-14'));
    const suspended = await kit.act(
      who.consumer,
      c.id,
      'suspend',
      { venue: 'court', note: '已向法院起诉' },
      bj('2026-09-30T10:00'),
    );
    expect(suspended).toMatchObject({ stage: 'suspended', viewer: { state: 'paused' } });
    // The certificate is due in 7 working days — 10/8, 9, 10, 12, 13, 14, 15 — from the claimant.
    expect(suspended.deadlines.find((d) => d.kind === 'suspension_proof')).toMatchObject({
      owner: 'claimant',
      dueAt: endOfBjDay('2026-10-15'),
      status: 'pending',
    });
    // 中止: the mediation's own time stands still meanwhile (pending, paused, no due instant).
    expect(suspended.deadlines.find((d) => d.kind === 'mediation')).toMatchObject({
      status: 'pending',
      dueAt: null,
      pausedSince: bj('2026-09-30T10:00').toISOString(),
    });
    await kit.sweepAt(new Date(Date.parse(endOfBjDay('2026-10-15')) + 1));
    const resumed = await kit.read(who.handler, c.id);
    expect(resumed.stage).toBe('mediation');
    // Resumed at 00:00 Fri 10/16 with the time it had left: 9/30 was used, the 8 working days from 10/8 to
    // 10/16 were paused, so 6 remain — 10/19, 20, 21, 22, 23, 26. The same deadline, not a new one.
    expect(resumed.deadlines.filter((d) => d.kind === 'mediation')).toEqual([
      expect.objectContaining({ status: 'pending', dueAt: endOfBjDay('2026-10-26'), pausedSince: null }),
    ]);
    expect(resumed.timeline.filter((e) => e.toStage).map((e) => e.action)).toEqual([
      'filed',
      'accept',
      'start_mediation',
      'suspend',
      'suspension_proof_missing',
    ]);
  });

  it('suspension for a court with its certificate on file waits for the judgment; a handler resumes', async () => {
    const { kit, who, orderId, signIn } = await setup();
    const c = await kit.file(who.consumer, kit.complaint(orderId), FILED);
    await kit.act(who.agent, c.id, 'accept', {}, bj('2026-09-28T10:00'));
    await kit.act(who.merchant, c.id, 'suspend', { venue: 'court' }, bj('2026-09-29T10:00'));
    const proof = await kit.act(
      who.handler,
      c.id,
      'record_proof',
      { venue: 'court', reference: '(2026)京0105民初12345号' },
      bj('2026-10-09T10:00'),
    );
    expect(proof.stage).toBe('suspended');
    expect(proof.deadlines.find((d) => d.kind === 'suspension_proof')?.status).toBe('met');
    // A year later nothing has fired: a court case waits for the judgment (no police-style 6-month clock).
    await kit.sweepAt(bj('2027-10-09T10:00'));
    await signIn();
    expect((await kit.read(who.handler, c.id)).stage).toBe('suspended');
    const resumed = await kit.act(
      who.handler,
      c.id,
      'resume',
      { note: '判决已生效' },
      bj('2027-10-11T10:00'),
    );
    expect(resumed.stage).toBe('investigation');
  });

  it('withdrawal: the claimant withdraws on a holiday; every clock is cancelled', async () => {
    const { kit, who, orderId } = await setup();
    const c = await kit.file(who.consumer, kit.complaint(orderId), FILED);
    await kit.act(who.agent, c.id, 'accept', {}, bj('2026-09-28T10:00'));
    const gone = await kit.act(
      who.consumer,
      c.id,
      'withdraw',
      { reason: '已与商家协商解决' },
      bj('2026-10-03T10:00'),
    );
    expect(gone).toMatchObject({ stage: 'withdrawn', viewer: { state: 'closed' }, allowedActions: [] });
    const staff = await kit.read(who.handler, c.id);
    expect(staff.deadlines.filter((d) => d.status === 'pending')).toEqual([]);
    // Acceptance met the handling yardstick; the clocks still running end cancelled, not breached.
    expect(staff.deadlines.find((d) => d.kind === 'handling_yardstick')?.status).toBe('met');
    expect(staff.deadlines.find((d) => d.kind === 'mediation_yardstick')?.status).toBe('cancelled');
    // The same order and issue may be filed again once the case is no longer open.
    const again = await kit.fileRaw(who.consumer, kit.complaint(orderId));
    expect(again.statusCode).toBe(201);
  });

  it('referral out to arbitration with the case file exported for it', async () => {
    const { kit, who, orderId } = await setup();
    const c = await kit.file(who.consumer, kit.complaint(orderId), FILED);
    await kit.act(who.agent, c.id, 'accept', {}, bj('2026-09-28T10:00'));
    const out = await kit.act(who.handler, c.id, 'refer_out', { to: 'arbitration' }, bj('2026-10-08T10:00'));
    expect(out.stage).toBe('referred_out');
    expect(out.deadlines.filter((d) => d.status === 'pending')).toEqual([]);
    const exported = await t.app.inject({
      url: `/api/v1/cases/${c.id}/export?purpose=${encodeURIComponent('移送仲裁委员会')}`,
      headers: t.as(who.handler),
    });
    expect(exported.statusCode).toBe(200);
    const file = exported.json<{ digest: string; case: { stage: string }; timeline: { action: string }[] }>();
    expect(file.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(file.case.stage).toBe('referred_out');
    expect(file.timeline.map((e) => e.action)).toContain('refer_out');
  });

  it('supervision: a complaint about the handling reaches the supervisors, not the parties nor the handler it is about', async () => {
    const { kit, who, orderId, tenant } = await setup();
    const c = await kit.file(who.consumer, kit.complaint(orderId), FILED);
    await kit.act(who.agent, c.id, 'accept', {}, bj('2026-09-28T10:00'));
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/supervision`,
      headers: t.as(who.consumer),
      payload: { text: '受理超时，无人联系我' },
    });
    expect(res.statusCode).toBe(201);
    expect((await kit.read(who.consumer, c.id)).timeline.map((e) => e.action)).toEqual(['filed', 'accept']);
    expect((await kit.read(who.supervisor, c.id)).timeline.map((e) => e.action)).toEqual([
      'filed',
      'accept',
      'assigned',
      'supervision_requested',
    ]);
    // The notice goes to the supervisors, not to the handler the complaint is about.
    await runDueJobs(
      t.db,
      noticeJobHandlers(t.db, () => t.clock.now(), { pii: t.pii, senders: { email: null, sms: null } }),
      {
        now: () => t.clock.now(),
      },
    );
    const inbox = async (s: Session) =>
      (await t.app.inject({ url: '/api/v1/notices', headers: t.as(s) }))
        .json<{ items: { title: string }[] }>()
        .items.map((n) => n.title);
    expect(await inbox(who.supervisor)).toEqual([`案件 ${c.number} 收到督办申请`]);
    expect(tenant.users.handler.id).toBe((await kit.read(who.handler, c.id)).assigneeId);
    expect(await inbox(who.handler)).toEqual([]);
  });

  it('fast track: an urgent complaint gets shorter platform targets, never shorter party windows', async () => {
    const { kit, who, orderId } = await setup();
    const c = await kit.file(who.consumer, kit.complaint(orderId, { urgent: true }), FILED);
    expect(c.fastTrack).toBe(true);
    const staff = await kit.read(who.agent, c.id);
    // Acceptance within 12 clock hours even on the holiday (ordinary: end of Mon 9/28).
    expect(dueOf(staff, 'acceptance')).toBe(bj('2026-09-25T22:00').toISOString());
    // A fast-track case is complex and major, and its pack halves the solution target (72 → 36 hours).
    expect(dueOf(staff, 'solution')).toBe(bj('2026-09-26T22:00').toISOString());
    // The claimant's supplement window stays 3 working days.
    const asked = await kit.act(
      who.agent,
      c.id,
      'request_supplement',
      { missing: ['照片'] },
      bj('2026-09-25T15:00'),
    );
    expect(dueOf(asked, 'supplement')).toBe(endOfBjDay('2026-09-30'));
    await kit.act(who.consumer, c.id, 'supplement', { text: '已上传' }, bj('2026-09-26T10:00'));
    await kit.act(who.agent, c.id, 'accept', {}, bj('2026-09-26T12:00'));
    // Mediation: 3 working days instead of 7 — 9/28, 9/29, 9/30.
    const mediating = await kit.act(who.handler, c.id, 'start_mediation', {}, bj('2026-09-26T14:00'));
    expect(dueOf(mediating, 'mediation')).toBe(endOfBjDay('2026-09-30'));
  });
});
