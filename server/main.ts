import cluster from 'node:cluster';
import pino, { type Logger } from 'pino';
import { buildApp, LOG_REDACT } from './app.js';
import { bootstrap } from './bootstrap.js';
import { isFirstProcess, superviseWorkers } from './cluster.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { seedDemoIfEmpty } from './demo/seed.js';
import { systemClock } from './lib/clock.js';
import { CalendarService } from './modules/calendar/calendar-service.js';
import { FileEvidenceStorage } from './modules/evidence/index.js';
import { startPaymentsRuntime } from './payments-runtime.js';
import { startScheduler } from './scheduler/scheduler.js';
import { sendersFromConfig } from './modules/notices/senders.js';

/**
 * Entry point: `node --import tsx server/main.ts` with the V8 flags of node-flags.ts (npm start).
 * ACCORD_ROLE picks api, scheduler or all (default);
 * ACCORD_WORKERS=N (PostgreSQL only) runs N API worker processes on one port (server/cluster.ts).
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config);
  if (cluster.isPrimary && config.workers > 1) {
    await superviseWorkers(config, logger);
    return;
  }
  const { database, pii } = await bootstrap(config, logger);
  const clock = systemClock;
  const calendars = new CalendarService(database.db);
  const evidence = new FileEvidenceStorage(config.dataDir);
  await evidence.removeStaleTempFiles(24 * 3_600_000, clock.now());
  const demo = config.demo ? await seedDemoIfEmpty({ database, pii, clock }) : null;

  const stops: (() => Promise<void>)[] = [];
  const payments = await startPaymentsRuntime(config, database.db, logger.child({ component: 'payments' }));
  stops.push(payments.stop);
  if (config.role === 'scheduler' || config.role === 'all') {
    const scheduler = startScheduler({
      database,
      clock,
      calendars,
      ...(payments.runtime ? { payments: payments.runtime } : {}),
      notices: {
        pii,
        senders: sendersFromConfig(config.notices, logger.child({ component: 'notices' })),
      },
      logger: logger.child({ component: 'scheduler' }),
    });
    stops.push(() => scheduler.stop());
  }
  if (config.role === 'api' || config.role === 'all') {
    const app = await buildApp(
      {
        config,
        database,
        clock,
        pii,
        calendars,
        evidence,
        ...(payments.runtime ? { payments: payments.runtime } : {}),
      },
      { loggerInstance: logger.child({ component: 'http' }) },
    );
    await app.listen({ port: config.port, host: config.host });
    stops.push(() => app.close());
    const shown = config.publicUrl ?? `http://localhost:${config.port}`;
    if (isFirstProcess()) printBanner(shown, config, demo);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took longer than 15 s; exiting');
      process.exit(1);
    }, 15_000);
    timer.unref();
    for (const stop of stops.reverse())
      await stop().catch((err: unknown) => logger.error({ err }, 'stop failed'));
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

function createLogger(config: Config): Logger {
  const pretty = process.stdout.isTTY && config.env !== 'production';
  return pino({
    level: config.logLevel,
    redact: { paths: LOG_REDACT, censor: '[redacted]' },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
  });
}

function printBanner(url: string, config: Config, demo: Awaited<ReturnType<typeof seedDemoIfEmpty>>): void {
  const lines = [
    '',
    `  Accord is running at ${url}`,
    `  API docs: ${url}/api/docs   database: ${config.databaseUrl ? 'PostgreSQL' : `embedded (${config.dataDir})`}`,
  ];
  if (demo) {
    lines.push(`  Demo tenant "${demo.tenantSlug}" — every login uses password "${demo.password}":`);
    for (const u of demo.users)
      lines.push(`    ${u.username.padEnd(12)} ${u.role.padEnd(11)} ${u.displayName}`);
    lines.push(`  Demo integration API key (shown once): ${demo.apiKey}`);
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
