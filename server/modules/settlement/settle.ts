import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { appendAudit, transact } from '../audit/index.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { deadlineEnd, shanghaiDateOf, type WorkCalendar } from '../calendar/index.js';
import { ledgerAccounts, postEntry } from '../ledger/index.js';
import { events, orders } from '../orders/orders.table.js';
import { tenants } from '../tenants/tenants.table.js';
import { transfer } from './collect.js';
import { merchantHolds, type MoneyContext } from './holds.js';
import { instructPayout } from './payouts.js';
import {
  eventSettlementDue,
  maturedThrough,
  payableNow,
  settlementSettings,
  summarizeHolds,
} from './settlement-rules.js';
import { eventSettlements, settlementHolds } from './settlement.table.js';

type Calendars = { forTenant(tenantId: string | null): Promise<WorkCalendar> };

/** A ledger account's balance read inside a transaction (0 if never posted). */
export async function balance(tx: Db, tenantId: string, code: string): Promise<bigint> {
  const [a] = await tx
    .select({ b: ledgerAccounts.balanceFen })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.tenantId, tenantId), eq(ledgerAccounts.code, code)));
  return a?.b ?? 0n;
}

/**
 * What may be paid out to a merchant now: its pending settlement (a credit balance) minus non-ticket money
 * paid too recently to have matured (tenant setting, default 7 working days), minus holds; nothing while
 * frozen.
 */
export async function merchantPayable(
  tx: Db,
  tenantId: string,
  merchantId: string,
  now: Date,
  calendar: WorkCalendar,
) {
  const [tenant] = await tx
    .select({ settings: tenants.settings })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  const { merchantMaturityWorkingDays } = settlementSettings(tenant?.settings.settlement);
  const through = maturedThrough(now, merchantMaturityWorkingDays, calendar);
  const [immature] = await tx
    .select({ fen: sql<string>`coalesce(sum(${orders.totalFen} - ${orders.refundedFen}), 0)::text` })
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, tenantId),
        eq(orders.merchantId, merchantId),
        isNull(orders.eventId),
        gt(orders.paidAt, deadlineEnd(through)),
      ),
    );
  const pendingFen = -(await balance(tx, tenantId, `merchant_pending:${merchantId}`));
  const holds = await merchantHolds(tx, tenantId, merchantId);
  const immatureFen = BigInt(immature?.fen ?? '0');
  return { pendingFen, immatureFen, holds, payableFen: payableNow({ pendingFen, immatureFen, holds }) };
}

// Ticket escrow is not settled for an event that did not take place: its money goes back to the buyers.
const NOT_HELD = ['cancelled', 'stopped'];

/**
 * Settles every event whose escrow is due (seed 000 §(三)1): the escrow minus the event's holds moves to the
 * organizer's pending settlement and a payout is instructed for what the merchant may be paid now. Each
 * settlement runs in its own transaction on its row, claimed with FOR UPDATE SKIP LOCKED; the row's status and
 * the ledger key `settle-event:<event>` make it happen once across processes and re-runs. Cancelled or stopped
 * events are skipped (mass refunds take the escrow); postponed ones wait.
 */
export async function settleDueEvents(
  db: Db,
  opts: { now: () => Date; calendars: Calendars; limit?: number },
): Promise<number> {
  const now = opts.now();
  // Three working days are at least three calendar days: a cheap filter before the calendar decides.
  const candidates = await queryRows<{ id: string; tenant_id: string }>(
    db,
    sql`select s.id, s.tenant_id from event_settlements s join events e on e.id = s.event_id
         where s.status = 'scheduled' and e.ends_at < ${new Date(now.getTime() - 3 * 86_400_000)}
         order by e.ends_at limit ${opts.limit ?? 200}`,
  );
  let settled = 0;
  for (const c of candidates) {
    const calendar = await opts.calendars.forTenant(c.tenant_id);
    const done = await transact(db, async (tx) => {
      const [s] = await tx
        .select()
        .from(eventSettlements)
        .where(and(eq(eventSettlements.id, c.id), eq(eventSettlements.status, 'scheduled')))
        .for('update', { skipLocked: true });
      if (!s) return false;
      const [event] = await tx.select().from(events).where(eq(events.id, s.eventId));
      if (!event || event.status === 'postponed') return false;
      const ctx = { tenantId: s.tenantId, actor: SYSTEM_ACTOR, now };
      if (NOT_HELD.includes(event.status)) {
        await tx
          .update(eventSettlements)
          .set({ status: 'skipped', updatedAt: now })
          .where(eq(eventSettlements.id, s.id));
        await auditSettlement(tx, s.id, 'settlement.event_skipped', ctx, {
          eventId: s.eventId,
          status: event.status,
        });
        return false;
      }
      const due = eventSettlementDue(event.endsAt, calendar);
      if (now <= due.at) {
        await tx.update(eventSettlements).set({ dueAt: due.at }).where(eq(eventSettlements.id, s.id));
        return false;
      }
      await settleEvent(tx, s, due.at, calendar, ctx);
      return true;
    });
    if (done) settled += 1;
  }
  return settled;
}

