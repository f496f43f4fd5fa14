import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'common/**/*.test.ts', 'web/src/**/*.test.ts', 'tools/**/*.test.ts'],
    environment: 'node',
    // Deadlines and calendars are always computed in Asia/Shanghai explicitly; pinning the process TZ to
    // something else catches code that silently relies on the host zone.
    env: { TZ: 'America/Los_Angeles' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
