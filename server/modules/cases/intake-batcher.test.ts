import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { caseKit } from '../../test/cases.js';
import { createTestApp, problem } from '../../test/app.js';
import type { TestTenant } from '../../test/factories.js';
import { testDbKinds } from '../../test/db.js';
import { verifyAuditChain } from '../audit/index.js';
import { findUser } from '../accounts/accounts.repo.js';
import { listDeadlinesOfSubject } from '../deadlines/index.js';
import { listEvidence } from './evidence.js';
import { listEvidenceRequests } from './evidence-requests.js';
import { listOffers } from './offers.js';
import { caseMessagesOf, caseTimeline, caseWithParts, findCase } from './cases.repo.js';
import { DEFAULT_CASE_POLICY, casePolicyResolver, type CasePolicy } from './case-policy.js';
import { loadTenantPolicies } from '../policy/index.js';
import { OpenCaseBodySchema } from './case-schemas.js';
import { CaseDetailSchema } from './case-presenter.js';
import { IntakeBatcher } from './intake-batcher.js';
import { fileCases, type Filing } from './open-case.js';
import { casePolicies, cases } from './cases.table.js';
import { toJsonValue } from '../../lib/canonical-json.js';
import { users } from '../accounts/accounts.table.js';
import { caseNotices } from '../notices/notify.js';
import { type DomainError } from '../../http/errors.js';

