import { z } from 'zod';
import { systemClock, type Clock } from '../../lib/clock.js';
import { verifyCallbackSignature } from './callback-signature.js';
import {
  CallbackVerificationError,
  ProviderRejectedError,
  ProviderUnknownOutcomeError,
  type CallbackHeaders,
  type FreezeRequest,
  type OperationLookup,
  type OperationResult,
  type OperationSnapshot,
  type PaymentProvider,
  type PayoutRequest,
  type ProviderEvent,
  type RefundRequest,
  type TransferRequest,
  type UnfreezeRequest,
} from './provider.js';

/** How to reach the provider's HTTP API and check its callbacks. */
export type HttpProviderOptions = {
  /** e.g. `http://127.0.0.1:4010` (no trailing `/v1`). */
  baseUrl: string;
  /** Secrets that may have signed a callback; the first is current, the rest are being rotated out. */
  callbackSecrets: readonly string[];
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
  /** Per request, including reading the body. A timeout is an unknown outcome. Default 10 s. */
  timeoutMs?: number;
  /** Accepted clock difference for callbacks, in seconds. Default 300. */
  toleranceSeconds?: number;
  clock?: Clock;
  /** Injected for tests that need to see or break the transport. */
  fetch?: typeof fetch;
};

const FenWireSchema = z.string().regex(/^\d{1,19}$/);

const OperationWireSchema = z.object({
  providerRef: z.string().min(1),
  kind: z.enum(['refund', 'transfer', 'payout', 'freeze', 'unfreeze']),
  idempotencyKey: z.string().min(1),
  status: z.enum(['accepted', 'succeeded', 'failed']),
  failureCode: z.string().min(1).optional(),
  amountFen: FenWireSchema.nullable(),
  replayed: z.boolean().optional(),
});
type OperationWire = z.infer<typeof OperationWireSchema>;

const EventWireSchema = z.object({
  eventId: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  operation: OperationWireSchema.extend({ status: z.enum(['succeeded', 'failed']) }),
});

const ProblemWireSchema = z.object({ code: z.string().min(1), detail: z.string().optional() });

function toSnapshot(op: OperationWire): OperationSnapshot {
  return {
    providerRef: op.providerRef,
    kind: op.kind,
    idempotencyKey: op.idempotencyKey,
    status: op.status,
    ...(op.failureCode ? { failureCode: op.failureCode } : {}),
    amountFen: op.amountFen === null ? null : BigInt(op.amountFen),
  };
}

function toResult(op: OperationWire): OperationResult {
  return {
    providerRef: op.providerRef,
    status: op.status,
    ...(op.failureCode ? { failureCode: op.failureCode } : {}),
    replayed: op.replayed ?? false,
  };
}

/**
 * Classifies a thrown fetch error. Every one of them leaves the outcome unknown, even "connection refused":
 * retrying under the same key is always safe, while guessing "not sent" wrongly is how money is paid twice.
 */
function transportError(error: unknown, what: string): ProviderUnknownOutcomeError {
  const name = error instanceof Error ? error.name : '';
  const reason = name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network';
  return new ProviderUnknownOutcomeError(reason, `${what}: ${String(error)}`, undefined, { cause: error });
}

/** The {@link PaymentProvider} adapter over the provider's JSON HTTP API (the simulated provider's today). */
export class HttpPaymentProvider implements PaymentProvider {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: HttpProviderOptions) {
    if (options.callbackSecrets.length === 0) throw new Error('HttpPaymentProvider needs a callback secret');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.clock = options.clock ?? systemClock;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** @inheritdoc */
  async refund(request: RefundRequest): Promise<OperationResult> {
    return toResult(
      await this.send('POST', '/v1/refunds', { ...request, amountFen: String(request.amountFen) }),
    );
  }

  /** @inheritdoc */
  async transfer(request: TransferRequest): Promise<OperationResult> {
    return toResult(
      await this.send('POST', '/v1/transfers', { ...request, amountFen: String(request.amountFen) }),
    );
  }

  /** @inheritdoc */
  async payout(request: PayoutRequest): Promise<OperationResult> {
    return toResult(
      await this.send('POST', '/v1/payouts', { ...request, amountFen: String(request.amountFen) }),
    );
  }

  /** @inheritdoc */
  async freeze(request: FreezeRequest): Promise<OperationResult> {
    return toResult(await this.send('POST', '/v1/freezes', request));
  }

  /** @inheritdoc */
  async unfreeze(request: UnfreezeRequest): Promise<OperationResult> {
    const { freezeRef, ...body } = request;
    return toResult(await this.send('POST', `/v1/freezes/${encodeURIComponent(freezeRef)}/release`, body));
  }

  /** @inheritdoc */
  async getStatus(lookup: OperationLookup): Promise<OperationSnapshot> {
    const path =
      'providerRef' in lookup
        ? `/v1/operations/${encodeURIComponent(lookup.providerRef)}`
        : `/v1/operations?idempotencyKey=${encodeURIComponent(lookup.idempotencyKey)}`;
    return toSnapshot(await this.send('GET', path, undefined));
  }

  /** @inheritdoc */
  verifyCallback(headers: CallbackHeaders, rawBody: string | Buffer): ProviderEvent {
    verifyCallbackSignature({
      headers,
      rawBody,
      secrets: this.options.callbackSecrets,
      nowMs: this.clock.now().getTime(),
      ...(this.options.toleranceSeconds !== undefined
        ? { toleranceSeconds: this.options.toleranceSeconds }
        : {}),
    });
    let json: unknown;
    try {
      json = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
    } catch {
      throw new CallbackVerificationError('BODY_MALFORMED', 'callback body is not JSON');
    }
    const parsed = EventWireSchema.safeParse(json);
    if (!parsed.success) throw new CallbackVerificationError('BODY_MALFORMED', parsed.error.message);
    const { eventId, occurredAt, operation } = parsed.data;
    return {
      ...toSnapshot(operation),
      status: operation.status,
      eventId,
      occurredAt: new Date(occurredAt),
    };
  }

  /**
   * One HTTP exchange, mapped onto the error contract: 2xx → the operation; 5xx, 409 (same key in flight),
   * transport errors and unreadable 2xx bodies → unknown outcome; other 4xx → rejected (429 retryable).
   */
  private async send(method: 'GET' | 'POST', path: string, body: unknown): Promise<OperationWire> {
    const what = `${method} ${path.split('?')[0]}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    let status: number;
    let text: string;
    try {
      // The timeout covers the body too: a provider that sends headers and then stalls is still a timeout.
      const response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw transportError(error, what);
    }
    if (status >= 200 && status < 300) {
      const parsed = OperationWireSchema.safeParse(safeJson(text));
      if (parsed.success) return parsed.data;
      // The provider said yes but we cannot read what it did: the operation may exist.
      throw new ProviderUnknownOutcomeError('bad_response', `${what}: unreadable ${status} body`, status);
    }
    if (status >= 500) {
      throw new ProviderUnknownOutcomeError('server_error', `${what}: provider answered ${status}`, status);
    }
    if (status === 409) {
      throw new ProviderUnknownOutcomeError('in_progress', `${what}: same key still in progress`, status);
    }
    const problem = ProblemWireSchema.safeParse(safeJson(text));
    const code = problem.success ? problem.data.code : `HTTP_${status}`;
    const detail = problem.success ? problem.data.detail : undefined;
    throw new ProviderRejectedError(
      code,
      status,
      status === 429,
      `${what}: ${code}${detail ? ` (${detail})` : ''}`,
    );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
