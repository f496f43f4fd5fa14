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

  it.runIf(kind === 'postgres')('prepares one named statement per text on each connection', async () => {
    // One connection, so what it prepared can be read back on it.
    const one = openPostgres(database.url!, { max: 1 });
    try {
      for (const n of [1, 2, 3]) await queryRowsNamed(one.db, statement(n, ['x']));
      await queryRowsNamed(one.db, sql`select ${1}::int as other`);
      const prepared = await queryRows<{ name: string; statement: string }>(
        one.db,
        sql`select name, statement from pg_prepared_statements order by statement`,
      );
      expect(prepared.map((p) => p.name)).toEqual([
        expect.stringMatching(/^accord_[0-9a-f]{24}$/),
        expect.stringMatching(/^accord_[0-9a-f]{24}$/),
      ]);
      expect(prepared[0]!.name).not.toBe(prepared[1]!.name);
    } finally {
      await one.close();
    }
  });
});
