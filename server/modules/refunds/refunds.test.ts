import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../../db/client.js';
import { FixedClock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { auditEvents, transact } from '../audit/index.js';
import { jobs } from '../jobs/jobs.table.js';
import { journalEntries, ledgerAccounts, verifyLedger } from '../ledger/index.js';
import { UpsertOrderBodySchema } from '../orders/orders.schemas.js';
import { upsertOrder } from '../orders/upsert-order.js';
import { HttpPaymentProvider, RETRY_CAP_MS, type RefundObservation } from '../payments/index.js';
import { startCallbackSink, waitFor, type CallbackSink } from '../payments/test-support.js';
import { createTestDatabase, testDbKinds } from '../../test/db.js';
import { buildTenant, type TestTenant } from '../../test/factories.js';
import { PiiCrypto } from '../privacy/pii-crypto.js';
import { startSimProvider, type SimProviderHandle } from '../../../tools/sim-payment-provider/index.js';
import { dispatchDueRefunds } from './dispatch-refunds.js';
import { executeOutcome, type OutcomeRemedy } from './execute-outcome.js';
import { drainSettledRefunds, postSettledRefunds, REFUNDS_SETTLED_JOB } from './post-settled-refunds.js';
import { receiveProviderCallback } from './receive-callback.js';
import { recordObservation } from './record-observation.js';
import { lockInstruction } from './refunds.repo.js';
import { refundInstructions } from './refunds.table.js';
import { randomBytes } from 'node:crypto';

const SECRET = 'refund-test-secret';

describe.each(testDbKinds)('refund instructions on %s', (kind) => {
  let database: Database;
  let sim: SimProviderHandle;
  let sink: CallbackSink;
  let provider: HttpPaymentProvider;
  let tenant: TestTenant;
  const clock = new FixedClock(new Date('2026-11-20T02:00:00Z'));
  const pii = new PiiCrypto([{ id: 't1', key: randomBytes(32) }]);

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    sink = await startCallbackSink();
    sim = await startSimProvider({
      secret: SECRET,
      seed: 11,
      mode: { latencyMs: { min: 0, max: 0 }, settleDelayMs: 5, callbackRetryBaseMs: 10 },
    });
    provider = new HttpPaymentProvider({ baseUrl: sim.url, callbackSecrets: [SECRET], timeoutMs: 2_000 });
    tenant = await buildTenant(database.db, pii, clock.now());
  });
  afterAll(async () => {
    await sim.close();
    await sink.close();
    await database.close();
  });

  const db = () => database.db;
  const dispatch = (extra: Partial<Parameters<typeof dispatchDueRefunds>[1]> = {}) =>
    dispatchDueRefunds(db(), {
      provider,
      callbackUrl: sink.url,
      now: () => clock.now(),
      random: () => 0,
      ...extra,
    });

  /** The scheduler's settlement poster: ledger, audit and case jobs of the refunds recorded final. */
  const post = () => drainSettledRefunds(db(), { now: () => clock.now() });

  /** An order paid through the provider (the simulator knows the payment). */
  async function paidOrder(totalFen: number): Promise<string> {
    const externalId = `O-${randomBytes(4).toString('hex')}`;
    const { order } = await upsertOrder(
      db(),
      { tenantId: tenant.id, actor: SYSTEM_ACTOR, now: clock.now() },
      UpsertOrderBodySchema.parse({
        externalId,
        buyerExternalId: `buyer-${tenant.slug}`,
        merchantExternalId: 'm1',
        scenario: 'ecommerce',
        category: 'electronics',
        title: '耳机',
        items: [{ sku: 'E', title: '耳机', quantity: 1, unitPriceFen: totalFen }],
        goodsFen: totalFen,
        paidAt: '2026-11-10T10:00:00+08:00',
      }),
    );
    sim.registerPayment({ paymentRef: externalId, orderRef: externalId, amountFen: BigInt(totalFen) });
    return order.id;
  }

  const execute = (orderId: string, remedies: OutcomeRemedy[], caseId = newId('case')) =>
    transact(db(), (tx) =>
      executeOutcome(tx, { id: caseId, tenantId: tenant.id, number: `AC-${caseId}`, orderId }, remedies, {
        now: clock.now(),
        actor: SYSTEM_ACTOR,
      }),
    );
  const refund = (amountFen: bigint): OutcomeRemedy => ({
    type: 'partial_refund',
    amountFen,
    payer: 'respondent',
  });
  const instruction = async (id: string) =>
    (await db().select().from(refundInstructions).where(eq(refundInstructions.id, id)))[0]!;
  const balance = async (code: string) =>
    (
      await db()
        .select()
        .from(ledgerAccounts)
        .where(and(eq(ledgerAccounts.tenantId, tenant.id), eq(ledgerAccounts.code, code)))
    )[0]?.balanceFen ?? 0n;
  /** What the provider took from the payment for refunds: settled plus in flight. */
  const taken = (paymentRef: string) => {
    const p = sim.payment(paymentRef)!;
    return BigInt(p.refundedFen) + BigInt(p.reservedFen);
  };
  /** Hands every callback the sink received for `key` to Accord's receiver; returns the outcomes. */
  async function deliverCallbacks(key: string) {
    const mine = sink.received.filter((c) => c.rawBody.toString().includes(key));
    const outcomes = [];
    for (const c of mine) {
      outcomes.push(
        await receiveProviderCallback(db(), provider, {
          headers: c.headers,
          rawBody: c.rawBody,
          now: clock.now(),
        }),
      );
    }
    return outcomes;
  }

  it('stores key and request before the call, sends once, settles by callback and posts the ledger', async () => {
    const orderId = await paidOrder(29_900);
    const caseId = newId('case');
    const [created] = await execute(orderId, [refund(10_000n)], caseId);
    expect(created).toMatchObject({ status: 'pending', attempts: 0, providerRef: null });
    expect(created!.request).toMatchObject({ amountFen: '10000' });
    // Executing the same outcome again creates nothing new.
    expect((await execute(orderId, [refund(10_000n)], caseId)).map((i) => i.id)).toEqual([created!.id]);
    expect(await balance('consumer_refunds_payable')).toBe(-10_000n);
    // The payment is in the ledger once: collected when the order was reported paid, not again by the refund.
    const collections = await db()
      .select({ key: journalEntries.idempotencyKey })
      .from(journalEntries)
      .where(and(eq(journalEntries.tenantId, tenant.id), eq(journalEntries.orderId, orderId)));
    expect(collections.map((e) => e.key).filter((k) => /^collect:|:collected$/.test(k))).toEqual([
      `collect:${orderId}`,
    ]);

    expect(await dispatch()).toMatchObject({ claimed: 1, recorded: 1 });
    const sent = await instruction(created!.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 0, lockedUntil: null });
    expect(sent.providerRef).toMatch(/\w+/);

    await waitFor(
      () => sink.received.some((c) => c.rawBody.toString().includes(created!.idempotencyKey)),
      'refund callback',
    );
    const outcomes = await deliverCallbacks(created!.idempotencyKey);
    expect(outcomes[0]).toBe('applied');
    // The same event again is acknowledged and changes nothing.
    expect(await deliverCallbacks(created!.idempotencyKey)).toEqual(outcomes.map(() => 'duplicate'));
    expect(await instruction(created!.id)).toMatchObject({ status: 'succeeded', nextAttemptAt: null });
    // Recorded, not yet posted: the ledger moves when the poster runs.
    expect(await balance('consumer_refunds_payable')).toBe(-10_000n);
    expect(await post()).toBe(1);
    expect(await instruction(created!.id)).toMatchObject({ postedAt: clock.now() });
    expect(await balance('consumer_refunds_payable')).toBe(0n);
    expect(sim.payment(created!.request.paymentRef)).toMatchObject({ refundedFen: '10000' });
    const settledJob = await db()
      .select()
      .from(jobs)
      .where(and(eq(jobs.tenantId, tenant.id), eq(jobs.dedupeKey, `case:${caseId}:refunds_settled`)));
    expect(settledJob).toHaveLength(1);
    expect((await verifyLedger(db())).problems).toEqual([]);
  });

  it('refuses a forged or stale callback and changes nothing', async () => {
    const body = Buffer.from(JSON.stringify({ eventId: 'evt_x', occurredAt: new Date().toISOString() }));
    await expect(
      receiveProviderCallback(db(), provider, {
        headers: { 'sim-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
        rawBody: body,
        now: clock.now(),
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED', extra: { reason: 'SIGNATURE_MISMATCH' } });
    await expect(
      receiveProviderCallback(db(), provider, { headers: {}, rawBody: body, now: clock.now() }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED', extra: { reason: 'SIGNATURE_MISSING' } });
  });

  it('resumes after a crash between the call and its record with the same key; the provider dedupes', async () => {
    const orderId = await paidOrder(5_000);
    const [ins] = await execute(orderId, [refund(5_000n)]);
    const before = sim.stats();
    const crashed = await dispatch({
      afterCall: () => {
        throw new Error('killed between the provider call and its record');
      },
    });
    expect(crashed).toMatchObject({ claimed: 1, recorded: 0, crashed: 1 });
    // Nothing was recorded: still pending, under the dead dispatcher's lease.
    expect(await instruction(ins!.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await dispatch()).toMatchObject({ claimed: 0 });
    clock.advance(61_000);
    expect(await dispatch()).toMatchObject({ claimed: 1, recorded: 1 });
    // The replay answers with the operation's current status (it may have settled meanwhile).
    expect(['sent', 'succeeded']).toContain((await instruction(ins!.id)).status);
    const after = sim.stats();
    expect(after.refundsRequested - before.refundsRequested).toBe(2);
    expect(after.refundsAccepted - before.refundsAccepted).toBe(1);
    expect(after.duplicatesPrevented - before.duplicatesPrevented).toBe(1);
    expect(taken(ins!.request.paymentRef)).toBe(5_000n);
    // Settle it by its callback: an instruction left 'sent' falls due for reconciliation when a later test
    // moves the clock, and that test's dispatcher would claim it too (seen on a loaded machine, where the
    // simulator had not settled yet when the replay came).
    await waitFor(
      () => sink.received.some((c) => c.rawBody.toString().includes(ins!.idempotencyKey)),
      'refund callback',
    );
    await deliverCallbacks(ins!.idempotencyKey);
    expect(await instruction(ins!.id)).toMatchObject({ status: 'succeeded', nextAttemptAt: null });
  });

  it('retries an outage with capped backoff and re-issues soon after recovery, under the same key', async () => {
    const orderId = await paidOrder(8_000);
    const [ins] = await execute(orderId, [refund(3_000n)]);
    sim.setMode({ outage: true });
    let lastAttemptAt = clock.now();
    try {
      for (let i = 1; i <= 8; i++) {
        expect(await dispatch()).toMatchObject({ claimed: 1, recorded: 1 });
        const row = await instruction(ins!.id);
        expect(row).toMatchObject({ status: 'retrying', attempts: i });
        const wait = row.nextAttemptAt!.getTime() - clock.now().getTime();
        expect(wait).toBe(Math.min(30_000 * 2 ** (i - 1), RETRY_CAP_MS));
        lastAttemptAt = clock.now();
        clock.set(row.nextAttemptAt!);
      }
      // Not due yet: nothing is sent early.
      clock.set(new Date(clock.now().getTime() - 1));
      expect(await dispatch()).toMatchObject({ claimed: 0 });
    } finally {
      // A failure here must not leave the provider down for the tests after this one.
      sim.setMode({ outage: false });
    }
    const recoveredAt = clock.now();
    clock.advance(1);
    expect(await dispatch()).toMatchObject({ recorded: 1 });
    expect(await instruction(ins!.id)).toMatchObject({ status: 'sent', attempts: 8 });
    // seed 000 §4.2: re-issued within 24 h of recovery (here within the 15-minute retry cap).
    expect(clock.now().getTime() - recoveredAt.getTime()).toBeLessThan(24 * 3_600_000);
    expect(clock.now().getTime() - lastAttemptAt.getTime()).toBeLessThanOrEqual(RETRY_CAP_MS);
    expect(taken(ins!.request.paymentRef)).toBe(3_000n);
  });

  it('refunds at most what was paid when 20 refunds hit one order at once, with 3 dispatchers racing', async () => {
    const orderId = await paidOrder(10_000);
    const before = sim.stats();
    const results = await Promise.all(Array.from({ length: 20 }, () => execute(orderId, [refund(3_000n)])));
    const all = results.flat();
    expect(all.filter((i) => i.status === 'pending')).toHaveLength(3);
    expect(all.filter((i) => i.failureCode === 'REJECTED:EXCEEDS_REFUNDABLE')).toHaveLength(17);
    const runs = await Promise.all([dispatch(), dispatch(), dispatch()]);
    expect(runs.reduce((s, r) => s + r.recorded, 0)).toBe(3);
    const after = sim.stats();
    expect(after.refundsRequested - before.refundsRequested).toBe(3);
    expect(taken(all[0]!.request.paymentRef)).toBe(9_000n);
    expect((await verifyLedger(db())).ok).toBe(true);
  });

  it('returns the money to where it came from when the provider fails the refund', async () => {
    sim.setMode({ failureRate: 1 });
    try {
      const orderId = await paidOrder(4_000);
      const [ins] = await execute(orderId, [refund(4_000n)]);
      const pending = ins!.fundedFrom;
      const held = await balance(pending);
      await dispatch();
      await waitFor(
        () => sink.received.some((c) => c.rawBody.toString().includes(ins!.idempotencyKey)),
        'failure callback',
      );
      await deliverCallbacks(ins!.idempotencyKey);
      await post();
      const row = await instruction(ins!.id);
      expect(row.status).toBe('failed');
      expect(row.failureCode).toMatch(/\w+/);
      expect(await balance(pending)).toBe(held - 4_000n);
      // The failed amount no longer counts against the order: a new refund of it fits.
      const [again] = await execute(orderId, [refund(4_000n)]);
      expect(again!.status).toBe('pending');
      expect((await verifyLedger(db())).ok).toBe(true);
      const [events] = await queryRows<{ n: number }>(
        db(),
        sql`select count(*)::int as n from refund_events where instruction_id = ${ins!.id}`,
      );
      // created, sent, failed.
      expect(events!.n).toBe(3);
    } finally {
      sim.setMode({ failureRate: 0 });
    }
  });

  describe('settlement posting in batches', () => {
    /** What a callback records: the final state under the instruction's lock, nothing else. */
    const recordFinal = (id: string, observation: RefundObservation) =>
      transact(db(), async (tx) => {
        const row = await lockInstruction(tx, id);
        await recordObservation(tx, row!, observation, { source: 'callback', now: clock.now() });
      });
    const entriesKeyed = async (key: string) =>
      (
        await db()
          .select({ id: journalEntries.id })
          .from(journalEntries)
          .where(and(eq(journalEntries.tenantId, tenant.id), eq(journalEntries.idempotencyKey, key)))
      ).length;
    const auditedFinal = async (id: string) =>
      (
        await db()
          .select({ action: auditEvents.action, caseId: auditEvents.caseId })
          .from(auditEvents)
          .where(and(eq(auditEvents.tenantId, tenant.id), eq(auditEvents.targetId, id)))
      ).filter((e) => e.action === 'refund.succeeded' || e.action === 'refund.failed');
    const settledJobs = async (caseId: string) =>
      db()
        .select({ kind: jobs.kind })
        .from(jobs)
        .where(and(eq(jobs.tenantId, tenant.id), eq(jobs.dedupeKey, `case:${caseId}:refunds_settled`)));

    it('posts a refund once however often its callback arrives, before and after the posting', async () => {
      const orderId = await paidOrder(6_000);
      const caseId = newId('case');
      const [ins] = await execute(orderId, [refund(6_000n)], caseId);
      await dispatch();
      await waitFor(
        () => sink.received.some((c) => c.rawBody.toString().includes(ins!.idempotencyKey)),
        'refund callback',
      );
      expect(await deliverCallbacks(ins!.idempotencyKey)).toContain('applied');
      expect(await deliverCallbacks(ins!.idempotencyKey)).not.toContain('applied');
      expect(await post()).toBe(1);
      expect(await deliverCallbacks(ins!.idempotencyKey)).not.toContain('applied');
      expect(await post()).toBe(0);
      expect(await entriesKeyed(`refund:${ins!.id}:paid`)).toBe(1);
      expect(await auditedFinal(ins!.id)).toEqual([{ action: 'refund.succeeded', caseId }]);
      expect(await settledJobs(caseId)).toEqual([{ kind: REFUNDS_SETTLED_JOB }]);
      expect((await verifyLedger(db())).problems).toEqual([]);
    });

    it('records callbacks that arrive together in one batch, each event once, and posts them', async () => {
      const created = [];
      for (const fen of [1_000n, 2_000n, 3_000n, 4_000n, 5_000n])
        created.push((await execute(await paidOrder(Number(fen)), [refund(fen)]))[0]!);
      await dispatch();
      const keys = created.map((i) => i.idempotencyKey);
      await waitFor(
        () => keys.every((k) => sink.received.some((c) => c.rawBody.toString().includes(k))),
        'five callbacks',
      );
      const mine = sink.received.filter((c) => keys.some((k) => c.rawBody.toString().includes(k)));
      // Every delivery twice, all at once: the batcher groups them; a repeat waits for the next batch.
      const outcomes = await Promise.all(
        [...mine, ...mine].map((c) =>
          receiveProviderCallback(db(), provider, {
            headers: c.headers,
            rawBody: c.rawBody,
            now: clock.now(),
          }),
        ),
      );
      expect(outcomes.filter((o) => o === 'applied')).toHaveLength(5);
      expect(outcomes.filter((o) => o !== 'applied').every((o) => o === 'duplicate')).toBe(true);
      expect(await post()).toBeGreaterThanOrEqual(5);
      for (const ins of created) {
        expect(await instruction(ins.id)).toMatchObject({ status: 'succeeded', postedAt: clock.now() });
        expect(await entriesKeyed(`refund:${ins.id}:paid`)).toBe(1);
      }
      expect((await verifyLedger(db())).problems).toEqual([]);
    });

    it('loses nothing when the poster dies before its commit: the next one posts each refund once', async () => {
      const first = await execute(await paidOrder(2_000), [refund(2_000n)]);
      const second = await execute(await paidOrder(3_000), [refund(1_000n)]);
      const [paid, failed] = [first[0]!, second[0]!];
      const payable = await balance('consumer_refunds_payable');
      const funded = await balance(failed.fundedFrom);
      await recordFinal(paid.id, { type: 'succeeded' });
      await recordFinal(failed.id, { type: 'failed', failureCode: 'ACCOUNT_CLOSED' });
      // Recorded final, not yet posted: the ledger has not moved.
      expect(await instruction(paid.id)).toMatchObject({ status: 'succeeded', postedAt: null });
      expect(await balance('consumer_refunds_payable')).toBe(payable);

      // A poster that claimed and posted both, then died before its commit.
      await expect(
        db().transaction(async (tx) => {
          expect(await postSettledRefunds(tx, { now: clock.now() })).toBeGreaterThanOrEqual(2);
          throw new Error('killed before commit');
        }),
      ).rejects.toThrow('killed before commit');
      expect(await instruction(failed.id)).toMatchObject({ status: 'failed', postedAt: null });
      expect(await balance('consumer_refunds_payable')).toBe(payable);
      expect(await entriesKeyed(`refund:${paid.id}:paid`)).toBe(0);

      // Two posters at once (two scheduler processes) after the restart, then one more: each refund once.
      const posted = await Promise.all([post(), post()]);
      expect(posted[0] + posted[1]).toBeGreaterThanOrEqual(2);
      expect(await post()).toBe(0);
      expect(await entriesKeyed(`refund:${paid.id}:paid`)).toBe(1);
      expect(await entriesKeyed(`refund:${failed.id}:released`)).toBe(1);
      expect(await balance('consumer_refunds_payable')).toBe(payable + 3_000n);
      expect(await balance(failed.fundedFrom)).toBe(funded - 1_000n);
      expect((await auditedFinal(paid.id)).map((e) => e.action)).toEqual(['refund.succeeded']);
      expect((await auditedFinal(failed.id)).map((e) => e.action)).toEqual(['refund.failed']);
      expect((await verifyLedger(db())).problems).toEqual([]);
    });

    it("queues the case's refunds_settled job only once all its refunds are paid, across batches", async () => {
      const caseId = newId('case');
      const [a, b] = await execute(await paidOrder(9_000), [refund(4_000n), refund(5_000n)], caseId);
      await recordFinal(a!.id, { type: 'succeeded' });
      await post();
      expect(await settledJobs(caseId)).toEqual([]);
      await recordFinal(b!.id, { type: 'succeeded' });
      await post();
      expect(await settledJobs(caseId)).toEqual([{ kind: REFUNDS_SETTLED_JOB }]);

      const failing = newId('case');
      const [c] = await execute(await paidOrder(1_000), [refund(1_000n)], failing);
      await recordFinal(c!.id, { type: 'failed', failureCode: 'ACCOUNT_CLOSED' });
      await post();
      expect(await settledJobs(failing)).toEqual([]);
    });
  });
});
