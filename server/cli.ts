import { SingleBar, Presets } from 'cli-progress';
import { sql } from 'drizzle-orm';
import { bootstrap } from './bootstrap.js';
import { queryRows } from './db/client.js';
import { ConfigError, loadConfig } from './config.js';
import { seedDemoIfEmpty } from './demo/seed.js';
import { systemClock } from './lib/clock.js';
import { verifyAuditChain } from './modules/audit/index.js';

const USAGE = `accord — operator commands

  accord db migrate        apply committed migrations (DATABASE_URL, or the embedded database under ACCORD_DATA_DIR)
  accord audit verify      recompute every tenant's audit hash chain; exit 1 if any event was edited or removed
  accord demo seed         seed the demo marketplace into an empty database

Run through npm: npm run accord -- audit verify   (or npm run db:migrate / npm run audit:verify)`;

type Io = { out: (line: string) => void; err: (line: string) => void; tty: boolean };

/** Runs one command; returns the process exit code. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [group, command] = argv;
  const known = ['db migrate', 'audit verify', 'demo seed'];
  if (!group || !known.includes(`${group} ${command ?? ''}`)) {
    io.err(group ? `Unknown command "${argv.join(' ')}".\n` : '');
    io.out(USAGE);
    return group && group !== 'help' && group !== '--help' ? 2 : 0;
  }
  const config = loadConfig();
  const logger = { info: () => undefined, warn: (msg: unknown) => io.err(String(msg)) };
  const { database, pii } = await bootstrap(config, logger);
  try {
    if (group === 'db') {
      io.out(`Migrations applied (${database.kind}).`);
      return 0;
    }
    if (group === 'demo') {
      const demo = await seedDemoIfEmpty({ database, pii, clock: systemClock });
      io.out(
        demo
          ? `Demo tenant "${demo.tenantSlug}" seeded.`
          : 'The database already has tenants; nothing seeded.',
      );
      return 0;
    }
    return await auditVerify(database, io);
  } finally {
    await database.close();
  }
}

async function auditVerify(
  database: Awaited<ReturnType<typeof bootstrap>>['database'],
  io: Io,
): Promise<number> {
  const [{ total } = { total: 0 }] = await queryRows<{ total: number }>(
    database.db,
    sql`select count(*)::int as total from audit_events`,
  );
  const bar = io.tty
    ? new SingleBar(
        { format: 'verifying audit chain [{bar}] {value}/{total} events' },
        Presets.shades_classic,
      )
    : null;
  bar?.start(total, 0);
  const result = await verifyAuditChain(database.db, { onProgress: (done) => bar?.update(done) });
  bar?.stop();
  if (result.ok) {
    io.out(`OK: ${result.events} audit events in ${result.tenants} tenant chain(s) verified.`);
    return 0;
  }
  io.err(`FAILED: ${result.problems.length} problem(s) in the audit trail:`);
  for (const p of result.problems) io.err(`  tenant ${p.tenantId} seq ${p.seq}: ${p.problem}`);
  return 1;
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '');
if (isMain) {
  runCli(process.argv.slice(2), {
    out: (l) => console.log(l),
    err: (l) => console.error(l),
    tty: Boolean(process.stderr.isTTY),
  })
    .then((code) => process.exit(code))
    .catch((err: unknown) => {
      console.error(err instanceof ConfigError ? err.message : err);
      process.exit(1);
    });
}
