import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { createTestApp, type Session } from '../../test/app.js';
import { PNG, caseKit, multipart, type TestApp } from '../../test/cases.js';
import { testDbKinds } from '../../test/db.js';
import type { TestTenant } from '../../test/factories.js';
import { sweepDeadlines } from '../deadlines/index.js';

type Page = {
  messages: { body: string }[];
  evidence: { description: string }[];
  offers: { amountFen: string }[];
  deadlines: { id: string; status: string; dueAt: string | null }[];
  claimant: { displayName: string } | null;
  respondent: { name: string | null };
  deliveries?: { id: string; status: string }[];
};

/**
 * The case page is rendered once per change per viewer and process (case-page-cache.ts). Two apps on one
 * database stand for two API processes: whatever one of them (or the scheduler, or an operator's SQL) changes
 * on a case, the other's next read shows — the database moves the case's stamp, no process tells another.
 */
describe.each(testDbKinds)('the case page cache on %s', (kind) => {
  let a: TestApp;
  let b: TestApp;
  let tenant: TestTenant;
  let consumer: Session;
  let merchant: Session;
  let handler: Session;
  let caseId: string;
  beforeAll(async () => {
    a = await createTestApp(kind);
    b = await createTestApp(kind, { alongside: a });
    tenant = await a.tenant();
    consumer = await a.login(tenant, 'consumer');
    merchant = await a.login(tenant, 'merchant');
    handler = await a.login(tenant, 'handler');
    const kit = caseKit(a, tenant);
    caseId = (await kit.file(consumer, kit.complaint(await kit.newOrder('page-cache-1')))).id;
    await kit.act(handler, caseId, 'accept');
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const readOn = async (app: TestApp, who: Session, headers: Record<string, string> = {}) => {
    const res = await app.app.inject({
      url: `/api/v1/cases/${caseId}`,
      headers: { ...app.as(who), ...headers },
    });
    return res;
  };
  const pageOn = async (app: TestApp, who: Session) => {
    const res = await readOn(app, who);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page>();
  };
  const post = async (who: Session, path: string, payload: object) => {
    const res = await a.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}${path}`,
      headers: a.as(who),
      payload,
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
  };
  const revision = async () =>
    Number(
      (await queryRows<{ revision: string }>(a.db, sql`select revision from cases where id = ${caseId}`))[0]!
        .revision,
    );

  it('a filing writes its case, deadlines and first events without touching the case again', async () => {
    const kit = caseKit(a, tenant);
    const fresh = await kit.file(consumer, kit.complaint(await kit.newOrder('page-cache-fresh')));
    const [row] = await queryRows<{ revision: string }>(
      a.db,
      sql`select revision from cases where id = ${fresh.id}`,
    );
    expect(Number(row!.revision)).toBe(0);
  });

  it('shows another process’s message, evidence and offer on the next read', async () => {
    expect((await pageOn(b, handler)).messages).toEqual([]);
    expect((await pageOn(b, consumer)).messages).toEqual([]);
    const before = await revision();
    await post(merchant, '/messages', { body: '已安排退货地址', visibility: 'all' });
    expect(await revision()).toBe(before + 1);
    expect((await pageOn(b, handler)).messages.map((m) => m.body)).toEqual(['已安排退货地址']);
    expect((await pageOn(b, consumer)).messages.map((m) => m.body)).toEqual(['已安排退货地址']);

    const upload = multipart(
      { type: 'photo', description: '破损照片' },
      { name: 'p.png', type: 'image/png', content: PNG },
    );
    const uploaded = await a.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/evidence`,
      headers: { ...a.as(consumer), ...upload.headers },
      payload: upload.payload,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect((await pageOn(b, handler)).evidence.map((e) => e.description)).toEqual(['破损照片']);

    await post(handler, '/actions/start_mediation', {});
    await post(merchant, '/offers', { remedy: 'partial_refund', amountFen: 5000 });
    expect((await pageOn(b, consumer)).offers.map((o) => o.amountFen)).toEqual(['5000']);
  });

  it('keeps each viewer’s page apart: an internal note never reaches a party’s cached page', async () => {
    await pageOn(b, consumer);
    await post(handler, '/messages', { body: '内部备注：商家多次被投诉', visibility: 'staff' });
    const staff = await pageOn(b, handler);
    const party = await pageOn(b, consumer);
    expect(staff.messages.map((m) => m.body)).toContain('内部备注：商家多次被投诉');
    expect(JSON.stringify(party)).not.toContain('内部备注');
  });

  it('checks who may see the case on every read, cached or not', async () => {
    await pageOn(b, handler);
    const stranger = await b.login(tenant, 'merchant2');
    expect((await readOn(b, stranger)).statusCode).toBe(404);
    const other = await b.app.inject({
      url: `/api/v1/cases/${caseId}`,
      headers: b.as({ apiKey: tenant.apiKey }),
    });
    expect(other.statusCode).toBe(200);
  });

  it('follows changes made outside the API: a deadline breached by the sweeper, a notice delivered, a renamed merchant and claimant', async () => {
    const pending = (await pageOn(b, handler)).deadlines.find((d) => d.status === 'pending');
    expect(pending).toBeDefined();
    // A warning only moves the sweeper's next look: nothing on the page changes, the case is not touched.
    const before = await revision();
    await a.db.execute(
      sql`update deadlines set warned_at = now(), attempts = attempts where id = ${pending!.id}`,
    );
    expect(await revision()).toBe(before);
    await a.db.execute(sql`update deadlines set status = 'breached' where id = ${pending!.id}`);
    expect(await revision()).toBe(before + 1);
    expect((await pageOn(b, handler)).deadlines.find((d) => d.id === pending!.id)?.status).toBe('breached');

    // The notifier writes a notice (another process, its own transaction), then its sender's outcome.
    const noticeId = `ntc_page_cache_${kind}`;
    await a.db
      .execute(sql`insert into notices (id, tenant_id, case_id, recipient_user_id, channel, template, title,
      body, status, payload, created_at) values (${noticeId}, ${tenant.id}, ${caseId}, ${tenant.users.consumer.id},
      'sms', 'case.accepted', '已受理', '您的投诉已受理', 'queued', '{}', now())`);
    expect((await pageOn(b, handler)).deliveries?.find((d) => d.id === noticeId)?.status).toBe('queued');
    await a.db.execute(sql`update notices set status = 'failed', attempts = 9 where id = ${noticeId}`);
    expect((await pageOn(b, handler)).deliveries?.find((d) => d.id === noticeId)?.status).toBe('failed');

    await a.db.execute(sql`update merchants set name = '改名后的店铺' where id = ${tenant.merchantId}`);
    expect((await pageOn(b, consumer)).respondent.name).toBe('改名后的店铺');
    await a.db.execute(sql`update users set display_name = '新名字' where id = ${tenant.users.consumer.id}`);
    expect((await pageOn(b, handler)).claimant?.displayName).toBe('新名字');
  });

  it('answers 304 to a client holding the current page, 200 with a new tag once it changed', async () => {
    const first = await readOn(b, handler);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    // The same page from the other process carries the same tag.
    expect((await readOn(a, handler)).headers.etag).toBe(etag);
    const same = await readOn(b, handler, { 'if-none-match': `W/${etag}, "other"` });
    expect(same.statusCode).toBe(304);
    expect(same.body).toBe('');
    // Another viewer's tag for the same case differs: a shared browser cannot mix pages up.
    expect((await readOn(b, consumer)).headers.etag).not.toBe(etag);
    await post(consumer, '/messages', { body: '请尽快处理', visibility: 'all' });
    const changed = await readOn(b, handler, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json<Page>().messages.map((m) => m.body)).toContain('请尽快处理');
  });

  it('a sweep that breaches a case’s step shows on the page at once', async () => {
    const kit = caseKit(a, tenant);
    const c = await kit.file(consumer, kit.complaint(await kit.newOrder('page-cache-sweep')));
    const url = `/api/v1/cases/${c.id}`;
    const seen = await b.app.inject({ url, headers: b.as(handler) });
    const due = seen.json<Page>().deadlines.find((d) => d.status === 'pending' && d.dueAt)!;
    const at = new Date(new Date(due.dueAt!).getTime() + 60_000);
    a.clock.set(at);
    await sweepDeadlines(a.db, { now: () => at });
    const after = await b.app.inject({ url, headers: b.as(handler) });
    expect(after.json<Page>().deadlines.find((d) => d.id === due.id)?.status).toBe('breached');
  });
});
