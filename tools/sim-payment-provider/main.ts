/**
 * Runs the simulated payment provider as its own process:
 *   SIM_SECRET=… node --import tsx tools/sim-payment-provider/main.ts
 * See README.md for the variables and the API.
 */
import pino from 'pino';
import { loadSimConfig, type SimConfig } from './config.js';
import { startSimProvider } from './index.js';

let config: SimConfig;
try {
  config = loadSimConfig(process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const logger = pino({ level: config.logLevel, name: 'sim-payment-provider' });
const sim = await startSimProvider({
  secret: config.secret,
  ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  seed: config.seed,
  mode: config.mode,
  host: config.host,
  port: config.port,
  loggerInstance: logger,
});
logger.info({ url: sim.url, mode: sim.mode(), seed: config.seed }, 'simulated payment provider listening');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal, stats: sim.stats() }, 'shutting down');
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
