import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimProvider, type SimProviderHandle } from '../../../tools/sim-payment-provider/index.js';
import { HttpPaymentProvider } from './http-provider.js';
import { ProviderRejectedError, ProviderUnknownOutcomeError, type OperationSnapshot } from './provider.js';
import { waitFor } from './test-support.js';

const SECRET = 'concurrency-secret';
let sim: SimProviderHandle;
let provider: HttpPaymentProvider;
let paymentSeq = 0;

beforeAll(async () => {
  // Latency inside the provider's check-then-write section is what would let concurrent refunds overdraw a
  // payment if it were not guarded; keep some so the tests can catch that.
  sim = await startSimProvider({
    secret: SECRET,
    seed: 20_260_101,
    mode: { latencyMs: { min: 0, max: 3 }, settleDelayMs: 1 },
  });
  provider = new HttpPaymentProvider({ baseUrl: sim.url, callbackSecrets: [SECRET], timeoutMs: 2_000 });
});
afterAll(async () => {
  await sim.close();
});

function newPayment(amountFen: bigint): string {
  paymentSeq += 1;
  const paymentRef = `pay_c${paymentSeq}`;
  sim.registerPayment({ paymentRef, orderRef: `order_c${paymentSeq}`, amountFen });
  return paymentRef;
}

function refundOn(paymentRef: string, key: string, amountFen: bigint) {
  return provider.refund({
    idempotencyKey: key,
    paymentRef,
    orderRef: paymentRef.replace('pay_', 'order_'),
    amountFen,
    reason: 'concurrency test',
    callbackUrl: 'http://127.0.0.1:9/cb',
  });
}

async function settled(paymentRef: string): Promise<{ refundedFen: bigint; reservedFen: bigint }> {
  await waitFor(() => sim.payment(paymentRef)?.reservedFen === '0', `settlement of ${paymentRef}`);
  const view = sim.payment(paymentRef)!;
  return { refundedFen: BigInt(view.refundedFen), reservedFen: BigInt(view.reservedFen) };
}

describe('concurrent refunds on one payment', () => {
  it('refunds at most what was paid when 20 refunds arrive at once', async () => {
    // Long enough that all 20 are inside the check-then-write section together unless the payment is locked.
    sim.setMode({ failureRate: 0, unknownOutcomeRate: 0, latencyMs: { min: 5, max: 15 } });
    const paymentRef = newPayment(1_000n);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => refundOn(paymentRef, `c20_${paymentSeq}_${i}`, 100n)),
    );
    const accepted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(accepted).toHaveLength(10);
    for (const r of refused) expect((r.reason as ProviderRejectedError).code).toBe('EXCEEDS_REFUNDABLE');
    expect(await settled(paymentRef)).toEqual({ refundedFen: 1_000n, reservedFen: 0n });
    sim.setMode({ latencyMs: { min: 0, max: 3 } });
  });

  it('executes 20 simultaneous copies of one refund once', async () => {
    sim.setMode({ failureRate: 0, unknownOutcomeRate: 0 });
    const paymentRef = newPayment(1_000n);
    const before = sim.stats();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => refundOn(paymentRef, `same_${paymentSeq}`, 700n)),
    );
    expect(new Set(results.map((r) => r.providerRef)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(sim.stats().duplicatesPrevented - before.duplicatesPrevented).toBe(19);
    expect(await settled(paymentRef)).toEqual({ refundedFen: 700n, reservedFen: 0n });
  });
  it('runs one operation per key even when concurrent requests under it name different payments', async () => {
    sim.setMode({ failureRate: 0, unknownOutcomeRate: 0, latencyMs: { min: 5, max: 15 } });
    const payments = Array.from({ length: 10 }, () => newPayment(500n));
    const key = `cross_${paymentSeq}`;
    const results = await Promise.allSettled(payments.map((p) => refundOn(p, key, 500n)));
    sim.setMode({ latencyMs: { min: 0, max: 3 } });
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected')
        expect((r.reason as ProviderRejectedError).code).toBe('IDEMPOTENCY_KEY_REUSED');
    }
  });
});

type Step = { key: number; amountFen: bigint };

describe('random sequences of concurrent refunds (property)', () => {
  it('never refunds beyond the payment, never executes a key twice, whatever the failures', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 5_000n }),
        fc.array(
          fc.record({ key: fc.integer({ min: 0, max: 5 }), amountFen: fc.bigInt({ min: 1n, max: 2_000n }) }),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        fc.constantFrom(0, 0.3),
        fc.constantFrom(0, 0.3),
        async (paidFen: bigint, steps: Step[], failureRate: number, unknownOutcomeRate: number) => {
          sim.setMode({ failureRate, unknownOutcomeRate });
          const paymentRef = newPayment(paidFen);
          const prefix = `p${paymentSeq}_k`;
          const outcomes = await Promise.allSettled(
            steps.map((s) => refundOn(paymentRef, prefix + s.key, s.amountFen)),
          );
          const { refundedFen } = await settled(paymentRef);
          expect(refundedFen <= paidFen).toBe(true);

          const held = new Map<string, OperationSnapshot | null>();
          for (const key of new Set(steps.map((s) => prefix + s.key))) {
            held.set(key, await provider.getStatus({ idempotencyKey: key }).catch(() => null));
          }
          outcomes.forEach((outcome, i) => {
            const step = steps[i]!;
            const op = held.get(prefix + step.key) ?? null;
            if (outcome.status === 'fulfilled') {
              // Every answer under a key names the one operation the provider holds for it, for this amount.
              expect(outcome.value.providerRef).toBe(op?.providerRef);
              expect(op?.amountFen).toBe(step.amountFen);
              return;
            }
            const error = outcome.reason as unknown;
            if (error instanceof ProviderRejectedError && error.code === 'IDEMPOTENCY_KEY_REUSED') {
              expect(op?.amountFen).not.toBe(step.amountFen);
            } else if (!(error instanceof ProviderUnknownOutcomeError)) {
              expect(error).toMatchObject({ code: 'EXCEEDS_REFUNDABLE' });
            }
          });
          // What the provider paid is exactly the sum of the distinct operations that succeeded.
          let succeededFen = 0n;
          for (const op of held.values()) if (op?.status === 'succeeded') succeededFen += op.amountFen ?? 0n;
          expect(succeededFen).toBe(refundedFen);
        },
      ),
      { numRuns: 40, seed: 16_681 },
    );
  });
});
