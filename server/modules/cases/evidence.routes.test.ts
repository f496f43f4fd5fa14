import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem, type Session } from '../../test/app.js';
import type { TestTenant } from '../../test/factories.js';
import { EXE, PNG, multipart } from '../../test/cases.js';
import { sweepDeadlines } from '../deadlines/index.js';
import { caseBreachHooks } from './case-deadline-hooks.js';

describe('case evidence', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  let consumer: Session;
  let caseId: string;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    tenant = await t.tenant();
    consumer = await t.login(tenant, 'consumer');
    const m = await t.login(tenant, 'merchant');
    void m;
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: t.as(consumer),
      payload: {
        kind: 'complaint',
        respondentMerchantId: tenant.merchantId,
        category: 'quality',
        title: '屏幕碎裂',
        description: '收到时手机屏幕已经碎裂，附照片为证。',
        requestedRemedy: 'exchange',
        requestedAmountFen: 0,
      },
    });
    caseId = filed.json<{ id: string }>().id;
  });
  afterAll(() => t.close());

  const upload = (
    who: Session,
    fields: Record<string, string>,
    file: { name: string; type: string; content: Buffer },
  ) => {
    const body = multipart(fields, file);
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/evidence`,
      headers: { ...t.as(who), ...body.headers },
      payload: body.payload,
    });
  };

  it('stores a photo with its SHA-256, shows it to the other party and serves it safely', async () => {
    const res = await upload(
      consumer,
      { type: 'photo', description: '签收时拍摄' },
      { name: '照片.jpg', type: 'image/jpeg', content: PNG },
    );
    expect(res.statusCode).toBe(201);
    const e = res.json<{ id: string; sha256: string; mime: string; kind: string }>();
    // Typed by content, not by the name or the client's Content-Type.
    expect(e).toMatchObject({
      mime: 'image/png',
      kind: 'image',
      sha256: createHash('sha256').update(PNG).digest('hex'),
    });
    const merchant = await t.login(tenant, 'merchant');
    const list = await t.app.inject({ url: `/api/v1/cases/${caseId}/evidence`, headers: t.as(merchant) });
    expect(list.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([e.id]);
    const file = await t.app.inject({
      url: `/api/v1/cases/${caseId}/evidence/${e.id}/content`,
      headers: t.as(merchant),
    });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect(file.headers).toMatchObject({
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
    });
    const part = await t.app.inject({
      url: `/api/v1/cases/${caseId}/evidence/${e.id}/content`,
      headers: { ...t.as(merchant), range: 'bytes=0-7' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.equals(PNG.subarray(0, 8))).toBe(true);
  });

  it('refuses an executable dressed as a photo (415) and keeps staff-only evidence from the parties', async () => {
    const exe = await upload(
      consumer,
      { type: 'photo' },
      { name: 'photo.jpg', type: 'image/jpeg', content: EXE },
    );
    expect(exe.statusCode).toBe(415);
    expect(problem(exe).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const handler = await t.login(tenant, 'handler');
    const internal = await upload(
      handler,
      { type: 'other', visibility: 'staff' },
      { name: 'notes.txt', type: 'text/plain', content: Buffer.from('商家历史投诉记录摘要') },
    );
    expect(internal.statusCode).toBe(201);
    const mine = await t.app.inject({ url: `/api/v1/cases/${caseId}/evidence`, headers: t.as(consumer) });
    expect(
      mine.json<{ items: { visibility: string }[] }>().items.every((i) => i.visibility !== 'staff'),
    ).toBe(true);
    const direct = await t.app.inject({
      url: `/api/v1/cases/${caseId}/evidence/${internal.json<{ id: string }>().id}/content`,
      headers: t.as(consumer),
    });
    expect(direct.statusCode).toBe(404);
    const chooseStaff = await upload(
      consumer,
      { type: 'photo', visibility: 'staff' },
      { name: 'a.png', type: 'image/png', content: PNG },
    );
    expect(problem(chooseStaff).errors?.[0]?.path).toBe('visibility');
  });

  it('asks the merchant for invoices by a due date; an upload naming the request fulfils it, silence expires it', async () => {
    const handler = await t.login(tenant, 'handler');
    const merchant = await t.login(tenant, 'merchant');
    const ask = (types: string[]) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/evidence-requests`,
        headers: t.as(handler),
        payload: { from: 'respondent', evidenceTypes: types, note: '请提供进货凭证' },
      });
    const first = (await ask(['invoice'])).json<{
      evidenceRequests: { id: string; status: string; deadlineId: string }[];
      deadlines: { id: string; owner: string; dueAt: string }[];
    }>();
    const req = first.evidenceRequests[0]!;
    // Fri 20 Nov 2026 10:00 + 3 working days → Wed 25 Nov, end of day.
    expect(first.deadlines.find((d) => d.id === req.deadlineId)).toMatchObject({
      owner: 'respondent',
      dueAt: '2026-11-25T15:59:59.999Z',
    });
    const wrongParty = await upload(
      consumer,
      { type: 'invoice', requestId: req.id },
      { name: 'i.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') },
    );
    expect(problem(wrongParty).errors?.[0]?.path).toBe('requestId');
    const given = await upload(
      merchant,
      { type: 'invoice', requestId: req.id },
      { name: '发票.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4\n1 0 obj\n%%EOF\n') },
    );
    expect(given.statusCode).toBe(201);
    t.clock.advance(1000);
    const second = (await ask(['certificate'])).json<{
      evidenceRequests: { id: string; status: string }[];
    }>();
    expect(second.evidenceRequests.map((r) => r.status)).toEqual(['fulfilled', 'open']);
    await sweepDeadlines(t.db, {
      now: () => new Date('2026-11-26T00:00:00Z'),
      hooks: caseBreachHooks(t.calendars),
    });
    const after = (await t.app.inject({ url: `/api/v1/cases/${caseId}`, headers: t.as(consumer) })).json<{
      evidenceRequests: { status: string }[];
      timeline: { action: string }[];
    }>();
    expect(after.evidenceRequests.map((r) => r.status)).toEqual(['fulfilled', 'expired']);
    expect(after.timeline.map((e) => e.action)).toContain('evidence_request_expired');
  });

  it('exports the case file with the evidence manifest, its hashes and a digest, internal notes only on request', async () => {
    const handler = await t.login(tenant, 'handler');
    const denied = await t.app.inject({
      url: `/api/v1/cases/${caseId}/export?purpose=court`,
      headers: t.as(consumer),
    });
    expect(denied.statusCode).toBe(403);
    const res = await t.app.inject({
      url: `/api/v1/cases/${caseId}/export?purpose=${encodeURIComponent('法院调取证据')}`,
      headers: t.as(handler),
    });
    expect(res.statusCode).toBe(200);
    const file = res.json<{
      format: string;
      digest: string;
      evidenceManifest: { sha256: string; type: string }[];
      claimant: { phone: string };
      auditTrail: { hash: string }[];
    }>();
    expect(file.format).toBe('accord-case-file/1');
    expect(file.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(file.evidenceManifest.map((e) => e.sha256)).toContain(
      createHash('sha256').update(PNG).digest('hex'),
    );
    expect(file.evidenceManifest.every((e) => e.type !== 'other')).toBe(true); // the staff-only note is left out
    expect(file.claimant.phone).toBe('13800001111');
    expect(file.auditTrail.length).toBeGreaterThan(3);
    const full = await t.app.inject({
      url: `/api/v1/cases/${caseId}/export?purpose=court&includeInternal=true`,
      headers: t.as(handler),
    });
    expect(
      full.json<{ evidenceManifest: { type: string }[] }>().evidenceManifest.some((e) => e.type === 'other'),
    ).toBe(true);
  });
});
