import { z } from 'zod';

/**
 * Money is integer fen everywhere (1 yuan = 100 fen). On the wire an amount is a JSON integer or a string of
 * digits (for sums beyond 2^53); responses always use strings so no client loses precision.
 */
export const FenInputSchema = z
  .union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,18}$/)])
  .transform((v) => BigInt(v));

/** An amount that must be more than nothing (a top-up, a withdrawal, a write-off). */
export const PositiveFenInputSchema = FenInputSchema.refine((v) => v > 0n, {
  message: '金额须大于 0 / must be positive',
});

/** A fen amount as it appears in responses. */
export const FenSchema = z.string().regex(/^-?\d+$/);

export { formatFen } from './fen.js';
