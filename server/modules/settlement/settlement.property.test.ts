import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../../db/client.js';
import { createTestDatabase, testDbKinds } from '../../test/db.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { CalendarService } from '../calendar/calendar-service.js';
import { verifyLedger } from '../ledger/index.js';
import { PiiCrypto } from '../privacy/pii-crypto.js';
import { transact } from '../audit/index.js';
import { orders as ordersTable } from '../orders/orders.table.js';
import { executeOutcome } from '../refunds/execute-outcome.js';
import { compensate, topUpDeposit, topUpFund, withdrawDeposit } from './deposits.js';
import { writeOffClaim } from './write-off-claim.js';
import { applyPayoutObservation } from './payouts.js';
import { distributeRecovered, openRecovery } from './recovery.js';
import { balance, payMerchantsDue, settleDueEvents } from './settle.js';
import { payouts, recoveryClaims } from './settlement.table.js';
import { tenantWithEvent } from './test-support.js';

const pii = new PiiCrypto([{ id: 't1', key: randomBytes(32) }]);
const START = new Date('2026-11-20T02:00:00Z');
const fen = fc.integer({ min: 1, max: 60_000 });

const op = fc.oneof(
  fc.record({ t: fc.constant('pay' as const), ticket: fc.boolean(), fen }),
  fc.record({ t: fc.constant('refund' as const), order: fc.nat(), fen }),
  {
    arbitrary: fc.record({ t: fc.constant('settle' as const), days: fc.integer({ min: 1, max: 6 }) }),
    weight: 2,
  },
  { arbitrary: fc.record({ t: fc.constant('payout_result' as const), ok: fc.boolean() }), weight: 2 },
  fc.record({ t: fc.constant('top_up' as const), fund: fc.boolean(), fen }),
  fc.record({ t: fc.constant('deduct' as const), fen }),
  fc.record({ t: fc.constant('decide' as const), order: fc.nat(), fen, compensation: fc.boolean() }),
  fc.record({ t: fc.constant('withdraw' as const), fen }),
  // Part of what is owed (possibly more than is owed: refused), or all of it.
  fc.record({ t: fc.constant('write_off' as const), fen: fc.option(fen) }),
  fc.record({
    t: fc.constant('recover' as const),
    pending: fc.nat(),
    deposit: fc.nat(),
    costs: fc.nat({ max: 5_000 }),
  }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

// Refusals the flows may give for a step the sequence made impossible: nothing may have changed then.
const REFUSALS = ['UNPROCESSABLE', 'VALIDATION_FAILED', 'CONFLICT'];

describe.each(testDbKinds)('settlement invariants over random sequences on %s', (kind) => {
  let database: Database;
  let calendars: CalendarService;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    calendars = new CalendarService(database.db);
  });
  afterAll(() => database.close());

  it('postings sum to zero, no balance goes where it must not, nothing is refunded beyond what was paid', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 24 }), async (ops: Op[]) => {
        const db = database.db;
        const { tenant, order } = await tenantWithEvent(db, pii, START);
        let now = START;
        const orders: {
          externalId: string;
          fen: number;
          ticket: boolean;
          refunded: number;
          paidAt: string;
        }[] = [];
        for (const [i, o] of ops.entries()) {
          const ctx = { tenantId: tenant.id, actor: SYSTEM_ACTOR, now };
          try {
            switch (o.t) {
              case 'pay': {
                const externalId = `O-${i}`;
                const paidAt = now.toISOString();
                await order(externalId, o.fen, { ticket: o.ticket, paidAt });
                orders.push({ externalId, fen: o.fen, ticket: o.ticket, refunded: 0, paidAt });
                break;
              }
              case 'refund': {
                const target = orders[o.order % Math.max(orders.length, 1)];
                if (!target) break;
                const refunded = target.refunded + o.fen;
                await order(target.externalId, target.fen, {
                  ticket: target.ticket,
                  refundedFen: refunded,
                  paidAt: target.paidAt,
                });
                target.refunded = refunded;
                break;
              }
              case 'settle':
                now = new Date(now.getTime() + o.days * 86_400_000);
                await settleDueEvents(db, { now: () => now, calendars });
                await payMerchantsDue(db, { now: () => now, calendars });
                break;
              case 'payout_result': {
                const [p] = await db
                  .select()
                  .from(payouts)
                  .where(and(eq(payouts.tenantId, tenant.id), inArray(payouts.status, ['pending', 'sent'])))
                  .orderBy(asc(payouts.createdAt))
                  .limit(1);
                if (!p) break;
                const observation = o.ok
                  ? { type: 'succeeded' as const }
                  : { type: 'failed' as const, failureCode: 'ACCOUNT_CLOSED' };
                await applyPayoutObservation(db, tenant.id, p.idempotencyKey, { observation }, now);
                break;
              }
              case 'top_up':
                if (o.fund) await topUpFund(db, ctx, { amountFen: BigInt(o.fen), reference: `F-${i}` });
                else
                  await topUpDeposit(db, ctx, {
                    merchantId: tenant.merchantId,
                    amountFen: BigInt(o.fen),
                    reference: `D-${i}`,
                  });
                break;
              case 'deduct':
                await compensate(db, ctx, {
                  merchantId: tenant.merchantId,
                  amountFen: BigInt(o.fen),
                  reason: 'award',
                  reference: `C-${i}`,
                });
                break;
              case 'decide': {
                // A case decision refunding the consumer, paid by the merchant (the order's money, then
                // drawn on the merchant like any shortfall).
                const target = orders[o.order % Math.max(orders.length, 1)];
                if (!target) break;
                const [row] = await db
                  .select()
                  .from(ordersTable)
                  .where(
                    and(eq(ordersTable.tenantId, tenant.id), eq(ordersTable.externalId, target.externalId)),
                  );
                const caseId = `case_${i}`;
                await transact(db, (tx) =>
                  executeOutcome(
                    tx,
                    { id: caseId, tenantId: tenant.id, number: `AC-${i}`, orderId: row!.id },
                    [
                      {
                        // Compensation beyond what the order can still refund is split: a transfer for the rest.
                        type: o.compensation ? 'compensation' : 'partial_refund',
                        amountFen: BigInt(o.fen),
                        payer: 'respondent',
                      },
                    ],
                    { now, actor: SYSTEM_ACTOR },
                  ),
                );
                break;
              }
              case 'withdraw':
                await withdrawDeposit(db, ctx, {
                  merchantId: tenant.merchantId,
                  amountFen: BigInt(o.fen),
                  reference: `W-${i}`,
                });
                break;
              case 'write_off': {
                const [claim] = await db
                  .select()
                  .from(recoveryClaims)
                  .where(and(eq(recoveryClaims.tenantId, tenant.id), eq(recoveryClaims.status, 'open')))
                  .orderBy(asc(recoveryClaims.createdAt))
                  .limit(1);
                if (claim)
                  await writeOffClaim(db, ctx, {
                    claimId: claim.id,
                    reason: 'unrecoverable',
                    amountFen: o.fen === null ? undefined : BigInt(o.fen),
                  });
                break;
              }
              case 'recover': {
                const m = tenant.merchantId;
                const pending = -(await balance(db, tenant.id, `merchant_pending:${m}`));
                const deposit = -(await balance(db, tenant.id, `merchant_deposit:${m}`));
                const r = await openRecovery(db, ctx, await calendars.forTenant(tenant.id), {
                  merchantId: m,
                  trigger: 'refused',
                  note: 'refused',
                  claimants: [],
                });
                await distributeRecovered(db, ctx, r.id, {
                  fromPendingFen: pending > 0n ? BigInt(o.pending) % (pending + 1n) : 0n,
                  fromDepositFen: deposit > 0n ? BigInt(o.deposit) % (deposit + 1n) : 0n,
                  externalFen: 1n,
                  costsFen: BigInt(o.costs),
                });
                break;
              }
            }
          } catch (e) {
            if (!REFUSALS.includes((e as { code?: string }).code ?? '')) throw e;
          }
        }
        const v = await verifyLedger(db);
        expect(v.problems).toEqual([]);
        // Per order: refunds posted (from the holding account, or drawn on the merchant after its payout) never
        // exceed the payment posted.
        const perOrder = await queryRows<{ order_id: string; paid: string; refunded: string }>(
          db,
          sql`select e.order_id,
                     coalesce(sum(case when e.kind = 'collection' then p.amount_fen end), 0)::text as paid,
                     coalesce(-sum(case when e.kind in ('order_refund', 'compensation') then p.amount_fen end), 0)::text as refunded
                from journal_entries e join postings p on p.entry_id = e.id
                join ledger_accounts a on a.id = p.account_id and a.code = 'provider_clearing'
               where e.tenant_id = ${tenant.id} and e.order_id is not null
               group by e.order_id`,
        );
        for (const row of perOrder) expect(BigInt(row.refunded)).toBeLessThanOrEqual(BigInt(row.paid));
        // …nor the refunds decided on cases (instructions not failed; the marketplace's own later refunds are
        // its provider's to refuse).
        const overRefunded = await queryRows<{ id: string }>(
          db,
          sql`select o.id from orders o
               where o.tenant_id = ${tenant.id}
                 and (select coalesce(sum(i.amount_fen), 0) from refund_instructions i
                       where i.order_id = o.id and i.kind = 'refund' and i.status <> 'failed') > o.total_fen`,
        );
        expect(overRefunded).toEqual([]);
        // A respondent's shortfall is drawn on it (deposit, fund advance + claim), never on platform advances.
        const advanced = await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from journal_entries e join postings p on p.entry_id = e.id
                join ledger_accounts a on a.id = p.account_id and a.code = 'platform_advances'
               where e.tenant_id = ${tenant.id} and e.kind = 'refund.payable'`,
        );
        expect(advanced[0]!.n).toBe(0);
        // Each event settles at most once.
        const settles = await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from journal_entries where tenant_id = ${tenant.id} and kind = 'event_settlement'`,
        );
        expect(settles[0]!.n).toBeLessThanOrEqual(1);
        // Open recovery claims are what the ledger says the merchants owe (written-off ones owe nothing).
        const [claims] = await queryRows<{ fen: string; owed: string }>(
          db,
          sql`select (select coalesce(sum(amount_fen - recovered_fen - written_off_fen), 0) from recovery_claims
                       where tenant_id = ${tenant.id} and status = 'open')::text as fen,
                     (select coalesce(sum(balance_fen), 0) from ledger_accounts
                       where tenant_id = ${tenant.id} and code like 'merchant_recovery:%')::text as owed`,
        );
        expect(claims!.fen).toBe(claims!.owed);
        // Deposit withdrawals (not failed) never exceed what was paid into the deposit.
        const [deposit] = await queryRows<{ paid_in: string; out: string }>(
          db,
          sql`select (select coalesce(sum(-p.amount_fen), 0) from journal_entries e
                        join postings p on p.entry_id = e.id
                        join ledger_accounts a on a.id = p.account_id and a.code like 'merchant_deposit:%'
                       where e.tenant_id = ${tenant.id} and e.kind = 'deposit_top_up')::text as paid_in,
                     (select coalesce(sum(amount_fen), 0) from payouts
                       where tenant_id = ${tenant.id} and reason = 'deposit_withdrawal'
                         and status <> 'failed')::text as out`,
        );
        expect(BigInt(deposit!.out)).toBeLessThanOrEqual(BigInt(deposit!.paid_in));
      }),
      {
        numRuns: kind === 'pglite' ? 12 : 8,
        // One hand-written sequence through every flow, besides the random ones.
        examples: [
          [
            [
              { t: 'pay', ticket: true, fen: 50_000 },
              { t: 'pay', ticket: false, fen: 30_000 },
              { t: 'refund', order: 0, fen: 10_000 },
              { t: 'top_up', fund: false, fen: 20_000 },
              { t: 'top_up', fund: true, fen: 50_000 },
              // ¥400 compensation on the ¥300 shop order: ¥300 refunded, ¥100 transferred from the deposit.
              { t: 'decide', order: 1, fen: 40_000, compensation: true },
              { t: 'deduct', fen: 30_000 },
              { t: 'settle', days: 6 },
              { t: 'payout_result', ok: false },
              { t: 'settle', days: 1 },
              { t: 'payout_result', ok: true },
              { t: 'recover', pending: 5_000, deposit: 0, costs: 1_000 },
              // The organizer was paid out: a ticket refund now is advanced by the fund, with a claim.
              { t: 'refund', order: 0, fen: 5_000 },
              // …and so is a refund a case decided.
              { t: 'decide', order: 0, fen: 8_000, compensation: false },
              { t: 'write_off', fen: 1_000 },
              { t: 'write_off', fen: null },
              { t: 'top_up', fund: false, fen: 10_000 },
              { t: 'withdraw', fen: 4_000 },
              { t: 'payout_result', ok: false },
            ],
          ],
        ],
      },
    );
    // The sequences reached every flow, not only refusals.
    const kinds = await queryRows<{ kind: string }>(
      database.db,
      sql`select distinct kind from journal_entries`,
    );
    expect(kinds.map((k) => k.kind)).toEqual(
      expect.arrayContaining([
        'collection',
        'order_refund',
        'event_settlement',
        'payout',
        'payout_reversal',
        'compensation',
        'recovery_distribution',
        'write_off',
      ]),
    );
    // …including a refund drawn on the merchant after its payout (reported, and decided on a case), and a
    // deposit withdrawal.
    const [reached] = await queryRows<{ post_payout: number; decided: number; withdrawals: number }>(
      database.db,
      sql`select (select count(*) from journal_entries where kind = 'compensation' and order_id is not null)::int as post_payout,
                 (select count(*) from journal_entries where kind = 'compensation' and case_id is not null)::int as decided,
                 (select count(*) from payouts where reason = 'deposit_withdrawal')::int as withdrawals`,
    );
    expect(reached!.post_payout).toBeGreaterThan(0);
    expect(reached!.decided).toBeGreaterThan(0);
    const [transfers] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from refund_instructions where kind = 'transfer'`,
    );
    expect(transfers!.n).toBeGreaterThan(0);
    expect(reached!.withdrawals).toBeGreaterThan(0);
  }, 300_000);
});
