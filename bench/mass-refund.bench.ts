/**
 * Mass refund on PostgreSQL (issue #6, "Performance"): an event with 50,000 ticket orders is cancelled; all
 * claims computed, ledger-posted and refund instructions queued in < 60 s on this 2-core machine; with the
 * simulated provider answering, the refunds settle; `verifyLedger` passes after.
 *
 * 1. A throwaway database through the application's layer (`openPostgres(url)` + `migrate()`), one tenant
 *    (`insertTenant`), the organizer (`upsertMerchant`), one event and {@link ORDERS} paid orders of ¥380
 *    inserted in bulk (`insert … select … from generate_series`).
 * 2. Timed → `seconds`: `startMassRefund` + `runMassRefund` (1,000 orders per batch, the scheduler's and the
 *    CLI's code path): per order the claim, the rule's amount, the collection and payable ledger entries
 *    (bulk `postEntries`), the refund instruction and its history event, the consumer's notice job.
 * 3. Settling → `settled`, `settle_s`: the simulated provider started in-process as a real HTTP server (no
 *    failures, 0–5 ms latency, 50 ms to settle), every payment registered with it; a callback receiver on
 *    node:http hands each signed callback to `receiveProviderCallback` (group commit); `dispatchDueRefunds`
 *    (limit 2,000, 32 calls in flight, answers recorded 100 per transaction) runs in a loop beside two
 *    `postSettledRefunds` loops (the scheduler's `refunds.post-settled`: ledger, audit and case jobs, 1,000
 *    refunds per transaction) until every instruction is final AND posted, or {@link SETTLE_BUDGET_S} passes.
 *    `settled` counts refunds succeeded and posted; `settle_s` is the time from the first send to the last
 *    posting. `meets_target`: `seconds` < 60, every instructed refund settled, and the ledger verified.
 * 4. `verifyLedger` → `ledger_ok`; the bench exits 1 if the ledger fails or any order was refunded twice
 *    (provider-side refunded total > paid).
 *
 * When PostgreSQL is unreachable every figure is null (`db: "none"`).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Presets, SingleBar } from 'cli-progress';
import { sql } from 'drizzle-orm';
import { openPostgres, queryRows } from '../server/db/client.js';
import { newId } from '../server/lib/ids.js';
import { SYSTEM_ACTOR } from '../server/modules/accounts/principal.js';
import { verifyLedger } from '../server/modules/ledger/index.js';
import { events } from '../server/modules/orders/orders.table.js';
import { HttpPaymentProvider } from '../server/modules/payments/index.js';
import {
  dispatchDueRefunds,
  POST_BATCH_SIZE,
  postSettledRefunds,
  receiveProviderCallback,
  runMassRefund,
  startMassRefund,
} from '../server/modules/refunds/index.js';
import { insertTenant } from '../server/modules/tenants/tenants.repo.js';
import { upsertMerchant } from '../server/modules/tenants/upsert-merchant.js';
import { startSimProvider } from '../tools/sim-payment-provider/index.js';
import { openBenchDatabase, redactUrl } from './support/db.js';
import { heading, note, printResult, report, round, stopwatch } from './support/measure.js';

const ORDERS = Number(process.env.BENCH_MASS_ORDERS ?? 50_000);
const PRICE_FEN = 38_000;
const SETTLE_BUDGET_S = Number(process.env.BENCH_SETTLE_S ?? 300);
const SECRET = 'bench-callback-secret';

type Figures = {
  seconds: number;
  instructed: number;
  settled: number;
  settleS: number;
  ledgerOk: boolean;
  overpaid: number;
};

async function measure(url: string): Promise<Figures> {
  const database = openPostgres(url, { max: 12 });
  await database.migrate();
  const db = database.db;
  const now = new Date();
  const tenantId = newId('ten');
  await insertTenant(db, { id: tenantId, slug: 'bench', name: 'Bench', createdAt: now });
  const { merchant } = await upsertMerchant(
    db,
    { tenantId, actor: SYSTEM_ACTOR, now },
    { externalId: 'org', name: '主办方', kind: 'event_organizer' },
  );
  const eventId = newId('evt');
  await db.insert(events).values({
    id: eventId,
    tenantId,
    externalId: 'E-1',
    organizerId: merchant.id,
    title: '跨年演唱会',
    startsAt: new Date(now.getTime() + 30 * 86_400_000),
    endsAt: new Date(now.getTime() + 30 * 86_400_000 + 3 * 3_600_000),
    refundWindowDays: 7,
    status: 'cancelled',
  });
  await db.execute(sql`
    insert into orders (id, tenant_id, external_id, buyer_external_id, merchant_id, event_id, category, scenario,
                        title, items, goods_fen, discount_fen, tax_fen, service_fee_fen, shipping_fen, total_fen,
                        refunded_fen, paid_at)
    select 'ord_bench' || lpad(g::text, 8, '0'), ${tenantId}, 'T-' || g, 'buyer-' || g, ${merchant.id}, ${eventId},
           'concert', 'tickets', '内场票', '[]'::jsonb, ${PRICE_FEN}, 0, 0, 0, 0, ${PRICE_FEN}, 0, now()
      from generate_series(1, ${ORDERS}) g`);
  await db.execute(sql`analyze orders`);
  note(`${ORDERS} orders seeded`);

  heading(`Cancel an event with ${ORDERS} orders`);
  const bar = new SingleBar(
    { format: 'mass refund [{bar}] {value}/{total} orders', stream: process.stderr },
    Presets.shades_classic,
  );
  const clock = stopwatch();
  const op = await startMassRefund(db, {
    tenantId,
    eventId,
    reason: 'cancelled',
    actor: SYSTEM_ACTOR,
    now: new Date(),
  });
  bar.start(op.totalOrders, 0);
  const done = await runMassRefund(db, op.id, {
    now: () => new Date(),
    onProgress: (p) => bar.update(p.processed),
  });
  bar.stop();
  const seconds = clock.seconds();
  report('claims, ledger and instructions', round(seconds, 1), 's');
  report('instructed', `${done.processed} orders, ${done.instructedFen} fen`);

  heading('Settle through the simulated provider');
  const sim = await startSimProvider({
    secret: SECRET,
    seed: 3,
    mode: { latencyMs: { min: 0, max: 5 }, settleDelayMs: 50, callbackRetryBaseMs: 500 },
  });
  for (let g = 1; g <= ORDERS; g++)
    sim.registerPayment({ paymentRef: `T-${g}`, orderRef: `T-${g}`, amountFen: BigInt(PRICE_FEN) });
  const provider = new HttpPaymentProvider({
    baseUrl: sim.url,
    callbackSecrets: [SECRET],
    timeoutMs: 30_000,
  });
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiveProviderCallback(db, provider, {
        headers: req.headers,
        rawBody: Buffer.concat(chunks),
        now: new Date(),
      })
        .then(() => res.writeHead(200).end())
        .catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/callbacks`;
  const settleClock = stopwatch();
  const settleBar = new SingleBar(
    { format: 'settled [{bar}] {value}/{total}', stream: process.stderr },
    Presets.shades_classic,
  );
  settleBar.start(done.processed, 0);
  // The scheduler's two refund jobs, as two processes would run them: the dispatcher sends and records
  // answers; the settlement posters (two, sharing the work through SKIP LOCKED) post what was recorded final.
  let settled = 0;
  let dispatching = true;
  const poster = async () => {
    for (;;) {
      const posted = await postSettledRefunds(db, { now: new Date() });
      if (posted === 0 && !dispatching) return;
      if (posted < POST_BATCH_SIZE) await new Promise((r) => setTimeout(r, 100));
    }
  };
  const posters = Promise.all([poster(), poster()]);
  for (;;) {
    await dispatchDueRefunds(db, {
      provider,
      callbackUrl,
      now: () => new Date(),
      limit: 2_000,
      concurrency: 32,
    });
    const [row] = await queryRows<{ final: number; ok: number }>(
      db,
      sql`select count(*) filter (where status in ('succeeded', 'failed') and posted_at is not null)::int as final,
                 count(*) filter (where status = 'succeeded' and posted_at is not null)::int as ok
            from refund_instructions where tenant_id = ${tenantId}`,
    );
    settled = row?.ok ?? 0;
    settleBar.update(settled);
    if ((row?.final ?? 0) >= done.processed || settleClock.seconds() > SETTLE_BUDGET_S) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  dispatching = false;
  await posters;
  settleBar.stop();
  const settleS = settleClock.seconds();
  report('settled', `${settled} in ${round(settleS, 1)} s`);
  const stats = sim.stats();
  report('provider', `${stats.refundsExecuted} executed, ${stats.duplicatesPrevented} duplicates prevented`);
  let overpaid = 0;
  for (let g = 1; g <= ORDERS; g++) {
    const p = sim.payment(`T-${g}`)!;
    if (BigInt(p.refundedFen) + BigInt(p.reservedFen) > BigInt(p.amountFen)) overpaid += 1;
  }
  await sim.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  const ledger = await verifyLedger(db);
  report('ledger', ledger.ok ? `ok (${ledger.entries} entries)` : `${ledger.problems.length} problems`);
  await database.close();
  return { seconds, instructed: done.processed, settled, settleS, ledgerOk: ledger.ok, overpaid };
}

const database = await openBenchDatabase();
let figures: Figures | null = null;
try {
  if (database) {
    report('server', `${redactUrl(database.target.url)} (${database.target.source})`);
    figures = await measure(database.url);
  }
} finally {
  await database?.drop();
}
printResult({
  bench: 'mass-refund',
  db: figures ? 'postgres' : 'none',
  orders: ORDERS,
  seconds: figures ? round(figures.seconds, 1) : null,
  settled: figures?.settled ?? null,
  settle_s: figures ? round(figures.settleS, 1) : null,
  ledger_ok: figures?.ledgerOk ?? null,
  meets_target: figures
    ? figures.seconds < 60 && figures.settled === figures.instructed && figures.ledgerOk
    : null,
});
if (figures && (!figures.ledgerOk || figures.overpaid > 0)) process.exit(1);
