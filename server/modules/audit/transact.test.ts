import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database, type Db } from '../../db/client.js';
import { isRetryableConflict } from '../../db/conflicts.js';
import { createTestDatabase, testDbKinds } from '../../test/db.js';
import { transact } from './audit.repo.js';

/** Deadlocks need two connections: PostgreSQL only (PGlite runs one transaction at a time). */
describe.skipIf(!testDbKinds.includes('postgres'))('transact on a deadlock (postgres)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await database.db.execute(sql`create table lock_pair (id int primary key, n int not null)`);
    await database.db.execute(sql`insert into lock_pair values (1, 0), (2, 0)`);
  });
  afterAll(async () => {
    await database.close();
  });

  const total = async () =>
    (await queryRows<{ s: number }>(database.db, sql`select sum(n)::int as s from lock_pair`))[0]!.s;

  /** Two transactions locking the pair in opposite orders, each waiting for the other to hold its first row. */
  async function crossLocks(options: { retryConflicts?: boolean }) {
    let arrived = 0;
    let release!: () => void;
    const bothHoldFirst = new Promise<void>((r) => (release = r));
    let tries = 0;
    const bump = (first: number, second: number) =>
      transact(
        database.db,
        async (tx: Db) => {
          tries += 1;
          await tx.execute(sql`update lock_pair set n = n + 1 where id = ${first}`);
          if (++arrived === 2) release();
          await bothHoldFirst;
          await tx.execute(sql`update lock_pair set n = n + 1 where id = ${second}`);
        },
        options,
      );
    const results = await Promise.allSettled([bump(1, 2), bump(2, 1)]);
    return { results, tries };
  }

  it('without the option, the deadlock victim fails with a retryable conflict and nothing of it is saved', async () => {
    const before = await total();
    const { results } = await crossLocks({});
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(isRetryableConflict((failed[0] as PromiseRejectedResult).reason)).toBe(true);
    const after = await total();
    expect(after - before).toBe(2);
  });

  it('with retryConflicts, the victim runs again and both commit', async () => {
    const before = await total();
    const { results, tries } = await crossLocks({ retryConflicts: true });
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(tries).toBe(3);
    const after = await total();
    expect(after - before).toBe(4);
  });
});
