import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem, type Session } from '../../test/app.js';
import type { TestTenant } from '../../test/factories.js';
import { testDbKinds } from '../../test/db.js';
import { auditEvents } from '../audit/index.js';
import { journalEntries, verifyLedger } from '../ledger/index.js';

type Claim = {
  id: string;
  merchantId: string;
  amountFen: string;
  recoveredFen: string;
  writtenOffFen: string;
  owedFen: string;
  status: string;
};

describe.each(testDbKinds)('recovery claims API (list, detail, partial write-offs) on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  let admin: Session;
  let supervisor: Session;
  let claimId: string;
  let otherMerchantClaimId: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    tenant = await t.tenant();
    admin = await t.login(tenant, 'admin');
    supervisor = await t.login(tenant, 'supervisor');
    // No deposit: the fund advances each award whole, and a claim opens for it.
    await post('/guarantee-fund/top-ups', { amountFen: 100_000, reference: 'F-1' }, t.as(admin));
    const award = async (merchantId: string, amountFen: number, reference: string) => {
      const res = await post(
        `/merchants/${merchantId}/compensations`,
        { amountFen, reason: '假一赔十', reference },
        t.as(admin),
      );
      return res.json<{ claimId: string }>().claimId;
    };
    claimId = await award(tenant.merchantId, 30_000, 'CMP-1');
    t.clock.advance(1_000);
    otherMerchantClaimId = await award(tenant.otherMerchantId, 5_000, 'CMP-2');
  });
  afterAll(() => t.close());

  const post = (url: string, payload: unknown, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });
  const get = (url: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
  const writeOff = (body: unknown, headers = t.as(supervisor), id = claimId) =>
    post(`/recovery-claims/${id}/write-off`, body, headers);

  it('needs credentials (401)', async () => {
    expect(problem(await get('/recovery-claims', {})).code).toBe('UNAUTHENTICATED');
    const res = await writeOff({ reason: 'x' }, {});
    expect(res.statusCode).toBe(401);
  });

  it("answers 404 for another tenant's claim, and for another merchant's claim to a merchant", async () => {
    const other = await t.tenant();
    const otherSupervisor = await t.login(other, 'supervisor');
    const off = await writeOff({ reason: 'x' }, t.as(otherSupervisor));
    expect([off.statusCode, problem(off).code]).toEqual([404, 'NOT_FOUND']);
    expect((await get(`/recovery-claims/${claimId}`, t.as(otherSupervisor))).statusCode).toBe(404);
    expect((await get('/recovery-claims', t.as(otherSupervisor))).json()).toEqual({
      items: [],
      nextCursor: null,
    });
    const merchant = await t.login(tenant, 'merchant');
    expect((await get(`/recovery-claims/${otherMerchantClaimId}`, t.as(merchant))).statusCode).toBe(404);
    expect((await get(`/recovery-claims/${claimId}`, t.as(merchant))).statusCode).toBe(200);
    const own = (await get('/recovery-claims', t.as(merchant))).json<{ items: Claim[] }>();
    expect(own.items.map((c) => c.id)).toEqual([claimId]);
    const theirs = await get(`/recovery-claims?merchantId=${tenant.otherMerchantId}`, t.as(merchant));
    expect(theirs.statusCode).toBe(404);
  });

  it('refuses a write-off without a reason or with a bad amount (400 with the fields), and by an admin (403)', async () => {
    const bad = await writeOff({ amountFen: 0 });
    expect(bad.statusCode).toBe(400);
    expect(
      problem(bad)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['amountFen', 'reason']);
    expect(problem(await writeOff({ amountFen: '12.5', reason: 'x' })).errors?.[0]?.path).toBe('amountFen');
    expect((await writeOff({ reason: 'x' }, t.as(admin))).statusCode).toBe(403);
  });

  it('refuses to write off more than is still owed (422 EXCEEDS_OWED with the owed amount)', async () => {
    const res = await writeOff({ amountFen: 30_001, reason: '商家失联' });
    expect(res.statusCode).toBe(422);
    expect(problem(res)).toMatchObject({ code: 'UNPROCESSABLE', reason: 'EXCEEDS_OWED', owedFen: '30000' });
  });

  it('writes off part of a claim (it stays open with the rest owed), then the rest (it closes)', async () => {
    const fundBefore = (await get('/guarantee-fund', t.as(supervisor))).json<{ balanceFen: string }>();
    const part = await writeOff(
      { amountFen: 12_000, reason: '部分无法追回' },
      t.as(supervisor, { 'idempotency-key': 'wo-1' }),
    );
    expect(part.statusCode).toBe(200);
    expect(part.json()).toMatchObject({
      status: 'open',
      writtenOffFen: '12000',
      owedFen: '18000',
      writeOff: { kind: 'written_off', amountFen: '12000', reason: '部分无法追回' },
    });
    // A retried request under the same Idempotency-Key is answered from the first, writing off nothing more.
    const retry = await writeOff(
      { amountFen: 12_000, reason: '部分无法追回' },
      t.as(supervisor, { 'idempotency-key': 'wo-1' }),
    );
    expect(retry.json()).toEqual(part.json());
    expect((await writeOff({ amountFen: 18_001, reason: 'x' })).statusCode).toBe(422);

    t.clock.advance(60_000);
    const rest = await writeOff({ reason: '商家已注销，无可执行财产' });
    expect(rest.json()).toMatchObject({
      status: 'written_off',
      writtenOffFen: '30000',
      owedFen: '0',
      writeOff: { amountFen: '18000' },
    });
    expect((await writeOff({ reason: 'again' })).statusCode).toBe(409);

    const fund = (await get('/guarantee-fund', t.as(supervisor))).json<{ balanceFen: string }>();
    expect(BigInt(fundBefore.balanceFen) - BigInt(fund.balanceFen)).toBe(30_000n);
    const entries = await t.db
      .select({ key: journalEntries.idempotencyKey })
      .from(journalEntries)
      .where(and(eq(journalEntries.tenantId, tenant.id), eq(journalEntries.kind, 'write_off')));
    expect(entries.map((e) => e.key).sort()).toEqual([
      `write-off:${claimId}:12000`,
      `write-off:${claimId}:30000`,
    ]);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, claimId));
    expect(audit.map((a) => [a.action, (a.summary as { writtenOffFen: string }).writtenOffFen])).toEqual([
      ['recovery_claim.written_off', '12000'],
      ['recovery_claim.written_off', '18000'],
    ]);
    expect((await verifyLedger(t.db)).problems).toEqual([]);

    const detail = (await get(`/recovery-claims/${claimId}`, t.as(supervisor))).json<{
      compensation: { amountFen: string; fromFundFen: string };
      history: { kind: string; amountFen: string; actorName: string | null }[];
    }>();
    expect(detail.compensation).toMatchObject({ amountFen: '30000', fromFundFen: '30000' });
    expect(detail.history.map((h) => [h.kind, h.amountFen])).toEqual([
      ['written_off', '12000'],
      ['written_off', '18000'],
    ]);
    expect(detail.history[0]?.actorName).toBeTruthy();
  });

  it('lists claims newest first, a page at a time, filtered by status or merchant', async () => {
    const first = await get('/recovery-claims?limit=1', t.as(supervisor));
    const page1 = first.json<{ items: (Claim & { merchantName: string })[]; nextCursor: string }>();
    expect(page1.items.map((c) => c.id)).toEqual([otherMerchantClaimId]);
    expect(page1.items[0]?.merchantName).toBeTruthy();
    const page2 = (await get(`/recovery-claims?limit=1&cursor=${page1.nextCursor}`, t.as(supervisor))).json<{
      items: Claim[];
      nextCursor: string | null;
    }>();
    expect([page2.items.map((c) => c.id), page2.nextCursor]).toEqual([[claimId], null]);
    const open = (await get('/recovery-claims?status=open', t.as(supervisor))).json<{ items: Claim[] }>();
    expect(open.items.map((c) => c.id)).toEqual([otherMerchantClaimId]);
    const mine = (await get(`/recovery-claims?merchantId=${tenant.merchantId}`, t.as(supervisor))).json<{
      items: Claim[];
    }>();
    expect(mine.items.map((c) => [c.id, c.status, c.writtenOffFen])).toEqual([
      [claimId, 'written_off', '30000'],
    ]);
    expect((await get('/recovery-claims?status=nope', t.as(supervisor))).statusCode).toBe(400);
  });
});
