import type { FastifyBaseLogger } from 'fastify';
import { buildSimApp } from './app.js';
import { SimCore } from './core.js';
import type { SimMode, SimModePatch } from './mode.js';
import { presentPayment, type SimPaymentView, type SimStats } from './store.js';

export { signCallback, SIGNATURE_HEADER } from './callbacks.js';
export { DEFAULT_MODE, SimModeSchema, type SimMode, type SimModePatch } from './mode.js';
export type { SimPaymentView, SimStats } from './store.js';

/** How to start the simulated provider. */
export type SimProviderOptions = {
  /** Signs callbacks (HMAC-SHA256); Accord verifies with the same secret. */
  secret: string;
  /** When set, every request but /healthz must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Seed of every random choice (latency, failures, lost responses, duplicates). Default 1. */
  seed?: number;
  mode?: SimModePatch;
  /** Default 127.0.0.1 and a random free port. */
  host?: string;
  port?: number;
  loggerInstance?: FastifyBaseLogger;
  /** Per callback delivery. Default 5 s. */
  callbackTimeoutMs?: number;
};

/** A running simulated provider. */
export type SimProviderHandle = {
  /** Base URL, e.g. `http://127.0.0.1:41235`. */
  url: string;
  /** Stops settlements, callbacks and the server. Pending callbacks are dropped. */
  close(): Promise<void>;
  /** Changes how it behaves (outage, rates, latency…); returns the whole new mode. */
  setMode(patch: SimModePatch): SimMode;
  mode(): SimMode;
  /** A copy of the counters. */
  stats(): SimStats;
  /** Makes the provider know a payment without HTTP (same rules as `POST /payments`). */
  registerPayment(payment: { paymentRef: string; orderRef?: string; amountFen: bigint }): void;
  /** The payment's amounts, or undefined when unknown. */
  payment(paymentRef: string): SimPaymentView | undefined;
};

/**
 * Starts the simulated payment provider as a real HTTP server, in this process (tests, the demo) — `main.ts`
 * does the same for a standalone process. It is a fake: it moves no money, keeps everything in memory, and
 * exists so Accord's adapter crosses a real network boundary with real failure modes.
 */
export async function startSimProvider(options: SimProviderOptions): Promise<SimProviderHandle> {
  const warn = (message: string) => options.loggerInstance?.warn(message);
  const core = new SimCore({
    secret: options.secret,
    seed: options.seed ?? 1,
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.callbackTimeoutMs !== undefined ? { callbackTimeoutMs: options.callbackTimeoutMs } : {}),
    warn,
  });
  const app = await buildSimApp({
    core,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : {}),
  });
  const url = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  return {
    url,
    async close() {
      core.close();
      await app.close();
    },
    setMode: (patch) => core.setMode(patch),
    mode: () => core.mode,
    stats: () => ({ ...core.store.stats }),
    registerPayment: (payment) => void core.registerPayment(payment),
    payment(paymentRef) {
      const payment = core.store.payments.get(paymentRef);
      return payment ? presentPayment(payment) : undefined;
    },
  };
}
