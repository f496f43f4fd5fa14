import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDbKinds } from '../test/db.js';
import { openPostgres, queryRows, queryRowsNamed, type Database } from './client.js';

describe.each(testDbKinds)('queryRowsNamed on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  const statement = (n: number, tags: string[]) =>
    sql`select ${n}::int * 2 as twice, ${sql.param(tags)}::text[] as tags,
               json_build_object('n', ${n}::int) as doc`;

  it('answers what queryRows answers, value after value', async () => {
    for (const [n, tags] of [
      [1, ['a']],
      [2, []],
      [3, ['b', 'c']],
    ] as const) {
      expect(await queryRowsNamed(database.db, statement(n, [...tags]))).toEqual(
        await queryRows(database.db, statement(n, [...tags])),
      );
    }
  });

  it('prepares one named statement per text on PostgreSQL, and none on PGlite', async () => {
    // PostgreSQL: one connection, so what it prepared can be read back on it.
    const one = kind === 'postgres' ? openPostgres(database.url!, { max: 1 }) : database;
    try {
      for (const n of [1, 2, 3]) await queryRowsNamed(one.db, statement(n, ['x']));
      await queryRowsNamed(one.db, sql`select ${1}::int as other`);
      const prepared = await queryRows<{ name: string }>(
        one.db,
        sql`select name from pg_prepared_statements where name like 'accord_%' order by statement`,
      );
      if (kind === 'pglite') {
        expect(prepared).toEqual([]);
        return;
      }
      expect(prepared.map((p) => p.name)).toEqual([
        expect.stringMatching(/^accord_[0-9a-f]{24}$/),
        expect.stringMatching(/^accord_[0-9a-f]{24}$/),
      ]);
      expect(prepared[0]!.name).not.toBe(prepared[1]!.name);
    } finally {
      if (one !== database) await one.close();
    }
  });
});
