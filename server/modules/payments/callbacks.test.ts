import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock.js';
import {
  signCallback,
  startSimProvider,
  type SimProviderHandle,
} from '../../../tools/sim-payment-provider/index.js';
import { callbackSignature, SIGNATURE_HEADER } from './callback-signature.js';
import { HttpPaymentProvider } from './http-provider.js';
import { CallbackVerificationError, type CallbackHeaders, type ProviderEvent } from './provider.js';
import { startCallbackSink, waitFor, type CallbackSink } from './test-support.js';

const SECRET = 'callback-secret-1';
let sim: SimProviderHandle;
let sink: CallbackSink;
let provider: HttpPaymentProvider;

beforeEach(async () => {
  sink = await startCallbackSink();
  sim = await startSimProvider({
    secret: SECRET,
    seed: 3,
    mode: {
      latencyMs: { min: 0, max: 0 },
      settleDelayMs: 2,
      callbackRetryBaseMs: 10,
      callbackMaxAttempts: 4,
    },
  });
  provider = new HttpPaymentProvider({ baseUrl: sim.url, callbackSecrets: [SECRET] });
  sim.registerPayment({ paymentRef: 'pay_cb', amountFen: 5_000n });
});
afterEach(async () => {
  await sim.close();
  await sink.close();
});

async function refund(key: string, amountFen = 1_000n) {
  return provider.refund({
    idempotencyKey: key,
    paymentRef: 'pay_cb',
    orderRef: 'order_cb',
    amountFen,
    reason: 'callback test',
    callbackUrl: sink.url,
  });
}

function verificationCode(verify: () => unknown): string | undefined {
  try {
    verify();
  } catch (error) {
    if (error instanceof CallbackVerificationError) return error.code;
    throw error;
  }
  return undefined;
}

function verifyAll(p: HttpPaymentProvider = provider): ProviderEvent[] {
  return sink.received.map((c) => p.verifyCallback(c.headers as CallbackHeaders, c.rawBody));
}

describe('signed callbacks', () => {
  it('delivers the final status by a signed callback that Accord verifies and parses', async () => {
    const { providerRef } = await refund('cb_1');
    await waitFor(() => sink.received.length === 1, 'the callback');
    const [event] = verifyAll();
    expect(event).toMatchObject({
      kind: 'refund',
      providerRef,
      idempotencyKey: 'cb_1',
      status: 'succeeded',
      amountFen: 1_000n,
    });
    expect(event!.eventId).toMatch(/^evt_/);
  });

  it('rejects a tampered body, a wrong secret, a missing signature and a malformed header', async () => {
    await refund('cb_2');
    await waitFor(() => sink.received.length === 1, 'the callback');
    const { headers, rawBody } = sink.received[0]!;
    const h = headers as CallbackHeaders;
    const tampered = Buffer.from(rawBody.toString('utf8').replace('"1000"', '"9000"'));
    expect(tampered.equals(rawBody)).toBe(false);
    expect(verificationCode(() => provider.verifyCallback(h, tampered))).toBe('SIGNATURE_MISMATCH');
    const stranger = new HttpPaymentProvider({ baseUrl: sim.url, callbackSecrets: ['another-secret'] });
    expect(verificationCode(() => stranger.verifyCallback(h, rawBody))).toBe('SIGNATURE_MISMATCH');
    expect(verificationCode(() => provider.verifyCallback({}, rawBody))).toBe('SIGNATURE_MISSING');
    expect(verificationCode(() => provider.verifyCallback({ [SIGNATURE_HEADER]: 'v1=abc' }, rawBody))).toBe(
      'SIGNATURE_MALFORMED',
    );
  });

  it('rejects a replayed old callback and one from the future, beyond the tolerance', async () => {
    await refund('cb_3');
    await waitFor(() => sink.received.length === 1, 'the callback');
    const { headers, rawBody } = sink.received[0]!;
    const at = (offsetMs: number) =>
      new HttpPaymentProvider({
        baseUrl: sim.url,
        callbackSecrets: [SECRET],
        clock: new FixedClock(new Date(Date.now() + offsetMs)),
      });
    expect(
      verificationCode(() => at(299_000).verifyCallback(headers as CallbackHeaders, rawBody)),
    ).toBeUndefined();
    expect(verificationCode(() => at(301_000).verifyCallback(headers as CallbackHeaders, rawBody))).toBe(
      'TIMESTAMP_OUT_OF_TOLERANCE',
    );
    expect(verificationCode(() => at(-301_000).verifyCallback(headers as CallbackHeaders, rawBody))).toBe(
      'TIMESTAMP_OUT_OF_TOLERANCE',
    );
    // Re-signing an old body with a fresh timestamp needs the secret; with it, the body is accepted again.
    const fresh = signCallback(SECRET, Math.floor(Date.now() / 1000), rawBody.toString('utf8'));
    expect(provider.verifyCallback({ [SIGNATURE_HEADER]: fresh }, rawBody).idempotencyKey).toBe('cb_3');
  });

  it('accepts callbacks signed with a secret being rotated out', () => {
    const body = JSON.stringify({
      eventId: 'evt_rot',
      occurredAt: '2026-11-20T02:00:00.000Z',
      operation: {
        providerRef: 'rf_1',
        kind: 'refund',
        idempotencyKey: 'k',
        status: 'failed',
        amountFen: '5',
        failureCode: 'ACCOUNT_CLOSED',
      },
    });
    const t = Math.floor(Date.now() / 1000);
    const header = `t=${t},v1=${callbackSignature('old-secret', t, body)}`;
    const rotating = new HttpPaymentProvider({ baseUrl: sim.url, callbackSecrets: [SECRET, 'old-secret'] });
    expect(rotating.verifyCallback({ [SIGNATURE_HEADER]: header }, body)).toMatchObject({
      status: 'failed',
      failureCode: 'ACCOUNT_CLOSED',
      amountFen: 5n,
    });
    expect(verificationCode(() => provider.verifyCallback({ [SIGNATURE_HEADER]: header }, body))).toBe(
      'SIGNATURE_MISMATCH',
    );
  });

  it('agrees with the simulator on the signature scheme (two independent implementations)', () => {
    const body = '{"x":"支付"}';
    expect(signCallback('s3cret', 1_800_000_000, body)).toBe(
      `t=1800000000,v1=${callbackSignature('s3cret', 1_800_000_000, Buffer.from(body))}`,
    );
  });
});

