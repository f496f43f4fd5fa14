import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimProvider, type SimProviderHandle } from '../../../tools/sim-payment-provider/index.js';
import { HttpPaymentProvider } from './http-provider.js';
import {
  ProviderRejectedError,
  ProviderUnknownOutcomeError,
  type PaymentProvider,
  type RefundRequest,
  type TransferRequest,
} from './provider.js';
import { waitFor } from './test-support.js';

const SECRET = 'test-callback-secret';
const API_KEY = 'test-api-key-123';
// No latency and a short settlement: the tests are about the contract, not about waiting.
const QUIET = { latencyMs: { min: 0, max: 0 }, settleDelayMs: 5, callbackRetryBaseMs: 10 };

let sim: SimProviderHandle;
let provider: PaymentProvider;

beforeEach(async () => {
  sim = await startSimProvider({ secret: SECRET, apiKey: API_KEY, seed: 7, mode: QUIET });
  provider = new HttpPaymentProvider({
    baseUrl: sim.url,
    callbackSecrets: [SECRET],
    apiKey: API_KEY,
    timeoutMs: 500,
  });
  sim.registerPayment({ paymentRef: 'pay_1', orderRef: 'order_1', amountFen: 10_000n });
});
afterEach(async () => {
  await sim.close();
});

function refund(overrides: Partial<RefundRequest> = {}): RefundRequest {
  return {
    idempotencyKey: 'rfi_1',
    paymentRef: 'pay_1',
    orderRef: 'order_1',
    amountFen: 3_000n,
    reason: '活动取消 event cancelled',
    // Nothing listens here: callbacks are the concern of callbacks.test.ts.
    callbackUrl: 'http://127.0.0.1:9/callbacks',
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderRejectedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderRejectedError);
  return error as ProviderRejectedError;
}

async function unknownOutcome(promise: Promise<unknown>): Promise<ProviderUnknownOutcomeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderUnknownOutcomeError);
  return error as ProviderUnknownOutcomeError;
}

