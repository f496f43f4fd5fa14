import { z } from 'zod';
import type { SimModePatch } from './mode.js';

/**
 * The standalone simulator's configuration: this file is its only reader of the environment. Every mode field
 * has a variable so a demo can start the provider already misbehaving; `PUT /admin/mode` changes them later.
 */
const rate = z.coerce.number().min(0).max(1);
const ms = z.coerce.number().int().min(0);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  HOST: z.string().min(1).default('127.0.0.1'),
  SIM_SECRET: z.string().min(8, 'the callback signing secret Accord also holds (at least 8 characters)'),
  SIM_API_KEY: z.string().min(8).optional(),
  SIM_SEED: z.coerce.number().int().default(1),
  SIM_OUTAGE: z.enum(['true', 'false', '1', '0']).optional(),
  SIM_LATENCY_MS: z
    .string()
    .regex(/^\d+(-\d+)?$/, 'a number of ms or a range "min-max"')
    .optional(),
  SIM_FAILURE_RATE: rate.optional(),
  SIM_UNKNOWN_OUTCOME_RATE: rate.optional(),
  SIM_UNKNOWN_OUTCOME_STYLE: z.enum(['503', 'drop']).optional(),
  SIM_SETTLE_DELAY_MS: ms.optional(),
  SIM_DUPLICATE_CALLBACK_RATE: rate.optional(),
  SIM_CALLBACK_JITTER_MS: ms.optional(),
  SIM_CALLBACK_RETRY_BASE_MS: ms.min(1).optional(),
  SIM_CALLBACK_MAX_ATTEMPTS: z.coerce.number().int().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** What `main.ts` needs to start the simulator. */
export type SimConfig = {
  port: number;
  host: string;
  secret: string;
  apiKey: string | undefined;
  seed: number;
  mode: SimModePatch;
  logLevel: string;
};

/**
 * Parses the environment. Unset mode variables keep the defaults of `mode.ts`.
 * @throws Error listing every invalid variable
 */
export function loadSimConfig(env: NodeJS.ProcessEnv): SimConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid simulator configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mode: SimModePatch = {};
  if (e.SIM_OUTAGE !== undefined) mode.outage = e.SIM_OUTAGE === 'true' || e.SIM_OUTAGE === '1';
  if (e.SIM_LATENCY_MS !== undefined) {
    const [min, max = min] = e.SIM_LATENCY_MS.split('-').map(Number) as [number, number?];
    mode.latencyMs = { min, max };
  }
  if (e.SIM_FAILURE_RATE !== undefined) mode.failureRate = e.SIM_FAILURE_RATE;
  if (e.SIM_UNKNOWN_OUTCOME_RATE !== undefined) mode.unknownOutcomeRate = e.SIM_UNKNOWN_OUTCOME_RATE;
  if (e.SIM_UNKNOWN_OUTCOME_STYLE !== undefined) mode.unknownOutcomeStyle = e.SIM_UNKNOWN_OUTCOME_STYLE;
  if (e.SIM_SETTLE_DELAY_MS !== undefined) mode.settleDelayMs = e.SIM_SETTLE_DELAY_MS;
  if (e.SIM_DUPLICATE_CALLBACK_RATE !== undefined) mode.duplicateCallbackRate = e.SIM_DUPLICATE_CALLBACK_RATE;
  if (e.SIM_CALLBACK_JITTER_MS !== undefined) mode.callbackJitterMs = e.SIM_CALLBACK_JITTER_MS;
  if (e.SIM_CALLBACK_RETRY_BASE_MS !== undefined) mode.callbackRetryBaseMs = e.SIM_CALLBACK_RETRY_BASE_MS;
  if (e.SIM_CALLBACK_MAX_ATTEMPTS !== undefined) mode.callbackMaxAttempts = e.SIM_CALLBACK_MAX_ATTEMPTS;
  return {
    port: e.PORT,
    host: e.HOST,
    secret: e.SIM_SECRET,
    apiKey: e.SIM_API_KEY,
    seed: e.SIM_SEED,
    mode,
    logLevel: e.LOG_LEVEL,
  };
}
