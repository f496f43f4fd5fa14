import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../db/client.js';

/**
 * The database kinds the DB suite runs on: PGlite always, and PostgreSQL too when TEST_DATABASE_URL is set
 * (CI always sets it). Use with `describe.each(testDbKinds)`.
 */
export const testDbKinds: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

/**
 * A fresh, migrated database of the given kind. On PostgreSQL every call creates its own database
 * (`accord_t_…`) so parallel test files and concurrent CI runs never collide; `close()` drops it.
 * `migrationsFolder`: apply those migrations instead of the committed ones (see `migrationsUpTo`).
 */
export async function createTestDatabase(
  kind: 'pglite' | 'postgres',
  options: { migrationsFolder?: string } = {},
): Promise<Database> {
  if (kind === 'pglite') {
    const database = await openPglite(null);
    await database.migrate(options.migrationsFolder);
    return database;
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `accord_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), { max: 5 });
  await database.migrate(options.migrationsFolder);
  return {
    ...database,
    close: async () => {
      await database.close();
      await withAdmin(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A copy of the committed migrations up to and including `tag` (e.g. `0025_audit_append`), for a test of the
 * next one's data move: migrate to it, write rows as they were, then `migrate()` the rest.
 */
export function migrationsUpTo(tag: string): string {
  const source = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'db', 'migrations');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'accord-migrations-'));
  cpSync(source, dir, { recursive: true });
  const journalPath = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  const last = journal.entries.find((e) => e.tag === tag);
  if (!last) throw new Error(`migrationsUpTo: no migration ${tag}`);
  journal.entries = journal.entries.filter((e) => e.idx <= last.idx);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}
