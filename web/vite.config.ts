import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web app is built from `web/` into `web/dist`, which the server serves at `/` with an SPA fallback.
 * In development (`npm run dev:web`) Vite proxies `/api` to the API server on :3000 so cookies stay
 * same-origin.
 */
export default defineConfig({
  root: webRoot,
  base: '/',
  // Keep Vite's cache with the repository's other caches instead of creating web/node_modules.
  cacheDir: '../node_modules/.vite/web',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // antd's largest lazy chunk sits above Vite's default 500 kB warning; the budget that matters is the
    // initial one, checked by scripts/check-bundle-budget.mjs.
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
