import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Browser journeys: the real server (embedded database, demo data) and Debian's Chromium via
 * playwright-core. Slow by nature, run one file at a time, and never retried into green.
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    retry: 0,
    fileParallelism: false,
    pool: 'forks',
    reporters: ['verbose'],
  },
});