describe('idempotency', () => {
  it('answers a retry with the same key and request with the same operation, executed once', async () => {
    const first = await provider.refund(refund());
    const second = await provider.refund(refund());
    expect(first).toMatchObject({ status: 'accepted', replayed: false });
    expect(second).toMatchObject({ providerRef: first.providerRef, replayed: true });
    await waitFor(() => sim.stats().refundsExecuted === 1, 'settlement');
    expect(sim.stats()).toMatchObject({ refundsAccepted: 1, duplicatesPrevented: 1 });
    expect(sim.payment('pay_1')?.refundedFen).toBe('3000');
  });

  it('answers a re-send after a crash between the call and its record with the current status, not a new refund', async () => {
    // Accord sent the refund, then died before recording the answer; on resume it re-sends the stored request.
    const lost = await provider.refund(refund());
    await waitFor(() => sim.stats().refundsExecuted === 1, 'settlement');
    const resumed = await provider.refund(refund());
    expect(resumed).toEqual({ providerRef: lost.providerRef, status: 'succeeded', replayed: true });
    expect(sim.payment('pay_1')).toMatchObject({ refundedFen: '3000', refundableFen: '7000' });
  });

  it('refuses the same key with a different amount, and does nothing for it', async () => {
    await provider.refund(refund());
    const error = await rejection(provider.refund(refund({ amountFen: 3_001n })));
    expect(error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', httpStatus: 422, outcome: 'not_done' });
    expect(sim.stats()).toMatchObject({ refundsAccepted: 1, keyConflicts: 1 });
  });

  it('treats a changed callback URL as the same request (routing, not the instruction)', async () => {
    const first = await provider.refund(refund());
    const again = await provider.refund(refund({ callbackUrl: 'http://127.0.0.1:9/moved' }));
    expect(again).toMatchObject({ providerRef: first.providerRef, replayed: true });
  });

  it('refuses a key already used for another kind of operation', async () => {
    await provider.refund(refund({ idempotencyKey: 'shared' }));
    const error = await rejection(
      provider.payout({
        idempotencyKey: 'shared',
        merchantAccountRef: 'm_1',
        amountFen: 3_000n,
        memo: 'settlement',
        callbackUrl: 'http://127.0.0.1:9/cb',
      }),
    );
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('definite refusals', () => {
  it('rejects a refund larger than what remains refundable', async () => {
    await provider.refund(refund({ amountFen: 8_000n }));
    const error = await rejection(provider.refund(refund({ idempotencyKey: 'rfi_2', amountFen: 2_001n })));
    expect(error).toMatchObject({ code: 'EXCEEDS_REFUNDABLE', retryable: false });
    await expect(
      provider.refund(refund({ idempotencyKey: 'rfi_3', amountFen: 2_000n })),
    ).resolves.toMatchObject({
      status: 'accepted',
    });
  });

  it('rejects unknown payments, another order and non-positive amounts without recording them', async () => {
    expect((await rejection(provider.refund(refund({ paymentRef: 'nope' })))).code).toBe('PAYMENT_NOT_FOUND');
    expect((await rejection(provider.refund(refund({ orderRef: 'order_2' })))).code).toBe('ORDER_MISMATCH');
    expect((await rejection(provider.refund(refund({ amountFen: 0n })))).code).toBe('VALIDATION_FAILED');
    // None of them used the key.
    await expect(provider.refund(refund())).resolves.toMatchObject({ replayed: false });
  });

  it('rejects a wrong API key as a definite refusal', async () => {
    const stranger = new HttpPaymentProvider({
      baseUrl: sim.url,
      callbackSecrets: [SECRET],
      apiKey: 'wrong-key-0',
    });
    expect(await rejection(stranger.refund(refund()))).toMatchObject({
      code: 'UNAUTHENTICATED',
      httpStatus: 401,
    });
  });

  it('reports a provider-side failure as a failed operation that frees the amount', async () => {
    sim.setMode({ failureRate: 1 });
    const { providerRef } = await provider.refund(refund({ amountFen: 10_000n }));
    await waitFor(() => sim.stats().refundsFailed === 1, 'failure');
    const status = await provider.getStatus({ providerRef });
    expect(status.status).toBe('failed');
    expect(['ACCOUNT_CLOSED', 'CARD_CANCELLED']).toContain(status.failureCode);
    expect(sim.payment('pay_1')).toMatchObject({ refundedFen: '0', refundableFen: '10000' });
  });
});

describe('transfers to the consumer (compensation beyond the price)', () => {
  const transfer = (overrides: Partial<TransferRequest> = {}): TransferRequest => ({
    ...refund({ idempotencyKey: 'tfi_1', amountFen: 40_000n, reason: '三倍赔偿 treble damages' }),
    ...overrides,
  });

  it('pays beyond the payment once per key, settles by status, and leaves the payment refundable', async () => {
    const first = await provider.transfer(transfer());
    expect(first).toMatchObject({ status: 'accepted', replayed: false });
    expect(first.providerRef).toMatch(/^tf_/);
    expect(await provider.transfer(transfer())).toMatchObject({
      providerRef: first.providerRef,
      replayed: true,
    });
    await waitFor(() => sim.stats().transfersExecuted === 1, 'transfer settlement');
    expect(await provider.getStatus({ idempotencyKey: 'tfi_1' })).toMatchObject({
      kind: 'transfer',
      status: 'succeeded',
      amountFen: 40_000n,
    });
    expect(sim.stats()).toMatchObject({ transfersAccepted: 1, duplicatesPrevented: 1 });
    // Not a refund: the payment can still be refunded in full.
    expect(sim.payment('pay_1')).toMatchObject({ refundedFen: '0', refundableFen: '10000' });
  });

  it('refuses an unknown payment, another order, a reused key and a wrong amount', async () => {
    expect((await rejection(provider.transfer(transfer({ paymentRef: 'nope' })))).code).toBe(
      'PAYMENT_NOT_FOUND',
    );
    expect((await rejection(provider.transfer(transfer({ orderRef: 'order_2' })))).code).toBe(
      'ORDER_MISMATCH',
    );
    expect((await rejection(provider.transfer(transfer({ amountFen: 0n })))).code).toBe('VALIDATION_FAILED');
    await provider.refund(refund({ idempotencyKey: 'shared' }));
    expect((await rejection(provider.transfer(transfer({ idempotencyKey: 'shared' })))).code).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(sim.stats()).toMatchObject({ transfersAccepted: 0 });
  });

  it('reports a lost answer as unknown and an outage as unknown without doing anything', async () => {
    sim.setMode({ outage: true });
    expect((await unknownOutcome(provider.transfer(transfer()))).reason).toBe('server_error');
    expect(sim.stats().transfersRequested).toBe(0);
    sim.setMode({ outage: false, unknownOutcomeRate: 1, unknownOutcomeStyle: '503' });
    await unknownOutcome(provider.transfer(transfer()));
    sim.setMode({ unknownOutcomeRate: 0 });
    expect(await provider.transfer(transfer())).toMatchObject({ replayed: true });
    expect(sim.stats()).toMatchObject({ transfersAccepted: 1 });
  });

  it('reports a provider-side failure as a failed transfer', async () => {
    sim.setMode({ failureRate: 1 });
    const { providerRef } = await provider.transfer(transfer());
    await waitFor(() => sim.stats().transfersFailed === 1, 'failure');
    const status = await provider.getStatus({ providerRef });
    expect(status).toMatchObject({ kind: 'transfer', status: 'failed' });
    expect(['ACCOUNT_CLOSED', 'RECIPIENT_UNVERIFIED']).toContain(status.failureCode);
  });
});

describe('unknown outcomes', () => {
  it('reports a 503 after the work as unknown; the retry with the same key finds it done once', async () => {
    sim.setMode({ unknownOutcomeRate: 1, unknownOutcomeStyle: '503' });
    const error = await unknownOutcome(provider.refund(refund()));
    expect(error).toMatchObject({ reason: 'server_error', httpStatus: 503, outcome: 'unknown' });
    sim.setMode({ unknownOutcomeRate: 0 });
    expect(await provider.refund(refund())).toMatchObject({ replayed: true });
    await waitFor(() => sim.stats().refundsExecuted === 1, 'settlement');
    expect(sim.stats()).toMatchObject({ refundsAccepted: 1, unknownOutcomes: 1 });
  });

  it('reports a dropped connection as unknown (network)', async () => {
    sim.setMode({ unknownOutcomeRate: 1, unknownOutcomeStyle: 'drop' });
    expect((await unknownOutcome(provider.refund(refund()))).reason).toBe('network');
    expect((await provider.getStatus({ idempotencyKey: 'rfi_1' })).amountFen).toBe(3_000n);
  });

  it('reports a timeout as unknown while the provider goes on and performs the refund', async () => {
    const impatient = new HttpPaymentProvider({
      baseUrl: sim.url,
      callbackSecrets: [SECRET],
      apiKey: API_KEY,
      timeoutMs: 30,
    });
    sim.setMode({ latencyMs: { min: 120, max: 120 } });
    expect((await unknownOutcome(impatient.refund(refund()))).reason).toBe('timeout');
    await waitFor(() => sim.stats().refundsAccepted === 1, 'the refund to be accepted anyway');
    expect(await provider.refund(refund())).toMatchObject({ replayed: true });
  });

  it('answers 503 during an outage without doing anything; after recovery the same key succeeds once', async () => {
    sim.setMode({ outage: true });
    expect((await unknownOutcome(provider.refund(refund()))).httpStatus).toBe(503);
    await unknownOutcome(provider.getStatus({ idempotencyKey: 'rfi_1' }));
    expect(sim.stats()).toMatchObject({ refundsRequested: 0, outageRejections: 2 });
    sim.setMode({ outage: false });
    // Re-issue: the provider never recorded the key, so it is executed now, and only now.
    expect((await rejection(provider.getStatus({ idempotencyKey: 'rfi_1' }))).code).toBe(
      'OPERATION_NOT_FOUND',
    );
    const reissued = await provider.refund(refund());
    expect(reissued).toMatchObject({ replayed: false, status: 'accepted' });
    expect(await provider.refund(refund())).toMatchObject({
      providerRef: reissued.providerRef,
      replayed: true,
    });
    await waitFor(() => sim.stats().refundsExecuted === 1, 'settlement');
    expect(sim.payment('pay_1')?.refundedFen).toBe('3000');
  });

  it('holds settlement during an outage that starts after acceptance', async () => {
    // Generous margins: the outage must begin before the settlement timer fires, even on a loaded machine.
    sim.setMode({ settleDelayMs: 150 });
    const { providerRef } = await provider.refund(refund());
    sim.setMode({ outage: true });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(sim.stats().refundsExecuted).toBe(0);
    sim.setMode({ outage: false });
    await waitFor(() => sim.stats().refundsExecuted === 1, 'settlement after recovery');
    expect((await provider.getStatus({ providerRef })).status).toBe('succeeded');
  });
});

describe('payouts and stop-payment', () => {
  const payout = (key: string) => ({
    idempotencyKey: key,
    merchantAccountRef: 'm_1',
    amountFen: 50_000n,
    memo: '结算 event 42',
    callbackUrl: 'http://127.0.0.1:9/cb',
  });

  it('refuses payouts while a freeze holds and pays again once it is released', async () => {
    const freeze = await provider.freeze({
      idempotencyKey: 'fz_1',
      merchantAccountRef: 'm_1',
      reason: '协助追偿',
    });
    expect(freeze.status).toBe('succeeded');
    expect((await rejection(provider.payout(payout('po_1')))).code).toBe('ACCOUNT_FROZEN');
    const release = await provider.unfreeze({
      idempotencyKey: 'uf_1',
      freezeRef: freeze.providerRef,
      reason: 'recovered',
    });
    expect(release.status).toBe('succeeded');
    await expect(provider.payout(payout('po_1'))).resolves.toMatchObject({ status: 'accepted' });
    await waitFor(() => sim.stats().payoutsExecuted === 1, 'payout');
  });

  it('stops a payout still pending when the account is frozen (止付)', async () => {
    sim.setMode({ settleDelayMs: 150 });
    const { providerRef } = await provider.payout(payout('po_2'));
    await provider.freeze({
      idempotencyKey: 'fz_2',
      merchantAccountRef: 'm_1',
      reason: 'unreachable organizer',
    });
    await waitFor(() => sim.stats().payoutsFailed === 1, 'stopped payout');
    expect(await provider.getStatus({ providerRef })).toMatchObject({
      status: 'failed',
      failureCode: 'STOP_PAYMENT',
    });
  });

  it('rejects releasing a freeze that does not exist', async () => {
    const error = await rejection(
      provider.unfreeze({ idempotencyKey: 'uf_9', freezeRef: 'fz_nope', reason: 'x' }),
    );
    expect(error).toMatchObject({ code: 'FREEZE_NOT_FOUND', httpStatus: 404 });
  });
});