describe.each(testDbKinds)('intake group commit on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  let seq = 0;
  beforeAll(async () => {
    t = await createTestApp(kind);
    t.clock.set(new Date('2026-09-25T02:00:00Z'));
    tenant = await t.tenant();
  });
  afterAll(() => t.close());

  const newOrder = (of: TestTenant = tenant) => caseKit(t, of).newOrder(`O-batch-${++seq}`);

  async function filing(body: Record<string, unknown>, policy?: CasePolicy): Promise<Filing> {
    return {
      tenantId: tenant.id,
      claimant: { id: tenant.users.consumer.id, externalId: `buyer-${tenant.slug}` },
      channel: 'api',
      filedBy: {
        kind: 'claimant',
        userId: null,
        snapshot: { type: 'api_key', id: 'key_test', role: 'integration', name: 'test' },
      },
      body: OpenCaseBodySchema.parse({
        kind: 'complaint',
        category: 'quality',
        title: '耳机左耳无声',
        description: '签收后发现左耳没有声音，联系商家三天未回复。',
        requestedRemedy: 'full_refund',
        requestedAmountFen: 29900,
        ...body,
      }),
      ctx: { now: t.clock.now(), calendar: await t.calendars.forTenant(tenant.id), requestId: `req-${seq}` },
      ...(policy ? { policy } : {}),
    };
  }

  const numbersOf = async () =>
    (await t.db.select({ number: cases.number }).from(cases).where(eq(cases.tenantId, tenant.id)))
      .map((r) => Number(r.number.slice(-6)))
      .sort((a, b) => a - b);
  const sortById = <T extends { id: string }>(rows: T[]) =>
    [...rows].sort((a, b) => a.id.localeCompare(b.id));
  const gapFree = (numbers: number[]) => numbers.every((n, i) => n === i + 1);

  it('looks the named consumers of a batch up together and refuses an unknown or non-consumer one alone', async () => {
    const [a, b, c] = [await newOrder(), await newOrder(), await newOrder()];
    const named = async (orderId: string, byExternalId: string) => ({
      ...(await filing({ orderId })),
      claimant: { byExternalId },
    });
    const outcomes = await fileCases(t.db, [
      await named(a, `buyer-${tenant.slug}`),
      await named(b, 'nobody-registered'),
      await named(c, `buyer-${tenant.slug}`),
    ]);
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['ok', 'VALIDATION_FAILED', 'ok']);
    const refused = outcomes[1]!;
    expect(refused.ok ? null : refused.error.fields).toEqual([
      expect.objectContaining({ path: 'claimantExternalId', code: 'unknown' }),
    ]);
    const consumer = await findUser(t.db, tenant.id, tenant.users.consumer.id);
    for (const o of [outcomes[0]!, outcomes[2]!]) {
      if (!o.ok) throw new Error('expected a filed case');
      expect(o.filed.case.claimantId).toBe(tenant.users.consumer.id);
      // The looked-up row answers the request: nothing is read again to present the claimant.
      expect(o.filed.claimant.user).toEqual(consumer);
    }
    // A staff user is not a consumer, whatever external id they carry.
    await t.db
      .update(users)
      .set({ externalId: `staff-${tenant.slug}` })
      .where(eq(users.id, tenant.users.handler.id));
    const [staff] = await fileCases(t.db, [await named(await newOrder(), `staff-${tenant.slug}`)]);
    expect(staff!.ok ? 'ok' : staff!.error.code).toBe('VALIDATION_FAILED');
  });

  it('answers each filing of one batch on its own: good ones written, bad ones refused with their error', async () => {
    const [a, b] = [await newOrder(), await newOrder()];
    const outcomes = await fileCases(t.db, [
      await filing({ orderId: a }),
      await filing({ orderId: 'ord_missing' }),
      await filing({ orderId: b, requestedAmountFen: 30000 }),
      await filing({ orderId: a }), // same order and issue as the first, in the same batch
      await filing({ orderId: a, category: 'not_as_described' }),
      await filing({ kind: 'refund_request' }), // a refund request needs an order
      await filing({ orderId: b, kind: 'refund_request' }),
    ]);
    const codes = outcomes.map((o) => (o.ok ? 'ok' : o.error.code));
    expect(codes).toEqual([
      'ok',
      'NOT_FOUND',
      'VALIDATION_FAILED',
      'CONFLICT',
      'ok',
      'VALIDATION_FAILED',
      'ok',
    ]);
    const filed = outcomes.flatMap((o) => (o.ok ? [o.filed] : []));
    // Each answer carries what was written: the case, its first deadlines and its timeline.
    expect(filed.map((f) => f.case.stage)).toEqual([
      'acceptance_review',
      'acceptance_review',
      'awaiting_merchant',
    ]);
    expect(filed[0]!.deadlines.map((d) => d.kind)).toEqual(
      expect.arrayContaining(['acceptance', 'handling_yardstick']),
    );
    expect(filed[2]!.deadlines.map((d) => d.kind)).toEqual(['merchant_response']);
    expect(filed.every((f) => f.events.length === 1 && f.events[0]!.action === 'filed')).toBe(true);
    expect(filed[0]!.merchantName).toBe('商家一');
    // … and it is exactly what the database holds (the rows are not read back).
    for (const f of filed) {
      expect(await findCase(t.db, tenant.id, f.case.id)).toEqual(f.case);
      const stored = await listDeadlinesOfSubject(t.db, tenant.id, 'case', f.case.id);
      expect(sortById(stored)).toEqual(sortById(f.deadlines));
      expect(await caseTimeline(t.db, f.case.id)).toEqual(f.events);
    }
    expect(new Set(filed.map((f) => f.case.number)).size).toBe(3);
    expect(gapFree(await numbersOf())).toBe(true);
    expect((await verifyAuditChain(t.db, { tenantId: tenant.id })).ok).toBe(true);
  });

  it('reads a case with all its parts in one statement, the same rows as the list queries', async () => {
    const orderId = await newOrder();
    const consumer = await t.login(tenant, 'consumer');
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: t.as(consumer),
      payload: {
        kind: 'complaint',
        orderId,
        category: 'quality',
        title: '耳机左耳无声',
        description: '签收后发现左耳没有声音，联系商家三天未回复。',
        requestedRemedy: 'partial_refund',
        requestedAmountFen: 10000,
      },
    });
    const id = filed.json<{ id: string }>().id;
    const merchant = await t.login(tenant, 'merchant');
    for (const [who, body] of [
      [consumer, '请尽快处理'],
      [merchant, '我们会核实'],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${id}/messages`,
        headers: t.as(who),
        payload: { body },
      });
      expect(res.statusCode).toBe(201);
    }
    const parts = (await caseWithParts(t.db, tenant.id, id))!;
    expect(parts.case).toEqual(await findCase(t.db, tenant.id, id));
    expect(parts.case.requestedAmountFen).toBe(10000n);
    expect(sortById(parts.deadlines)).toEqual(
      sortById(await listDeadlinesOfSubject(t.db, tenant.id, 'case', id)),
    );
    expect(parts.events).toEqual(await caseTimeline(t.db, id));
    expect(parts.messages).toEqual(await caseMessagesOf(t.db, id));
    expect(parts.messages).toHaveLength(2);
    expect(parts.offers).toEqual(await listOffers(t.db, id));
    expect(parts.evidence).toEqual(await listEvidence(t.db, id));
    expect(parts.evidenceRequests).toEqual(await listEvidenceRequests(t.db, id));
    expect(parts.claimant).toEqual(await findUser(t.db, tenant.id, tenant.users.consumer.id));
    expect(parts.merchantName).toBe('商家一');
    // Notice delivery records only when asked for (staff), the same rows as their own list query.
    expect(parts.notices).toBeNull();
    const withNotices = (await caseWithParts(t.db, tenant.id, id, { notices: true }))!;
    expect(withNotices.notices).toEqual(await caseNotices(t.db, tenant.id, id));
    // The page is serialised without the Zod pass: it must hold exactly what the schema lets through.
    for (const res of [filed, await t.app.inject({ url: `/api/v1/cases/${id}`, headers: t.as(consumer) })]) {
      const body: unknown = res.json();
      expect(body).toEqual(CaseDetailSchema.parse(body));
    }
    // Another tenant's case does not exist here.
    expect(await caseWithParts(t.db, 'ten_other', id)).toBeUndefined();
  });

  it('writes the filings handed in during one turn of the event loop in one transaction', async () => {
    // PGlite answers in microtasks, in this thread: a batch started at once would hold the database for the
    // whole transaction before the next filing was even handed in (batches of one, seconds of queueing).
    const batcher = new IntakeBatcher(t.db, { maxInFlight: 1 });
    const filings = [];
    for (let i = 0; i < 5; i++) filings.push(await filing({ orderId: await newOrder() }));
    const filed = await Promise.all(filings.map((f) => batcher.file(f)));
    const ids = filed.map((f) => f.case.id);
    const [row] = await t.db
      .select({ transactions: sql<number>`count(distinct ${cases}.xmin::text)::int` })
      .from(cases)
      .where(inArray(cases.id, ids));
    expect(row!.transactions).toBe(1);
    await batcher.drain();
  });

  it('numbers a batch that spans New Year in Shanghai from each year’s counter, in one statement', async () => {
    // Its own tenant: its numbers start again at 1 in 2027.
    const other = await t.tenant();
    const calendar = await t.calendars.forTenant(other.id);
    const at = (iso: string) => ({ now: new Date(iso), calendar, requestId: `req-${iso}` });
    const base = await filing({});
    const filings: Filing[] = [];
    // 23:59:59 and 00:00:01 Shanghai time, twice each, interleaved.
    for (const iso of [
      '2026-12-31T15:59:59Z',
      '2026-12-31T16:00:01Z',
      '2026-12-31T15:59:59.500Z',
      '2026-12-31T16:00:02Z',
    ]) {
      filings.push({
        ...base,
        tenantId: other.id,
        claimant: { id: other.users.consumer.id, externalId: `buyer-${other.slug}` },
        body: { ...base.body, orderId: await newOrder(other) },
        ctx: at(iso),
      });
    }
    const outcomes = await fileCases(t.db, filings);
    const numbers = outcomes.map((o) => (o.ok ? o.filed.case.number : o.error.code));
    expect(numbers).toEqual(['AC-2026-000001', 'AC-2027-000001', 'AC-2026-000002', 'AC-2027-000002']);
    const filed = outcomes.flatMap((o) => (o.ok ? [o.filed] : []));
    for (const f of filed) {
      expect(await findCase(t.db, other.id, f.case.id)).toEqual(f.case);
      expect(await caseTimeline(t.db, f.case.id)).toEqual(f.events);
    }
    const [row] = await t.db
      .select({ transactions: sql<number>`count(distinct ${cases}.xmin::text)::int` })
      .from(cases)
      .where(eq(cases.tenantId, other.id));
    expect(row!.transactions).toBe(1);
    expect((await verifyAuditChain(t.db, { tenantId: other.id })).ok).toBe(true);
  });

  it('stores each policy once however many cases are filed under it; every case reads back its own', async () => {
    const stricter: CasePolicy = { ...DEFAULT_CASE_POLICY, fastTrackAmountFen: '1' };
    const filings = [
      await filing({ orderId: await newOrder() }),
      await filing({ orderId: await newOrder() }, stricter),
      await filing({ orderId: await newOrder() }),
      await filing({ orderId: await newOrder() }, stricter),
    ];
    const outcomes = await fileCases(t.db, filings);
    const filed = outcomes.map((o) => {
      if (!o.ok) throw o.error;
      return o.filed.case;
    });
    expect(filed.map((c) => c.fastTrack)).toEqual([false, true, false, true]);
    const keys = [...new Set(filed.map((c) => c.policyKey))];
    expect(keys).toHaveLength(2);
    const stored = await t.db.select().from(casePolicies).where(inArray(casePolicies.key, keys));
    expect(stored).toHaveLength(2);
    for (const [k, policy] of [DEFAULT_CASE_POLICY, stricter, DEFAULT_CASE_POLICY, stricter].entries()) {
      const c = filed[k]!;
      expect(c.policy).toEqual(toJsonValue(policy));
      expect(stored.find((r) => r.key === c.policyKey)!.policy).toEqual(c.policy);
      // Read back by every path that reads a whole case.
      expect((await findCase(t.db, tenant.id, c.id))!.policy).toEqual(c.policy);
      expect((await caseWithParts(t.db, tenant.id, c.id))!.case.policy).toEqual(c.policy);
    }
    // Filing again under a stored policy adds no row.
    const again = await fileCases(t.db, [await filing({ orderId: await newOrder() }, stricter)]);
    expect(again[0]!.ok && again[0]!.filed.case.policyKey).toBe(filed[1]!.policyKey);
    expect(await t.db.select().from(casePolicies).where(inArray(casePolicies.key, keys))).toHaveLength(2);

    // Complaints under the tenant's pack, filed a minute apart: one snapshot; when the platform stepped in
    // is each case's own.
    const packs = casePolicyResolver(await loadTenantPolicies(t.db, tenant.id));
    const first = { ...(await filing({ orderId: await newOrder() })), policy: packs };
    const later = new Date(first.ctx.now.getTime() + 60_000);
    const second = { ...(await filing({ orderId: await newOrder() })), policy: packs };
    const underPack = (await fileCases(t.db, [first, { ...second, ctx: { ...second.ctx, now: later } }])).map(
      (o) => (o.ok ? o.filed.case : null),
    );
    expect((underPack[0]!.policy as { pack?: { id: string } }).pack?.id).toBe('ecommerce-law');
    expect(underPack[1]!.policyKey).toBe(underPack[0]!.policyKey);
    expect(underPack.map((c) => c!.intervenedAt)).toEqual([first.ctx.now, later]);
    expect((await findCase(t.db, tenant.id, underPack[1]!.id))!.intervenedAt).toEqual(later);
  });

  it('retries a batch that fails as a whole one filing at a time', async () => {
    const broken: CasePolicy = {
      ...DEFAULT_CASE_POLICY,
      windows: {
        ...DEFAULT_CASE_POLICY.windows,
        acceptance_review: {
          ...DEFAULT_CASE_POLICY.windows.acceptance_review!,
          target: { unit: 'working_days', amount: -1 },
        },
      },
    };
    const batcher = new IntakeBatcher(t.db, { maxInFlight: 1 });
    const [a, b, c] = [await newOrder(), await newOrder(), await newOrder()];
    const filings = [
      await filing({ orderId: a }),
      await filing({ orderId: b }),
      await filing({ orderId: c }, broken),
      await filing({ orderId: b }),
    ];
    // Handed in during one turn of the event loop, the four go as one batch, which the broken policy fails;
    // then each is filed alone.
    const results = await Promise.allSettled(filings.map((f) => batcher.file(f)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as DomainError] : []));
    expect(errors.map((e) => e.code)).toEqual(['UNPROCESSABLE', 'CONFLICT']);
    expect(gapFree(await numbersOf())).toBe(true);
    expect((await verifyAuditChain(t.db, { tenantId: tenant.id })).ok).toBe(true);
  });

  it('lets only one of many concurrent filings on the same order and issue through; numbers stay gap-free', async () => {
    const order = await newOrder();
    const others = await Promise.all(Array.from({ length: 6 }, () => newOrder()));
    const file = (orderId: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: t.as({ apiKey: tenant.apiKey }),
        payload: {
          kind: 'complaint',
          orderId,
          claimantExternalId: `buyer-${tenant.slug}`,
          category: 'quality',
          title: '耳机左耳无声',
          description: '签收后发现左耳没有声音，联系商家三天未回复。',
          requestedRemedy: 'full_refund',
          requestedAmountFen: 29900,
        },
      });
    const same = Array.from({ length: 8 }, () => file(order));
    const res = await Promise.all([...same, ...others.map(file)]);
    const onSame = res.slice(0, 8).map((r) => r.statusCode);
    expect(onSame.filter((s) => s === 201)).toHaveLength(1);
    expect(onSame.filter((s) => s === 409)).toHaveLength(7);
    expect(problem(res.find((r) => r.statusCode === 409)!).errors).toEqual([
      expect.objectContaining({ path: 'category', code: 'duplicate_open_case' }),
    ]);
    expect(res.slice(8).every((r) => r.statusCode === 201)).toBe(true);
    expect(gapFree(await numbersOf())).toBe(true);
    expect((await verifyAuditChain(t.db, { tenantId: tenant.id })).ok).toBe(true);
  });

  it('keeps one open case per issue and gap-free numbers when two processes file at once', async () => {
    const order = await newOrder();
    const others = await Promise.all(Array.from({ length: 4 }, () => newOrder()));
    // Two batchers stand for two server processes sharing the database.
    const [one, two] = [new IntakeBatcher(t.db), new IntakeBatcher(t.db)];
    const work: Filing[][] = [[], []];
    for (const [i, orderId] of [order, ...others, order, order, order].entries()) {
      work[i % 2]!.push(await filing({ orderId }));
    }
    const results = await Promise.allSettled([
      ...work[0]!.map((f) => one.file(f)),
      ...work[1]!.map((f) => two.file(f)),
    ]);
    const onSame = results.filter((r, i) => {
      const f = [...work[0]!, ...work[1]!][i]!;
      return f.body.orderId === order;
    });
    expect(onSame.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(onSame.flatMap((r) => (r.status === 'rejected' ? [(r.reason as DomainError).code] : []))).toEqual([
      'CONFLICT',
      'CONFLICT',
      'CONFLICT',
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(gapFree(await numbersOf())).toBe(true);
    expect((await verifyAuditChain(t.db, { tenantId: tenant.id })).ok).toBe(true);
  });

  it('replays a retried filing under the same Idempotency-Key instead of filing twice', async () => {
    const order = await newOrder();
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: t.as({ apiKey: tenant.apiKey }, { 'idempotency-key': `file-${order}` }),
        payload: {
          kind: 'complaint',
          orderId: order,
          claimantExternalId: `buyer-${tenant.slug}`,
          category: 'quality',
          title: '耳机左耳无声',
          description: '签收后发现左耳没有声音，联系商家三天未回复。',
          requestedRemedy: 'full_refund',
          requestedAmountFen: 29900,
        },
      });
    const first = await send();
    const again = await send();
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    const onOrder = await t.db.select({ id: cases.id }).from(cases).where(eq(cases.orderId, order));
    expect(onOrder).toHaveLength(1);
  });
});