describe('delivery', () => {
  it('delivers the same event twice when the provider duplicates it; both verify, one event id', async () => {
    sim.setMode({ duplicateCallbackRate: 1, callbackJitterMs: 5 });
    await refund('cb_dup');
    await waitFor(() => sink.received.length === 2, 'both deliveries');
    const events = verifyAll();
    expect(new Set(events.map((e) => e.eventId)).size).toBe(1);
    expect(sim.stats()).toMatchObject({ callbackDuplicatesSent: 1, refundsExecuted: 1 });
  });

  it('retries an unanswered callback with backoff until it is acknowledged', async () => {
    sink.failNext(2);
    await refund('cb_retry');
    // The provider counts a delivery once it has read the 2xx, a moment after the sink recorded it.
    await waitFor(() => sim.stats().callbacksDelivered === 1, 'the third attempt to be acknowledged');
    expect(sim.stats().callbackAttempts).toBe(3);
    expect(sink.received).toHaveLength(1);
    expect(verifyAll()[0]!.status).toBe('succeeded');
  });

  it('gives up after the configured attempts (Accord then reconciles with getStatus)', async () => {
    sink.failNext(10);
    const { providerRef } = await refund('cb_lost');
    await waitFor(() => sim.stats().callbacksAbandoned === 1, 'abandonment');
    expect(sim.stats().callbackAttempts).toBe(4);
    expect((await provider.getStatus({ providerRef })).status).toBe('succeeded');
  });

  it('sends nothing during an outage and delivers after recovery', async () => {
    sim.setMode({ settleDelayMs: 150 });
    await refund('cb_outage');
    sim.setMode({ outage: true });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(sink.received).toHaveLength(0);
    sim.setMode({ outage: false });
    await waitFor(() => sink.received.length === 1, 'the callback after recovery');
  });

  it('reports each of several refunds on one payment once, in whatever order they arrive', async () => {
    sim.setMode({ callbackJitterMs: 20 });
    const refs = await Promise.all(['o_1', 'o_2', 'o_3', 'o_4', 'o_5'].map((k) => refund(k)));
    await waitFor(() => sink.received.length === 5, 'five callbacks');
    const seen = verifyAll().map((e) => e.providerRef);
    expect(new Set(seen)).toEqual(new Set(refs.map((r) => r.providerRef)));
    expect(sim.payment('pay_cb')).toMatchObject({ refundedFen: '5000', refundableFen: '0' });
  });
});