async function settleEvent(
  tx: Db,
  s: typeof eventSettlements.$inferSelect,
  dueAt: Date,
  calendar: WorkCalendar,
  ctx: MoneyContext,
) {
  const escrowAccount = `ticket_escrow:${s.eventId}`;
  const escrowFen = -(await balance(tx, s.tenantId, escrowAccount));
  const eventHolds = await tx
    .select({ amountFen: settlementHolds.amountFen })
    .from(settlementHolds)
    .where(
      and(
        eq(settlementHolds.tenantId, s.tenantId),
        eq(settlementHolds.eventId, s.eventId),
        eq(settlementHolds.status, 'active'),
      ),
    );
  const h = summarizeHolds(eventHolds);
  // An event's hold without an amount keeps its whole escrow.
  const heldFen = h.frozen ? escrowFen : h.heldFen < escrowFen ? h.heldFen : escrowFen;
  const releaseFen = escrowFen - heldFen;
  let entryId: string | null = null;
  if (releaseFen > 0n) {
    const { entry } = await postEntry(
      tx,
      {
        tenantId: s.tenantId,
        idempotencyKey: `settle-event:${s.eventId}`,
        kind: 'event_settlement',
        lines: transfer(escrowAccount, `merchant_pending:${s.merchantId}`, releaseFen),
        memo: 'ticket escrow settled 3 working days after the event',
        actor: ctx.actor,
      },
      ctx.now,
    );
    entryId = entry.id;
  }
  const { payableFen } = await merchantPayable(tx, s.tenantId, s.merchantId, ctx.now, calendar);
  const payout = await instructPayout(
    tx,
    {
      merchantId: s.merchantId,
      reason: 'event_settlement',
      sourceId: s.eventId,
      amountFen: payableFen < releaseFen ? payableFen : releaseFen,
      key: `event:${s.eventId}`,
    },
    ctx,
  );
  await tx
    .update(eventSettlements)
    .set({
      status: 'settled',
      dueAt,
      escrowFen,
      heldFen,
      settledFen: releaseFen,
      entryId,
      payoutId: payout?.id ?? null,
      settledAt: ctx.now,
      updatedAt: ctx.now,
    })
    .where(eq(eventSettlements.id, s.id));
  await auditSettlement(tx, s.id, 'settlement.event_settled', ctx, {
    eventId: s.eventId,
    merchantId: s.merchantId,
    escrowFen,
    heldFen,
    settledFen: releaseFen,
    payoutFen: payout?.amountFen ?? 0n,
  });
}

function auditSettlement(
  tx: Db,
  id: string,
  action: string,
  ctx: MoneyContext,
  summary: Record<string, unknown>,
) {
  return appendAudit(
    tx,
    { tenantId: ctx.tenantId, actor: ctx.actor, action, target: { type: 'event_settlement', id }, summary },
    ctx.now,
  );
}

/**
 * The merchant settlement cycle: once per Shanghai day, each merchant with money in its pending settlement is
 * paid what has matured and is not held (payout key `cycle:<merchant>:<day>`, so concurrent schedulers and
 * re-runs pay a merchant at most once a day).
 */
export async function payMerchantsDue(
  db: Db,
  opts: { now: () => Date; calendars: Calendars; limit?: number },
): Promise<number> {
  const now = opts.now();
  const accounts = await db
    .select({ tenantId: ledgerAccounts.tenantId, code: ledgerAccounts.code })
    .from(ledgerAccounts)
    .where(and(sql`${ledgerAccounts.code} like 'merchant_pending:%'`, lt(ledgerAccounts.balanceFen, 0n)))
    .limit(opts.limit ?? 1_000);
  let paid = 0;
  for (const a of accounts) {
    const merchantId = a.code.slice('merchant_pending:'.length);
    const calendar = await opts.calendars.forTenant(a.tenantId);
    const day = shanghaiDateOf(now);
    const p = await transact(db, async (tx) => {
      const { payableFen } = await merchantPayable(tx, a.tenantId, merchantId, now, calendar);
      return instructPayout(
        tx,
        {
          merchantId,
          reason: 'merchant_cycle',
          sourceId: day,
          amountFen: payableFen,
          key: `cycle:${merchantId}:${day}`,
        },
        { tenantId: a.tenantId, actor: SYSTEM_ACTOR, now },
      );
    });
    if (p) paid += 1;
  }
  return paid;
}
