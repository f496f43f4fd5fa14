/**
 * A separate sweeper process for the multi-process deadline tests: connects to DATABASE_URL and sweeps with
 * a fixed clock (SWEEP_NOW) until nothing is due for a while. Its breach hook writes one row per firing into
 * `test_effects` (no unique key, so a double firing would show as two rows). With HANG_AFTER_EFFECT it
 * announces "claimed" and then hangs inside the firing transaction, to be killed mid-action.
 */
import { sql } from 'drizzle-orm';
import { openPostgres } from '../db/client.js';
import { sweepDeadlines } from '../modules/deadlines/index.js';

const url = process.env.DATABASE_URL;
const now = new Date(process.env.SWEEP_NOW ?? '');
if (!url || Number.isNaN(now.getTime())) throw new Error('DATABASE_URL and SWEEP_NOW are required');
const hang = process.env.HANG_AFTER_EFFECT === '1';
const database = openPostgres(url, { max: 2 });

let breached = 0;
let idleRounds = 0;
while (idleRounds < 5) {
  const result = await sweepDeadlines(database.db, {
    now: () => now,
    batchSize: 50,
    hooks: {
      escalate: async (tx, rows) => {
        for (const d of rows)
          await tx.execute(sql`insert into test_effects (deadline_id, pid) values (${d.id}, ${process.pid})`);
        if (hang) {
          console.log('claimed');
          await new Promise((resolve) => setTimeout(resolve, 60_000));
        }
      },
    },
  });
  breached += result.breached;
  idleRounds = result.breached + result.warned === 0 ? idleRounds + 1 : 0;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
console.log(JSON.stringify({ pid: process.pid, breached }));
await database.close();
