/**
 * Databases for benchmarks: a throwaway PostgreSQL database per bench process, and PGlite in-process.
 *
 * Invariants: a bench never writes to the database named in the URL it was given (that may be someone's
 * `test` or `postgres`); it creates `accord_bench_<run>_<random>` there and drops it when done, also on
 * Ctrl-C. bench/run.ts drops any database of its own run a crashed bench left behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { note } from './measure.js';

/** Env var bench/run.ts sets so every database of one run shares a prefix it can clean up. */
export const RUN_TAG_ENV = 'ACCORD_BENCH_RUN';
/** Set to `1` to fail instead of falling back to PGlite-only when PostgreSQL is unreachable (CI). */
export const REQUIRE_POSTGRES_ENV = 'BENCH_REQUIRE_POSTGRES';
const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const CONNECT_TIMEOUT_MS = 3_000;
const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** The PostgreSQL server benches run against, and which setting named it. */
export type PostgresTarget = {
  url: string;
  source: 'BENCH_DATABASE_URL' | 'TEST_DATABASE_URL' | 'default';
};

/** `BENCH_DATABASE_URL`, else `TEST_DATABASE_URL`, else the local trust-auth server. */
export function resolvePostgresTarget(env: NodeJS.ProcessEnv = process.env): PostgresTarget {
  if (env.BENCH_DATABASE_URL) return { url: env.BENCH_DATABASE_URL, source: 'BENCH_DATABASE_URL' };
  if (env.TEST_DATABASE_URL) return { url: env.TEST_DATABASE_URL, source: 'TEST_DATABASE_URL' };
  return { url: DEFAULT_URL, source: 'default' };
}

/** The URL with any password replaced by `***`, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable database URL>';
  }
}

/** `url` pointing at database `name` on the same server, keeping credentials and query parameters. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Connects once and reports whether the server answers, with its version or the reason it does not. */
export async function probePostgres(
  url: string,
): Promise<{ ok: true; version: string } | { ok: false; reason: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return { ok: true, version: rows[0]?.server_version ?? 'unknown' };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message || error.name : String(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A throwaway database on the target server; `drop()` removes it (idempotent). */
export type BenchDatabase = {
  name: string;
  url: string;
  target: PostgresTarget;
  serverVersion: string;
  drop(): Promise<void>;
};

function runTag(): string {
  const tag = process.env[RUN_TAG_ENV] ?? '';
  return /^[a-z0-9]{1,16}$/.test(tag) ? tag : randomBytes(4).toString('hex');
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  // WITH (FORCE) (PostgreSQL 13+) ends the bench's own pooled connections that are still open.
  await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`).catch(
    async (error: unknown) => {
      if ((error as { code?: string }).code !== '42601') throw error;
      await adminQuery(adminUrl, `drop database if exists "${name}"`);
    },
  );
}

const cleanups = new Map<symbol, { what: string; run: () => Promise<void> | void }>();

function onSignal(signal: NodeJS.Signals): void {
  // Ctrl-C reaches the bench too (bench/run.ts shares its process group): clean up, then exit as the
  // signal would have. A second signal while cleaning up exits at once.
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // Dropping the database ends the bench's own connections, so the interrupted work fails next; that
  // failure must not kill the process before the cleanup has finished.
  process.on('uncaughtException', () => undefined);
  const pending = [...cleanups.values()];
  cleanups.clear();
  void Promise.allSettled(
    pending.map(async ({ what, run }) => {
      note(`${signal}: ${what} before exiting`);
      await run();
    }),
  ).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
}

/** Runs `cleanup` if the process is interrupted (SIGINT/SIGTERM) before the returned `forget()` is called. */
export function onInterrupt(what: string, cleanup: () => Promise<void> | void): () => void {
  const key = Symbol(what);
  if (cleanups.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  cleanups.set(key, { what, run: cleanup });
  return () => {
    cleanups.delete(key);
    if (cleanups.size === 0) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  };
}

/**
 * Opens a fresh `accord_bench_*` database on the target server, or returns `null` after saying clearly
 * that PostgreSQL is unreachable (so the bench can go on with PGlite only). With
 * `BENCH_REQUIRE_POSTGRES=1` an unreachable server is an error instead.
 */
export async function openBenchDatabase(target = resolvePostgresTarget()): Promise<BenchDatabase | null> {
  const probe = await probePostgres(target.url);
  if (!probe.ok) {
    const message =
      `PostgreSQL is unreachable at ${redactUrl(target.url)} (from ${target.source}): ${probe.reason}. ` +
      `Set BENCH_DATABASE_URL to a reachable server.`;
    if (process.env[REQUIRE_POSTGRES_ENV] === '1') throw new Error(message);
    note(`${message} Running the PGlite part only; PostgreSQL figures will be null.`);
    return null;
  }
  const name = `accord_bench_${runTag()}_${randomBytes(3).toString('hex')}`;
  await adminQuery(target.url, `create database "${name}"`);
  let dropped: Promise<void> | null = null;
  const drop = (): Promise<void> => {
    dropped ??= (async () => {
      forget();
      await dropDatabase(target.url, name);
    })();
    return dropped;
  };
  const forget = onInterrupt(`dropping ${name}`, drop);
  return { name, url: withDatabase(target.url, name), target, serverVersion: probe.version, drop };
}

/**
 * Drops the `accord_bench_<tag>_*` databases a crashed or killed bench of run `tag` left behind.
 * Only this run's tag is touched, so concurrent runs by other people are safe.
 */
export async function dropLeftoverBenchDatabases(
  tag: string,
  target = resolvePostgresTarget(),
): Promise<string[]> {
  if (!/^[a-z0-9]{1,16}$/.test(tag)) throw new Error(`invalid run tag ${tag}`);
  const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`accord\\_bench\\_${tag}\\_%`],
    );
    for (const { datname } of rows) await dropDatabase(target.url, datname);
    return rows.map((row) => row.datname);
  } catch {
    return [];
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * PGlite in this process. By default its data lives in a temporary directory under bench/results/
 * (the same disk as the app's `./data`, like the embedded default); `memory: true` keeps it in memory.
 */
export async function openBenchPglite(options: { memory?: boolean } = {}): Promise<{
  db: PGlite;
  dataDir: string | null;
  close(): Promise<void>;
}> {
  let dataDir: string | null = null;
  if (!options.memory) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    dataDir = mkdtempSync(path.join(RESULTS_DIR, 'pglite-'));
  }
  const removeDir = (): void => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const forget = dataDir ? onInterrupt(`removing ${dataDir}`, removeDir) : () => undefined;
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  try {
    await db.waitReady;
  } catch (error) {
    forget();
    removeDir();
    throw error;
  }
  return {
    db,
    dataDir,
    close: async () => {
      forget();
      await db.close();
      removeDir();
    },
  };
}
