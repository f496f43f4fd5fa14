import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem, type Session } from '../../test/app.js';
import { bj, caseKit, type TestApp } from '../../test/cases.js';
import { testDbKinds } from '../../test/db.js';
import { TEST_PASSWORD, type TestTenant } from '../../test/factories.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { createUser } from '../accounts/create-user.js';

type Page = { items: { id: string; assigneeId: string | null; team: string }[]; nextCursor: string | null };

describe.each(testDbKinds)('case queues, routing and fast track on %s', (kind) => {
  let t: TestApp;
  let tenant: TestTenant;
  let kit: ReturnType<typeof caseKit>;
  let agent: Session;
  let consumer: Session;
  let goodsHandlerId: string;
  const ids: Record<'early' | 'normal' | 'urgent' | 'virtual', string> = {
    early: '',
    normal: '',
    urgent: '',
    virtual: '',
  };
  beforeAll(async () => {
    t = await createTestApp(kind);
    t.clock.set(bj('2026-11-02T09:00'));
    tenant = await t.tenant();
    kit = caseKit(t, tenant);
    goodsHandlerId = (
      await createUser(
        t.db,
        t.pii,
        { tenantId: tenant.id, actor: SYSTEM_ACTOR, now: t.clock.now() },
        {
          role: 'handler',
          username: 'goods-handler',
          displayName: '商品组调解员',
          password: TEST_PASSWORD,
          team: 'goods',
          pii: {},
        },
      )
    ).id;
    consumer = await t.login(tenant, 'consumer');
    agent = await t.login(tenant, 'agent');
    const order = (n: string) => kit.newOrder(n);
    // Mon 10:00: acceptance due end of Tue, first response Tue 10:00.
    ids.early = (await kit.file(consumer, kit.complaint(await order('O-early')), bj('2026-11-02T10:00'))).id;
    // Tue 10:00: first response Wed 10:00.
    ids.normal = (
      await kit.file(consumer, kit.complaint(await order('O-normal')), bj('2026-11-03T10:00'))
    ).id;
    // Tue 11:00, urgent: acceptance within 12 hours (23:00).
    ids.urgent = (
      await kit.file(
        consumer,
        kit.complaint(await order('O-urgent'), { urgent: true }),
        bj('2026-11-03T11:00'),
      )
    ).id;
    ids.virtual = (
      await kit.file(
        consumer,
        kit.complaint(await order('O-virtual'), { category: 'virtual_goods' }),
        bj('2026-11-03T11:30'),
      )
    ).id;
    t.clock.set(bj('2026-11-03T12:00'));
    agent = await t.login(tenant, 'agent');
  });
  afterAll(() => t.close());

  const list = async (who: Session, query: string) => {
    const res = await t.app.inject({ url: `/api/v1/cases?${query}`, headers: t.as(who) });
    expect(res.statusCode).toBe(200);
    return res.json<Page>();
  };
  const pages = async (who: Session, query: string) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list(who, `${query}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  };

  it('orders the priority queue fast track first, then by the soonest deadline, page by page', async () => {
    expect(await pages(agent, 'queue=priority')).toEqual([ids.urgent, ids.early, ids.normal, ids.virtual]);
    expect(await pages(agent, 'queue=all')).toEqual([ids.virtual, ids.urgent, ids.normal, ids.early]);
    // A cursor of one order is not a cursor of another, nor something the server never made.
    const first = await list(agent, 'queue=priority&limit=1');
    const mixed = await list(agent, `queue=all&limit=1&cursor=${first.nextCursor}`);
    expect(mixed.items).toEqual([]);
    const bad = await t.app.inject({ url: '/api/v1/cases?cursor=nonsense', headers: t.as(agent) });
    expect(problem(bad).errors?.[0]?.path).toBe('query.cursor');
    const stage = await t.app.inject({ url: '/api/v1/cases?stage=limbo', headers: t.as(agent) });
    expect(stage.statusCode).toBe(400);
  });

  it('finds cases due soon and breached in SQL, so pages are full and the cursor carries on', async () => {
    // The Monday case's first response was due at 10:00: past due, it is breached even before the sweep fires
    // (a handler must not wait for the scheduler to see it), and no longer "due soon" for that deadline.
    expect(await pages(agent, 'queue=due_soon&dueWithinHours=1')).toEqual([]);
    expect((await pages(agent, 'queue=due_soon')).sort()).toEqual(Object.values(ids).sort());
    expect(await pages(agent, 'queue=breached')).toEqual([ids.early]);
    await kit.sweepAt(bj('2026-11-03T12:00'));
    agent = await t.login(tenant, 'agent');
    expect(await pages(agent, 'queue=breached')).toEqual([ids.early]);
  });

  it('routes an accepted case to the least-loaded handler of its team, else any handler; reassignment keeps history', async () => {
    const a = await kit.act(agent, ids.normal, 'accept', {}, bj('2026-11-03T13:00'));
    expect(a.assigneeId).toBe(goodsHandlerId);
    // No virtual-goods handler: the least-loaded handler of any team takes it.
    const v = await kit.act(agent, ids.virtual, 'accept', {}, bj('2026-11-03T13:05'));
    expect(v).toMatchObject({ team: 'virtual_goods', assigneeId: tenant.users.handler.id });
    expect((await list(agent, `assigneeId=${goodsHandlerId}`)).items.map((i) => i.id)).toEqual([ids.normal]);
    expect((await list(agent, 'team=virtual_goods')).items.map((i) => i.id)).toEqual([ids.virtual]);
    const handler = await t.login(tenant, 'handler');
    expect((await list(handler, 'queue=mine')).items.map((i) => i.id)).toEqual([ids.virtual]);

    const supervisor = await t.login(tenant, 'supervisor');
    const moved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${ids.normal}/assign`,
      headers: t.as(supervisor),
      payload: { assigneeId: tenant.users.handler.id },
    });
    expect(moved.statusCode).toBe(200);
    const after = await kit.read(supervisor, ids.normal);
    expect(after.timeline.filter((e) => e.action === 'assigned').map((e) => e.details)).toEqual([
      { from: null, to: goodsHandlerId, by: 'routing', team: 'goods' },
      { from: goodsHandlerId, to: tenant.users.handler.id },
    ]);
    // The parties never see who handles their case internally.
    expect((await kit.read(consumer, ids.normal)).timeline.map((e) => e.action)).not.toContain('assigned');
  });

  it('shows consumers and merchants only their own cases in any queue', async () => {
    expect((await pages(consumer, 'queue=priority')).length).toBe(4);
    const other = await t.login(tenant, 'merchant2');
    expect(await pages(other, 'queue=priority')).toEqual([]);
  });
});
