import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Unit tests of the web app's pure parts (money, i18n, problem mapping): `npx vitest run --config web/vitest.config.ts`. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  cacheDir: '../node_modules/.vite/web-vitest',
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
