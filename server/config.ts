import path from 'node:path';
import { z } from 'zod';

/**
 * Accord's configuration. This module is the only reader of `process.env`; everything else receives a
 * parsed `Config`. Parsing happens once at boot and fails fast with a readable list of problems.
 */

/** API processes per deployment unless ACCORD_WORKERS says otherwise (ADR 0015): the benches' headline shape. */
export const DEFAULT_WORKERS = 1;
const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  ACCORD_ROLE: z.enum(['api', 'scheduler', 'all']).default('all'),
  ACCORD_WORKERS: z.coerce.number().int().min(1).max(64).default(DEFAULT_WORKERS),
  ACCORD_RESPONSE_CHECK: z.enum(['strict', 'off']).optional(),
  ACCORD_CASE_PAGE_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
  ACCORD_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().url().optional(),
  ACCORD_DEMO: booleanish.default(true),
  ACCORD_PUBLIC_URL: z.string().url().optional(),
  ACCORD_MASTER_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=_-]{43,}$/, 'must be at least 32 random bytes, base64-encoded')
    .optional(),
  ACCORD_MASTER_KEY_ID: z
    .string()
    .regex(/^[a-z0-9-]{1,16}$/)
    .default('k1'),
  ACCORD_OLD_KEYS: z.string().optional(),
  ACCORD_SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  ACCORD_SECURE_COOKIES: booleanish.optional(),
  ACCORD_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be smtp://user:pass@host:port or smtps://…')
    .optional(),
  ACCORD_MAIL_FROM: z.string().min(3).default('Accord <no-reply@localhost>'),
  ACCORD_SMS: z.enum(['log', 'off']).default('log'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ACCORD_PAYMENT_PROVIDER_URL: z.string().url().optional(),
  ACCORD_PAYMENT_PROVIDER_API_KEY: z.string().min(1).optional(),
  ACCORD_PAYMENT_CALLBACK_SECRETS: z.string().min(1).optional(),
  ACCORD_PAYMENT_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  role: 'api' | 'scheduler' | 'all';
  /** API worker processes sharing the port (node:cluster); more than 1 needs PostgreSQL. */
  workers: number;
  /** `strict`: every answer is checked against its response schema (ADR 0015); default off in production. */
  responseCheck: 'strict' | 'off';
  /** Rendered case pages kept per process (case-page-cache.ts); 0 turns the cache off. */
  casePageCacheBytes: number;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  publicUrl: string | undefined;
  /** Keys as `{ id, base64 }`; the first is the active key. Absent → a generated dev key (embedded only). */
  masterKeys: { id: string; key: string }[];
  sessionTtlHours: number;
  secureCookies: boolean;
  logLevel: string;
  /**
   * The payment provider. Without `providerUrl` (development and demo only) `npm start` runs the simulated
   * provider in-process — a fake behind the real interface.
   */
  payments: {
    providerUrl: string | undefined;
    apiKey: string | undefined;
    callbackSecrets: string[];
    timeoutMs: number;
  };
  /** Outbound notices: SMTP for email (simulated in the log without it), SMS simulated in the log or off. */
  notices: { smtpUrl: string | undefined; mailFrom: string; sms: 'log' | 'off' };
};

/** Raised when the environment is invalid; main prints `message` and exits 1. */
export class ConfigError extends Error {}

/**
 * Parses the environment (and `--no-demo` from argv) into a Config.
 * @throws ConfigError listing every invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const masterKeys: { id: string; key: string }[] = [];
  if (e.ACCORD_MASTER_KEY) masterKeys.push({ id: e.ACCORD_MASTER_KEY_ID, key: e.ACCORD_MASTER_KEY });
  for (const entry of (e.ACCORD_OLD_KEYS ?? '').split(',').filter(Boolean)) {
    const [id, key] = entry.split(':');
    if (!id || !key)
      throw new ConfigError('Invalid configuration:\n  - ACCORD_OLD_KEYS: expected "id:base64key,…"');
    masterKeys.push({ id, key });
  }
  if (e.NODE_ENV === 'production' && masterKeys.length === 0) {
    throw new ConfigError(
      'Invalid configuration:\n  - ACCORD_MASTER_KEY: required in production (PII is encrypted with it)',
    );
  }
  if (e.ACCORD_WORKERS > 1 && !e.DATABASE_URL) {
    throw new ConfigError(
      `Invalid configuration:\n  - ACCORD_WORKERS: ${e.ACCORD_WORKERS} worker processes need DATABASE_URL (PostgreSQL). ` +
        'The embedded database (PGlite) lives inside one process and has one writer: run one worker, or point DATABASE_URL at PostgreSQL.',
    );
  }
  if (e.ACCORD_WORKERS > 1 && e.ACCORD_ROLE === 'scheduler') {
    throw new ConfigError(
      'Invalid configuration:\n  - ACCORD_WORKERS: worker processes serve the API; with ACCORD_ROLE=scheduler run one process (start more scheduler processes if you want several, they are safe together).',
    );
  }
  const callbackSecrets = (e.ACCORD_PAYMENT_CALLBACK_SECRETS ?? '').split(',').filter(Boolean);
  if (e.ACCORD_PAYMENT_PROVIDER_URL && callbackSecrets.length === 0) {
    throw new ConfigError(
      'Invalid configuration:\n  - ACCORD_PAYMENT_CALLBACK_SECRETS: required with ACCORD_PAYMENT_PROVIDER_URL (callbacks are verified with it)',
    );
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    role: e.ACCORD_ROLE,
    workers: e.ACCORD_WORKERS,
    responseCheck: e.ACCORD_RESPONSE_CHECK ?? (e.NODE_ENV === 'production' ? 'off' : 'strict'),
    casePageCacheBytes: e.ACCORD_CASE_PAGE_CACHE_MB * 1024 * 1024,
    dataDir: path.resolve(e.ACCORD_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    demo: argv.includes('--no-demo') ? false : e.ACCORD_DEMO,
    publicUrl: e.ACCORD_PUBLIC_URL,
    masterKeys,
    sessionTtlHours: e.ACCORD_SESSION_TTL_HOURS,
    secureCookies: e.ACCORD_SECURE_COOKIES ?? e.NODE_ENV === 'production',
    logLevel: e.LOG_LEVEL,
    payments: {
      providerUrl: e.ACCORD_PAYMENT_PROVIDER_URL,
      apiKey: e.ACCORD_PAYMENT_PROVIDER_API_KEY,
      callbackSecrets,
      timeoutMs: e.ACCORD_PAYMENT_PROVIDER_TIMEOUT_MS,
    },
    notices: { smtpUrl: e.ACCORD_SMTP_URL, mailFrom: e.ACCORD_MAIL_FROM, sms: e.ACCORD_SMS },
  };
}
