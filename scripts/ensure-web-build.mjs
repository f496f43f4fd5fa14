#!/usr/bin/env node
// Builds the web app (web/ → web/dist) only when it is missing or older than its sources, so `npm start`
// and `npm run test:e2e` always serve the current UI without paying for a rebuild every time.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const builtIndex = path.join(web, 'dist', 'index.html');
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json'].map((p) =>
  path.join(web, p),
);

/** The newest modification time under a file or directory (0 when it does not exist). */
function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file only shows as a newer directory mtime
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

const sourcesMtime = Math.max(...SOURCES.map(newestMtime));
const builtMtime = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;

if (builtMtime === 0 || builtMtime < sourcesMtime) {
  const reason = builtMtime === 0 ? 'web/dist is missing' : 'web/ has changed since the last build';
  console.log(`[web] ${reason}; building with Vite…`);
  const started = Date.now();
  // Always a production bundle, even when called from a test runner that exports NODE_ENV=test (React and
  // the JSX transform would otherwise ship their development builds).
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ configFile: path.join(web, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  console.log(`[web] built web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} else {
  console.log('[web] web/dist is up to date');
}
