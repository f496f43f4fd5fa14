import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from './node-flags.js';
import { freePort } from './test/net.js';

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');
const START_MS = 150_000;

/** `server/main.ts` as `npm start` runs it, with `env` on top of a production configuration. */
function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, [...NODE_FLAGS, '--import', 'tsx', MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      ACCORD_DEMO: 'false',
      ACCORD_MASTER_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) {
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // the banner
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, stderr: () => stderr, exit };
}

/** Polls `check` until it is true or `ms` pass. */
async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return true;
    await sleep(200);
  }
  return false;
}

describe('ACCORD_WORKERS', () => {
  it('refuses more than one worker on the embedded database, before opening it', async () => {
    const main = startMain({ ACCORD_WORKERS: '2', ACCORD_DATA_DIR: '/nonexistent/accord-cluster-test' });
    expect(await main.exit).toBe(1);
    expect(main.stderr()).toContain('ACCORD_WORKERS: 2 worker processes need DATABASE_URL (PostgreSQL)');
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'runs two API workers on one port, the scheduler in one of them, and stops them all on SIGTERM',
    async () => {
      const adminUrl = process.env.TEST_DATABASE_URL!;
      const name = `accord_t_cluster_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const port = await freePort();
      const main = startMain({
        DATABASE_URL: url.toString(),
        ACCORD_WORKERS: '2',
        PORT: String(port),
        ACCORD_DATA_DIR: path.join('/tmp', name),
      });
      try {
        const started = await until(() => main.lines.some((l) => l.msg === 'API workers started'), START_MS);
        expect(started, main.stderr()).toBe(true);
        const primary = main.lines.find((l) => l.msg === 'API workers started')!.pid;
        // New connections go round-robin to the workers that listen: both answer once both are up.
        const answered = () =>
          new Set(main.lines.filter((l) => l.res && l.pid !== primary).map((l) => l.pid));
        const both = await until(async () => {
          await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { connection: 'close' } });
          return answered().size === 2;
        }, START_MS);
        expect(both).toBe(true);
        const schedulers = main.lines.filter((l) => l.msg === 'scheduler started').map((l) => l.pid);
        expect(schedulers).toHaveLength(1);
        expect(answered().has(schedulers[0])).toBe(true);

        main.child.kill('SIGTERM');
        expect(await main.exit).toBe(0);
        const stopped = main.lines.filter((l) => l.msg === 'shutting down').map((l) => l.pid);
        expect(new Set(stopped)).toEqual(answered());
      } finally {
        main.child.kill('SIGKILL');
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
        rmSync(path.join('/tmp', name), { recursive: true, force: true });
      }
    },
    2 * START_MS,
  );
});
