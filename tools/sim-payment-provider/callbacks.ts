import { createHmac, randomUUID } from 'node:crypto';
import type { SimMode } from './mode.js';
import { between, type TimerRegistry } from './runtime.js';
import { presentOperation, type SimOperation, type SimStats } from './store.js';

/** The header carrying the signature of a callback. */
export const SIGNATURE_HEADER = 'sim-signature';

/**
 * Signs a callback body the way the simulator does: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>`.
 * Kept separate from Accord's verifier on purpose: two independent implementations of the scheme are what
 * lets the tests catch a mistake in either.
 */
export function signCallback(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

type DispatcherDeps = {
  secret: string;
  timers: TimerRegistry;
  random: () => number;
  mode: () => SimMode;
  stats: SimStats;
  now: () => number;
  warn: (message: string) => void;
  /** Per-delivery timeout. */
  timeoutMs: number;
};

/**
 * Delivers the final status of each operation by signed POST to its callback URL. Like real providers it
 * retries with exponential backoff until answered 2xx, may deliver the same event twice (same `eventId`) and
 * lets deliveries overtake each other (jitter), so the receiver must be idempotent and order-independent.
 */
export class CallbackDispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  /** Queues the event announcing `op`'s final status (and, per the mode, a duplicate of it). */
  dispatch(op: SimOperation): void {
    if (!op.callbackUrl) return;
    const body = JSON.stringify({
      eventId: `evt_${randomUUID()}`,
      occurredAt: new Date(this.deps.now()).toISOString(),
      operation: presentOperation(op),
    });
    const mode = this.deps.mode();
    this.deliver(op.callbackUrl, body, 1, this.jitter(mode));
    if (mode.duplicateCallbackRate > 0 && this.deps.random() < mode.duplicateCallbackRate) {
      this.deps.stats.callbackDuplicatesSent += 1;
      this.deliver(op.callbackUrl, body, 1, this.jitter(mode));
    }
  }

  private jitter(mode: SimMode): number {
    return mode.callbackJitterMs > 0 ? between(this.deps.random, 0, mode.callbackJitterMs) : 0;
  }

  private deliver(url: string, body: string, attempt: number, delayMs: number): void {
    this.deps.timers.later(delayMs, async () => {
      const mode = this.deps.mode();
      if (mode.outage) {
        // A provider that is down sends nothing; the attempt is not spent.
        this.deliver(url, body, attempt, mode.callbackRetryBaseMs);
        return;
      }
      if (await this.post(url, body)) {
        this.deps.stats.callbacksDelivered += 1;
        return;
      }
      if (attempt >= mode.callbackMaxAttempts) {
        this.deps.stats.callbacksAbandoned += 1;
        this.deps.warn(`callback to ${url} abandoned after ${attempt} attempts`);
        return;
      }
      this.deliver(url, body, attempt + 1, mode.callbackRetryBaseMs * 2 ** (attempt - 1) + this.jitter(mode));
    });
  }

  /** One delivery; true when answered 2xx. Signed afresh each time so a late retry is not stale. */
  private async post(url: string, body: string): Promise<boolean> {
    this.deps.stats.callbackAttempts += 1;
    const signature = signCallback(this.deps.secret, Math.floor(this.deps.now() / 1000), body);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
        body,
        signal: AbortSignal.any([AbortSignal.timeout(this.deps.timeoutMs), this.deps.timers.closeSignal]),
      });
      await response.body?.cancel();
      return response.ok;
    } catch {
      return false;
    }
  }
}
