/**
 * Test helpers for the settlement module: a tenant with an organizer's event and orders, written through the
 * real order and event upserts, and ledger balances by account code. Used only by tests.
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { ledgerAccounts } from '../ledger/index.js';
import { UpsertEventBodySchema, UpsertOrderBodySchema } from '../orders/orders.schemas.js';
import { upsertEvent } from '../orders/upsert-event.js';
import { upsertOrder } from '../orders/upsert-order.js';
import type { PiiCrypto } from '../privacy/pii-crypto.js';
import { buildTenant, type TestTenant } from '../../test/factories.js';
import { startSimProvider } from '../../../tools/sim-payment-provider/index.js';
import { HttpPaymentProvider } from '../payments/index.js';

/** A ledger account's balance (debit positive), 0 when the account was never posted. */
export async function balanceOf(db: Db, tenantId: string, code: string): Promise<bigint> {
  const [a] = await db
    .select({ b: ledgerAccounts.balanceFen })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.tenantId, tenantId), eq(ledgerAccounts.code, code)));
  return a?.b ?? 0n;
}

/** A tenant whose second merchant (`m2`, an organizer) runs one event ending `endsAt`. */
export async function tenantWithEvent(
  db: Db,
  pii: PiiCrypto,
  now: Date,
  endsAt = '2026-11-21T22:00:00+08:00',
) {
  const tenant: TestTenant = await buildTenant(db, pii, now);
  const ctx = { tenantId: tenant.id, actor: SYSTEM_ACTOR, now };
  const { event } = await upsertEvent(
    db,
    ctx,
    UpsertEventBodySchema.parse({
      externalId: `E-${randomBytes(3).toString('hex')}`,
      organizerExternalId: 'm2',
      title: '演唱会',
      startsAt: '2026-11-21T19:30:00+08:00',
      endsAt,
      refundWindowDays: 7,
    }),
  );
  /** Records a paid order of `fen` (a ticket for the event, or a shop order of merchant m1). */
  const order = (
    externalId: string,
    fen: number,
    opts: { ticket?: boolean; refundedFen?: number; paidAt?: string } = {},
  ) =>
    upsertOrder(
      db,
      ctx,
      UpsertOrderBodySchema.parse({
        externalId,
        buyerExternalId: `buyer-${tenant.slug}`,
        merchantExternalId: opts.ticket === false ? 'm1' : 'm2',
        ...(opts.ticket === false ? {} : { eventExternalId: event.externalId }),
        scenario: opts.ticket === false ? 'ecommerce' : 'tickets',
        category: opts.ticket === false ? 'electronics' : 'concert',
        title: '票',
        items: [{ sku: 'T', title: '票', quantity: 1, unitPriceFen: fen }],
        goodsFen: fen,
        refundedFen: opts.refundedFen ?? 0,
        paidAt: opts.paidAt ?? '2026-11-10T10:00:00+08:00',
      }),
    );
  return { tenant, event, order, ctx };
}

/** The simulated provider in-process (quick: no latency, settles in 5 ms) and a client for it. */
export async function testProvider(seed: number) {
  const sim = await startSimProvider({
    secret: 'sim-secret',
    apiKey: 'sim-key-123',
    seed,
    mode: { latencyMs: { min: 0, max: 0 }, settleDelayMs: 5, callbackRetryBaseMs: 10 },
  });
  const provider = () =>
    new HttpPaymentProvider({
      baseUrl: sim.url,
      callbackSecrets: ['sim-secret'],
      apiKey: 'sim-key-123',
      timeoutMs: 1_000,
    });
  return { sim, provider };
}
