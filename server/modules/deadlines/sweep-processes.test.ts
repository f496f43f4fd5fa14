import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../../db/client.js';
import { newId } from '../../lib/ids.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { buildWorkCalendar } from '../calendar/index.js';
import { insertTenant } from '../tenants/tenants.repo.js';
import { createTestDatabase } from '../../test/db.js';
import { openDeadline } from './manage-deadlines.js';
import { sweepDeadlines } from './sweep-deadlines.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SCRIPT = path.join(ROOT, 'server/test/sweeper-process.ts');
const T0 = new Date('2026-11-02T01:00:00Z');
const NOW = new Date('2026-11-03T01:00:00Z');

type Child = {
  done: Promise<{ code: number | null; out: string }>;
  kill: () => void;
  waitFor: (text: string) => Promise<void>;
};

function sweeper(url: string, env: Record<string, string> = {}): Child {
  // node --import tsx (not the tsx wrapper) so that SIGKILL hits the process that holds the locks.
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, SWEEP_NOW: NOW.toISOString(), ...env },
  });
  let out = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters) if (out.includes(w.text)) w.resolve();
  });
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return {
    done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, out }))),
    kill: () => child.kill('SIGKILL'),
    waitFor: (text) => new Promise((resolve) => waiters.push({ text, resolve })),
  };
}

// Real processes need a real server: PGlite lives inside one process. CI always sets TEST_DATABASE_URL.
describe.runIf(Boolean(process.env.TEST_DATABASE_URL))(
  'deadline sweeps in separate processes (PostgreSQL)',
  () => {
    let database: Database;
    let url: string;
    let tenantId: string;
    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      url = database.url!;
      tenantId = newId('ten');
      await insertTenant(database.db, { id: tenantId, slug: tenantId, name: 'processes' });
      await database.db.execute(sql`create table test_effects (deadline_id text not null, pid int not null)`);
    });
    afterAll(() => database.close());

    async function openMany(count: number, prefix: string) {
      const calendar = buildWorkCalendar();
      await database.db.transaction(async (tx) => {
        for (let i = 0; i < count; i++) {
          await openDeadline(
            tx,
            {
              tenantId,
              subject: { type: 'case', id: `${prefix}${i}` },
              kind: 'decision',
              owner: 'platform',
              clause: 'test',
              startsAt: T0,
              target: { unit: 'hours', amount: 1 },
              warnPercent: null,
              onBreach: 'escalate',
            },
            { actor: SYSTEM_ACTOR, now: T0, calendar },
          );
        }
      });
    }

    const effects = () =>
      queryRows<{ total: number; distinct: number; pids: number }>(
        database.db,
        sql`select count(*)::int as total, count(distinct deadline_id)::int as distinct, count(distinct pid)::int as pids from test_effects`,
      );

    it('two scheduler processes on one PostgreSQL never fire the same deadline twice', async () => {
      await openMany(1000, 'case_two_');
      const [a, b] = [sweeper(url), sweeper(url)];
      const results = await Promise.all([a.done, b.done]);
      for (const r of results) expect(r.code, r.out).toBe(0);
      const counts = results.map(
        (r) => (JSON.parse(r.out.trim().split('\n').pop()!) as { breached: number }).breached,
      );
      expect(counts[0]! + counts[1]!).toBe(1000);
      const [row] = await effects();
      expect(row).toMatchObject({ total: 1000, distinct: 1000 });
    }, 120_000);

    it('a process killed mid-action loses nothing and repeats nothing', async () => {
      await database.db.execute(sql`truncate test_effects`);
      await openMany(20, 'case_crash_');
      const doomed = sweeper(url, { HANG_AFTER_EFFECT: '1' });
      await doomed.waitFor('claimed');
      doomed.kill();
      await doomed.done;
      // The killed process's transaction rolled back: its effects and breach records are gone with it.
      const [afterCrash] = await effects();
      expect(afterCrash!.total).toBe(0);
      const result = await sweepDeadlines(database.db, {
        now: () => NOW,
        hooks: {
          escalate: async (tx, rows) => {
            for (const d of rows)
              await tx.execute(sql`insert into test_effects (deadline_id, pid) values (${d.id}, 0)`);
          },
        },
      });
      expect(result.breached).toBe(20);
      const [row] = await effects();
      expect(row).toMatchObject({ total: 20, distinct: 20 });
    }, 120_000);
  },
);
