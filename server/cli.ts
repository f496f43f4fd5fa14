import { SingleBar, Presets } from 'cli-progress';
import { and, eq, or, sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { bootstrap } from './bootstrap.js';
import type { Database } from './db/client.js';
import { CalendarService } from './modules/calendar/calendar-service.js';
import { loadHolidayNotice } from './modules/calendar/change-calendar.js';
import { parseHolidayNoticeJson, parseIcsNotice, type HolidayNotice } from './modules/calendar/index.js';
import { queryRows } from './db/client.js';
import { ConfigError, loadConfig } from './config.js';
import { DomainError } from './http/errors.js';
import { seedDemoIfEmpty } from './demo/seed.js';
import { systemClock } from './lib/clock.js';
import { verifyAuditChain } from './modules/audit/index.js';
import { verifyLedger } from './modules/ledger/index.js';
import { events } from './modules/orders/orders.table.js';
import { MASS_REASONS, runMassRefund, startMassRefund, type MassReason } from './modules/refunds/index.js';
import { findTenantBySlug } from './modules/tenants/tenants.repo.js';
import { formatFen } from '../common/money.js';

const USAGE = `accord — operator commands

  accord db migrate        apply committed migrations (DATABASE_URL, or the embedded database under ACCORD_DATA_DIR)
  accord audit verify      recompute every tenant's audit hash chain; exit 1 if any event was edited or removed
  accord ledger verify     prove the ledger: entries sum to zero, balances equal their postings, none where it must not be
  accord demo seed         seed the demo marketplace into an empty database
  accord calendar load-notice FILE [--year YYYY] [--region CN|HK]
                           load a State Council holiday notice platform-wide (FILE: .json, or .ics with --year);
                           every tenant's pending deadlines it moves are recomputed and audited
  accord refunds mass --tenant SLUG --event EVENT --reason cancelled|postponed|force_majeure
                           refund every order of an event (EVENT: its id or the marketplace's external id), with a
                           progress bar; running it again after a crash resumes the same operation

Run through npm: npm run accord -- audit verify   (or npm run db:migrate / npm run audit:verify)`;

type Io = { out: (line: string) => void; err: (line: string) => void; tty: boolean };

/** Runs one command; returns the process exit code. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [group, command] = argv;
  const known = [
    'db migrate',
    'audit verify',
    'ledger verify',
    'demo seed',
    'calendar load-notice',
    'refunds mass',
  ];
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
    if (group === 'ledger') {
      const v = await verifyLedger(database.db);
      if (v.ok) io.out(`OK: ${v.entries} journal entries, ${v.accounts} accounts verified.`);
      else for (const p of v.problems) io.err(`  tenant ${p.tenantId}: ${p.problem}`);
      return v.ok ? 0 : 1;
    }
    if (group === 'calendar') return await loadNoticeCommand(database, argv.slice(2), io);
    if (group === 'refunds') return await massRefundCommand(database, argv.slice(2), io);
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

async function loadNoticeCommand(database: Database, args: string[], io: Io): Promise<number> {
  const [file] = args;
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  if (!file) {
    io.err('Usage: accord calendar load-notice FILE [--year YYYY] [--region CN|HK]');
    return 2;
  }
  const text = readFileSync(file, 'utf8');
  let notice: HolidayNotice;
  if (file.endsWith('.ics')) {
    const year = Number(option('--year'));
    if (!Number.isInteger(year)) {
      io.err('An .ics file needs --year YYYY.');
      return 2;
    }
    const region = option('--region') === 'HK' ? 'HK' : 'CN';
    notice = parseIcsNotice(text, { year, region, source: path.basename(file) });
  } else {
    notice = parseHolidayNoticeJson(text);
  }
  const calendars = new CalendarService(database.db);
  const actor = {
    type: 'system' as const,
    id: null,
    role: 'operator',
    name: `accord CLI (${userInfo().username})`,
  };
  const { noticeId, recomputed } = await loadHolidayNotice(database.db, calendars, null, notice, {
    actor,
    now: new Date(),
  });
  const moved = Object.values(recomputed).reduce((a, b) => a + b, 0);
  io.out(
    `Loaded ${notice.region} ${notice.year} notice ${noticeId} (${notice.days.length} days) platform-wide; ${moved} pending deadline(s) recomputed across ${Object.keys(recomputed).length} tenant(s).`,
  );
  return 0;
}

async function massRefundCommand(database: Database, args: string[], io: Io): Promise<number> {
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const reason = option('--reason') as MassReason | undefined;
  const tenant = await findTenantBySlug(database.db, option('--tenant') ?? '');
  const eventRef = option('--event') ?? '';
  if (!tenant || !reason || !MASS_REASONS.includes(reason)) {
    io.err(`Usage: accord refunds mass --tenant SLUG --event EVENT --reason ${MASS_REASONS.join('|')}`);
    return 2;
  }
  const [event] = await database.db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.tenantId, tenant.id), or(eq(events.id, eventRef), eq(events.externalId, eventRef))));
  if (!event) {
    io.err(`No event "${eventRef}" in tenant ${tenant.slug}.`);
    return 2;
  }
  const actor = {
    type: 'system' as const,
    id: null,
    role: 'operator',
    name: `accord CLI (${userInfo().username})`,
  };
  const op = await startMassRefund(database.db, {
    tenantId: tenant.id,
    eventId: event.id,
    reason,
    actor,
    now: new Date(),
  });
  const bar = io.tty
    ? new SingleBar({ format: 'mass refund [{bar}] {value}/{total} orders' }, Presets.shades_classic)
    : null;
  bar?.start(op.totalOrders, op.processed);
  const done = await runMassRefund(database.db, op.id, {
    now: () => new Date(),
    onProgress: (p) => (bar ? bar.update(p.processed) : io.out(`${p.processed}/${p.totalOrders} orders`)),
  });
  bar?.stop();
  io.out(
    `Mass refund ${done.id}: ${done.processed} orders, ${formatFen(done.instructedFen)} instructed; the scheduler sends the refunds.`,
  );
  return 0;
}

async function auditVerify(database: Database, io: Io): Promise<number> {
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

/** A readable one-screen message for what went wrong; stack traces only for bugs. */
export function describeError(err: unknown): string {
  if (err instanceof ConfigError) return err.message;
  if (err instanceof DomainError) {
    const fields = err.fields.map((f) => `  - ${f.path}: ${f.message.en} / ${f.message.zh}`);
    return [`${err.code}: ${err.userMessage?.en ?? err.message}`, ...fields].join('\n');
  }
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
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
      console.error(describeError(err));
      process.exit(1);
    });
}
