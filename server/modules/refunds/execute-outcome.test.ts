import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { createTestDatabase, testDbKinds } from '../../test/db.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { transact } from '../audit/index.js';
import { CalendarService } from '../calendar/calendar-service.js';
import { verifyLedger } from '../ledger/index.js';
import { PiiCrypto } from '../privacy/pii-crypto.js';
import { topUpDeposit, topUpFund } from '../settlement/deposits.js';
import { payMerchantsDue } from '../settlement/settle.js';
import { compensations, recoveryClaims } from '../settlement/settlement.table.js';
import { balanceOf, tenantWithEvent } from '../settlement/test-support.js';
import { newId } from '../../lib/ids.js';
import { loadCaseMoney } from './case-money.js';
import { executeOutcome, type OutcomeRemedy } from './execute-outcome.js';

const NOW = new Date('2026-11-20T02:00:00Z');
const pii = new PiiCrypto([{ id: 't1', key: randomBytes(32) }]);

describe.each(testDbKinds)('executing a decision whose merchant is short on %s', (kind) => {
  let database: Database;
  let calendars: CalendarService;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    calendars = new CalendarService(database.db);
  });
  afterAll(() => database.close());
  const db = () => database.db;

  /** A shop (merchant m1) paid out for an order of `fen`: its pending settlement is empty. */
  async function paidOutOrder(fen: number) {
    const t = await tenantWithEvent(db(), pii, NOW);
    const { order } = await t.order(`S-${randomBytes(3).toString('hex')}`, fen, {
      ticket: false,
      paidAt: '2026-11-09T12:00:00+08:00',
    });
    await payMerchantsDue(db(), { now: () => NOW, calendars });
    expect(await balanceOf(db(), t.tenant.id, `merchant_pending:${t.tenant.merchantId}`)).toBe(0n);
    return { ...t, orderRow: order };
  }

  const decide = (t: Awaited<ReturnType<typeof paidOutOrder>>, caseId: string, remedies: OutcomeRemedy[]) =>
    transact(db(), (tx) =>
      executeOutcome(
        tx,
        { id: caseId, tenantId: t.tenant.id, number: `AC-${caseId}`, orderId: t.orderRow.id },
        remedies,
        { now: NOW, actor: SYSTEM_ACTOR },
      ),
    );

  it('draws the deposit, has the fund advance the rest and opens a recovery claim; once', async () => {
    const t = await paidOutOrder(30_000);
    const m = t.tenant.merchantId;
    await topUpDeposit(db(), t.ctx, { merchantId: m, amountFen: 10_000n, reference: 'D-1' });
    await topUpFund(db(), t.ctx, { amountFen: 100_000n, reference: 'F-1' });
    const caseId = newId('case');
    const remedy: OutcomeRemedy = { type: 'full_refund', amountFen: 30_000n, payer: 'respondent' };
    const [ins] = await decide(t, caseId, [remedy]);
    expect(ins).toMatchObject({
      status: 'pending',
      amountFen: 30_000n,
      fundedFrom: `merchant_deposit:${m}`,
    });
    const bal = (code: string) => balanceOf(db(), t.tenant.id, code);
    expect(await bal(`merchant_deposit:${m}`)).toBe(0n);
    expect(await bal(`merchant_recovery:${m}`)).toBe(20_000n);
    expect(await bal('consumer_refunds_payable')).toBe(-30_000n);
    // Nothing is left unexplained on the platform's own advances.
    expect(await bal('platform_advances')).toBe(0n);
    const claims = await db()
      .select()
      .from(recoveryClaims)
      .where(and(eq(recoveryClaims.tenantId, t.tenant.id), eq(recoveryClaims.caseId, caseId)));
    expect(claims).toMatchObject([{ merchantId: m, amountFen: 20_000n, status: 'open' }]);

    // Re-running the execution returns the first result and draws nothing again.
    expect((await decide(t, caseId, [remedy])).map((i) => i.id)).toEqual([ins!.id]);
    const draws = await db()
      .select()
      .from(compensations)
      .where(and(eq(compensations.tenantId, t.tenant.id), eq(compensations.caseId, caseId)));
    expect(draws).toMatchObject([{ amountFen: 30_000n, fromDepositFen: 10_000n, fromFundFen: 20_000n }]);
    expect(await bal(`merchant_recovery:${m}`)).toBe(20_000n);

    // The parties see the draw and the claim on the case.
    const money = await loadCaseMoney(db(), { tenantId: t.tenant.id, id: caseId }, 'party');
    expect(money.charges).toMatchObject([
      {
        amountFen: '30000',
        fromDepositFen: '10000',
        fromFundFen: '20000',
        claim: { status: 'open', recoveredFen: '0' },
      },
    ]);
    expect(money.charges[0]!.label.zh).toContain('消费者保障基金先行垫付');
    expect((await verifyLedger(db())).problems).toEqual([]);
  });

  it('takes what the pending settlement still holds before drawing on the deposit', async () => {
    const t = await paidOutOrder(30_000);
    const m = t.tenant.merchantId;
    // A recent order, not yet matured: 4,000 wait in the pending settlement.
    await t.order('S-recent', 4_000, { ticket: false, paidAt: '2026-11-19T12:00:00+08:00' });
    await topUpDeposit(db(), t.ctx, { merchantId: m, amountFen: 50_000n, reference: 'D-2' });
    const caseId = newId('case');
    const [ins] = await decide(t, caseId, [
      { type: 'partial_refund', amountFen: 10_000n, payer: 'respondent' },
    ]);
    expect(ins).toMatchObject({ status: 'pending', fundedFrom: `merchant_deposit:${m}` });
    expect(await balanceOf(db(), t.tenant.id, `merchant_pending:${m}`)).toBe(0n);
    expect(await balanceOf(db(), t.tenant.id, `merchant_deposit:${m}`)).toBe(-44_000n);
    expect(await balanceOf(db(), t.tenant.id, `merchant_recovery:${m}`)).toBe(0n);
    expect((await verifyLedger(db())).problems).toEqual([]);
  });

  it('refuses with FUND_SHORT and creates nothing when even the fund cannot cover the shortfall', async () => {
    const t = await paidOutOrder(30_000);
    const caseId = newId('case');
    await expect(
      decide(t, caseId, [{ type: 'full_refund', amountFen: 30_000n, payer: 'respondent' }]),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE', extra: { reason: 'FUND_SHORT' } });
    const money = await loadCaseMoney(db(), { tenantId: t.tenant.id, id: caseId }, 'staff');
    expect(money.refunds).toEqual([]);
    expect(money.ledger).toEqual([]);
  });
});
