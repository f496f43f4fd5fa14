import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import type { Clock } from './lib/clock.js';
import { PiiCrypto } from './modules/privacy/pii-crypto.js';
import { resolvePiiKeys } from './modules/privacy/keys.js';

/** Opens and migrates the database and builds the crypto: what both `main` and the CLI need. */
export async function bootstrap(
  config: Config,
  logger: Pick<Logger, 'info' | 'warn'>,
): Promise<{ database: Database; pii: PiiCrypto }> {
  const database = await openDatabase(config);
  logger.info(
    { db: database.kind, dataDir: database.kind === 'pglite' ? config.dataDir : undefined },
    'database opened',
  );
  await database.migrate();
  const keys = resolvePiiKeys(config.masterKeys, config.dataDir, (msg) => logger.warn(msg));
  return { database, pii: new PiiCrypto(keys) };
}

export type Runtime = { config: Config; database: Database; pii: PiiCrypto; clock: Clock };
