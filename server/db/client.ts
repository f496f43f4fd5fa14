import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** A Drizzle handle: the database itself or a transaction (a transaction is-a database in Drizzle). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** An open database: PGlite in-process (embedded default) or PostgreSQL through node-postgres. */
export type Database = {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** The connection URL (PostgreSQL only), e.g. for tools started as separate processes. */
  url?: string;
  /**
   * Applies committed migrations; safe to call from several processes at once (advisory lock). `folder`: the
   * migrations to apply instead (a test of a migration's data move starts from the ones before it).
   */
  migrate(folder?: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
};

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Arbitrary constant shared by every Accord process: serialises concurrent migrators on one server.
const MIGRATION_LOCK_KEY = 7_302_019_001;

/** Opens PGlite with data under `dataDir` (created if missing), or in memory when `dataDir` is null. */
export async function openPglite(dataDir: string | null): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    migrate: (folder = MIGRATIONS_DIR) =>
      migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: folder }),
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}

/** Opens a node-postgres pool for `url`. */
export function openPostgres(url: string, options: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // Idle clients can error when the server restarts; without a listener that would crash the process.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    url,
    migrate: async (folder = MIGRATIONS_DIR) => {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder: folder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        client.release();
      }
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}

/** Opens the database the config asks for: PostgreSQL when a URL is set, else PGlite under the data dir. */
export async function openDatabase(config: {
  databaseUrl: string | undefined;
  dataDir: string;
}): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  return openPglite(path.join(config.dataDir, 'pg'));
}

/** Runs raw SQL and returns its rows (both drivers answer `{ rows }`). For checks and tooling, not use cases. */
export async function queryRows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

/**
 * {@link queryRows} for a hot statement whose text repeats with different values (intake's batch write): on
 * node-postgres a named statement, parsed and planned once per connection, named by a hash of its text so two
 * texts never share a name. Elsewhere (PGlite, a transaction handle) an ordinary statement. Only for a
 * statement whose generic plan (PostgreSQL's choice after five runs) is as good as a custom one: intake's
 * look-ups took 3× as long that way. Top-level columns come back as node-postgres parses them: use it for
 * text, number and JSON columns, not timestamps.
 */
export async function queryRowsNamed<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const client = (db as { $client?: unknown }).$client;
  if (!(client instanceof pg.Pool)) return queryRows<T>(db, query);
  const { sql: text, params } = pgDialect.sqlToQuery(query);
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `accord_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    // A handful of texts in practice (one per batch shape); bounded all the same.
    if (statementNames.size >= 1_000) statementNames.clear();
    statementNames.set(text, name);
  }
  const result = await client.query<T & pg.QueryResultRow>({ name, text, values: params });
  return result.rows;
}

const pgDialect = new PgDialect();
const statementNames = new Map<string, string>();

/**
 * A statement prepared once per database handle, for lookups that run on every request (credentials): on
 * PostgreSQL a named statement, parsed and planned once per connection instead of per call, and no query
 * building in JS. `build` must use `sql.placeholder` for its inputs.
 */
export function preparedPerDb<T>(build: (db: Db) => T): (db: Db) => T {
  const prepared = new WeakMap<Db, T>();
  return (db) => {
    let statement = prepared.get(db);
    if (!statement) {
      statement = build(db);
      prepared.set(db, statement);
    }
    return statement;
  };
}
