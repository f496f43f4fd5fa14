import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { describeError, runCli } from './cli.js';
import { openPglite } from './db/client.js';

describe('accord audit verify (CLI)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'accord-cli-'));
  const saved = process.env.ACCORD_DATA_DIR;
  process.env.ACCORD_DATA_DIR = dataDir;
  afterAll(() => {
    process.env.ACCORD_DATA_DIR = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => out.push(l), tty: false });
    return { code, text: out.join('\n') };
  };

  it('passes on a freshly seeded database and fails with exit 1 once an event is edited', async () => {
    expect((await run('demo', 'seed')).code).toBe(0);
    const clean = await run('audit', 'verify');
    expect(clean).toMatchObject({ code: 0, text: expect.stringMatching(/^OK: \d+ audit events/m) });

    const database = await openPglite(path.join(dataDir, 'pg'));
    await database.db.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
    await database.db.execute(sql`update audit_events set action = 'order.deleted' where seq = 3`);
    await database.close();

    const tampered = await run('audit', 'verify');
    expect(tampered.code).toBe(1);
    expect(tampered.text).toMatch(/seq 3: content does not match its hash \(edited\)/);
    // The demo seeds six weeks of case history through the real use cases: seconds, more on a busy machine.
  }, 120_000);

  it('loads a holiday notice platform-wide from a JSON file', async () => {
    const file = path.join(dataDir, 'notice-2027.json');
    const notice = {
      region: 'CN',
      year: 2027,
      source: 'test notice',
      days: [{ date: '2027-01-01', kind: 'off', name: '元旦' }],
    };
    writeFileSync(file, JSON.stringify(notice));
    const res = await run('calendar', 'load-notice', file);
    expect(res).toMatchObject({
      code: 0,
      text: expect.stringMatching(/Loaded CN 2027 notice .* platform-wide/),
    });
    expect((await run('audit', 'verify')).code).toBe(1); // still tampered from the test above
  });

  it('explains a malformed notice instead of printing a stack', async () => {
    const file = path.join(dataDir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ region: 'CN', year: 2027, days: [{ date: '2027-02-30', kind: 'off', name: 'x' }] }),
    );
    const error = await run('calendar', 'load-notice', file).catch((e: unknown) => describeError(e));
    expect(error).toMatch(/VALIDATION_FAILED[\s\S]*days\.0\.date/);
  });

  it('prints usage and exits 2 for an unknown command', async () => {
    const res = await run('frobnicate');
    expect(res.code).toBe(2);
    expect(res.text).toMatch(/accord audit verify/);
  });
});
