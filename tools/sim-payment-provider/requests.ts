import { z } from 'zod';
import type { SimOperationKind } from './store.js';

/**
 * The simulated provider's request bodies. Strict: an unknown field is a 400, as a real provider would refuse
 * a field it does not understand rather than ignore part of a money instruction.
 */
const KeySchema = z.string().regex(/^[\x21-\x7e]{1,255}$/, '1–255 visible ASCII characters');
/** A payment, order or merchant-account reference. */
export const RefSchema = z.string().min(1).max(128);
// Provider amounts are positive integer fen as digit strings, as in Accord's responses (ADR 0009).
const PositiveFenSchema = z
  .string()
  .regex(/^[1-9]\d{0,17}$/, 'a positive integer number of fen, as a string')
  .transform((v) => BigInt(v));
const TextSchema = z.string().min(1).max(256);
const UrlSchema = z.url({ protocol: /^https?$/ });

/** `POST /v1/refunds`: a refund along the original route. */
export const RefundBodySchema = z.strictObject({
  idempotencyKey: KeySchema,
  paymentRef: RefSchema,
  orderRef: RefSchema,
  amountFen: PositiveFenSchema,
  reason: TextSchema,
  callbackUrl: UrlSchema,
});
export type RefundBody = z.output<typeof RefundBodySchema>;

/** `POST /v1/transfers`: money to the payer of a payment, into its account balance (打款到账户余额). */
export const TransferBodySchema = RefundBodySchema;
export type TransferBody = z.output<typeof TransferBodySchema>;

/** `POST /v1/payouts`: settlement money to a merchant account. */
export const PayoutBodySchema = z.strictObject({
  idempotencyKey: KeySchema,
  merchantAccountRef: RefSchema,
  amountFen: PositiveFenSchema,
  memo: TextSchema,
  callbackUrl: UrlSchema,
});
export type PayoutBody = z.output<typeof PayoutBodySchema>;

/** `POST /v1/freezes`: stop-payment on a merchant account. */
export const FreezeBodySchema = z.strictObject({
  idempotencyKey: KeySchema,
  merchantAccountRef: RefSchema,
  reason: TextSchema,
});
export type FreezeBody = z.output<typeof FreezeBodySchema>;

/** `POST /v1/freezes/:freezeRef/release`. */
export const ReleaseBodySchema = z.strictObject({ idempotencyKey: KeySchema, reason: TextSchema });
export type ReleaseBody = z.output<typeof ReleaseBodySchema> & { freezeRef: string };

/** `GET /v1/operations?idempotencyKey=…`. */
export const OperationQuerySchema = z.strictObject({ idempotencyKey: KeySchema });

/** `POST /payments`: the marketplace side makes the provider know a consumer payment. */
export const PaymentBodySchema = z.strictObject({
  paymentRef: RefSchema,
  orderRef: RefSchema.optional(),
  amountFen: PositiveFenSchema,
});

/** `POST /payments/batch`: many at once (the mass-refund bench registers 50,000). */
export const PaymentBatchSchema = z.strictObject({ payments: z.array(PaymentBodySchema).min(1).max(10_000) });

/**
 * The request's identity for idempotency: everything but the callback URL, which is delivery routing rather
 * than part of the instruction (Accord may move hosts between a first attempt and a re-issue a day later).
 */
export function fingerprint(kind: SimOperationKind, body: Record<string, unknown>): string {
  const fields = Object.entries(body)
    .filter(([k]) => k !== 'callbackUrl')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]);
  return JSON.stringify([kind, fields]);
}
