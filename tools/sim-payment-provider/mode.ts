import { z } from 'zod';

/**
 * How the simulated provider misbehaves right now. Changed at runtime through `setMode` or `PUT /admin/mode`;
 * every rate is a probability drawn from the seeded random source, so a seed plus a sequence of requests
 * replays exactly.
 */
export const SimModeSchema = z.strictObject({
  /** Every provider request answers 503 and nothing settles or calls back until cleared. */
  outage: z.boolean(),
  /** Simulated processing time of a new operation, drawn uniformly from [min, max] ms. */
  latencyMs: z
    .strictObject({ min: z.number().int().min(0).max(60_000), max: z.number().int().min(0).max(60_000) })
    .refine((l) => l.min <= l.max, 'min must not exceed max'),
  /** Share of accepted refunds and payouts that end `failed` (a definite failure, e.g. ACCOUNT_CLOSED). */
  failureRate: z.number().min(0).max(1),
  /** Share of new refunds and payouts that are performed but whose response is lost. */
  unknownOutcomeRate: z.number().min(0).max(1),
  /** How the response is lost: a 503 after doing the work, or the connection dropped without an answer. */
  unknownOutcomeStyle: z.enum(['503', 'drop']),
  /** Time from acceptance to the final status (and the callback). */
  settleDelayMs: z.number().int().min(0).max(3_600_000),
  /** Share of callbacks delivered a second time (same event id), as real providers do. */
  duplicateCallbackRate: z.number().min(0).max(1),
  /** Random extra delay before each callback delivery, so deliveries overtake each other. */
  callbackJitterMs: z.number().int().min(0).max(60_000),
  /** First retry delay of a callback that was not answered 2xx; doubles per attempt. */
  callbackRetryBaseMs: z.number().int().min(1).max(3_600_000),
  /** Deliveries attempted per callback before giving up (Accord then reconciles with getStatus). */
  callbackMaxAttempts: z.number().int().min(1).max(50),
});

/** The simulated provider's behaviour; see {@link SimModeSchema} for each field. */
export type SimMode = z.infer<typeof SimModeSchema>;

/** A partial change of mode, as accepted by `setMode` and `PUT /admin/mode`. */
export const SimModePatchSchema = SimModeSchema.partial();

/** A partial change of mode. */
export type SimModePatch = z.infer<typeof SimModePatchSchema>;

/** A well-behaved provider: small latency, no failures, prompt callbacks. */
export const DEFAULT_MODE: SimMode = {
  outage: false,
  latencyMs: { min: 5, max: 50 },
  failureRate: 0,
  unknownOutcomeRate: 0,
  unknownOutcomeStyle: '503',
  settleDelayMs: 200,
  duplicateCallbackRate: 0,
  callbackJitterMs: 0,
  callbackRetryBaseMs: 1_000,
  callbackMaxAttempts: 8,
};

/**
 * Applies a patch to a mode and validates the result as a whole (a new `min` is checked against the old `max`).
 * @throws ZodError when the result is not a valid mode
 */
export function applyModePatch(mode: SimMode, patch: SimModePatch): SimMode {
  return SimModeSchema.parse({ ...mode, ...SimModePatchSchema.parse(patch) });
}
