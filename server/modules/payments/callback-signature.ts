import { createHmac, timingSafeEqual } from 'node:crypto';
import { CallbackVerificationError, type CallbackHeaders } from './provider.js';

/**
 * Callback signatures in the scheme the simulated provider uses (the same shape as Stripe's): a header
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. Signing the timestamp together with the
 * body is what makes the age check meaningful: an attacker replaying an old callback cannot refresh `t`.
 */
export const SIGNATURE_HEADER = 'sim-signature';

/** Default tolerance between the callback's timestamp and our clock, either way. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Computes the `v1` signature of `rawBody` at `timestamp` (unix seconds). */
export function callbackSignature(secret: string, timestamp: number, rawBody: string | Buffer): string {
  return createHmac('sha256', secret)
    .update(`${timestamp}.`)
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest('hex');
}

function headerValue(headers: CallbackHeaders, name: string): string | undefined {
  const direct = headers[name] ?? headers[name.toLowerCase()];
  if (direct !== undefined) return Array.isArray(direct) ? direct[0] : direct;
  const found = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = found === undefined ? undefined : headers[found];
  return Array.isArray(value) ? value[0] : value;
}

function parseHeader(value: string): { timestamp: number; signatures: string[] } {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of value.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d{1,12}$/.test(v)) timestamp = Number(v);
    else if (k === 'v1' && v && /^[0-9a-f]{64}$/.test(v)) signatures.push(v);
  }
  if (timestamp === undefined || signatures.length === 0) {
    throw new CallbackVerificationError('SIGNATURE_MALFORMED', 'signature header lacks t= or v1=');
  }
  return { timestamp, signatures };
}

/**
 * Verifies a signed callback. Several secrets may be given so a secret can be rotated without losing callbacks
 * in flight; several `v1` values may be sent for the same reason.
 * @throws CallbackVerificationError SIGNATURE_MISSING | SIGNATURE_MALFORMED | SIGNATURE_MISMATCH |
 *   TIMESTAMP_OUT_OF_TOLERANCE
 */
export function verifyCallbackSignature(input: {
  headers: CallbackHeaders;
  rawBody: string | Buffer;
  secrets: readonly string[];
  nowMs: number;
  toleranceSeconds?: number;
}): void {
  const value = headerValue(input.headers, SIGNATURE_HEADER);
  if (!value) throw new CallbackVerificationError('SIGNATURE_MISSING', `no ${SIGNATURE_HEADER} header`);
  const { timestamp, signatures } = parseHeader(value);
  // Check the signature before the age: a stale but authentic callback is worth telling apart in logs from a
  // forged one, and both are rejected anyway.
  const matches = input.secrets.some((secret) => {
    const expected = Buffer.from(callbackSignature(secret, timestamp, input.rawBody), 'hex');
    return signatures.some((s) => timingSafeEqual(expected, Buffer.from(s, 'hex')));
  });
  if (!matches)
    throw new CallbackVerificationError('SIGNATURE_MISMATCH', 'callback signature does not match');
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const ageSeconds = Math.abs(input.nowMs / 1000 - timestamp);
  if (ageSeconds > tolerance) {
    throw new CallbackVerificationError(
      'TIMESTAMP_OUT_OF_TOLERANCE',
      `callback timestamp is ${Math.round(ageSeconds)} s away from now (tolerance ${tolerance} s)`,
    );
  }
}
