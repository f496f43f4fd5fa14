#!/usr/bin/env node
// Fails when the JavaScript a browser must download before the first render of index.html — the entry
// chunk plus everything it imports statically — exceeds the budget, gzipped. Lazy chunks (dynamic
// imports) are not counted: they load after sign-in or on navigation. Run after `npm run build:web`.
//
//   node scripts/check-bundle-budget.mjs [--budget-kb 300] [--dist web/dist]
// Sizes are gzip level 9, in kB of 1000 bytes.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const budgetKb = Number(option('--budget-kb', '300'));
const dist = path.resolve(root, option('--dist', 'web/dist'));
const indexHtml = path.join(dist, 'index.html');

if (!existsSync(indexHtml)) {
  console.error(
    `bundle budget: ${path.relative(root, indexHtml)} not found; run \`npm run build:web\` first.`,
  );
  process.exit(2);
}

/** Maps a URL from index.html or an import specifier to a file under dist (same-origin assets only). */
function toFile(url, fromFile) {
  if (/^[a-z]+:\/\//i.test(url) || url.startsWith('//')) return null;
  return url.startsWith('/') ? path.join(dist, url) : path.resolve(path.dirname(fromFile), url);
}

// index.html: the module entry scripts and the modulepreload hints Vite writes for their static imports.
const html = readFileSync(indexHtml, 'utf8');
const entryFiles = [...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((m) =>
  toFile(m[1], indexHtml),
);
const preloadFiles = [...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) =>
  toFile(m[1], indexHtml),
);
if (entryFiles.length === 0) {
  console.error('bundle budget: no <script type="module" src> in index.html');
  process.exit(2);
}

// Walk static `import … from "./x.js"`, `import "./x.js"` and `export … from "./x.js"` in the chunks too,
// so the figure does not depend on the preload hints alone. `import("./x.js")` (lazy) is not matched.
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w*$\s{},]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;
const initial = new Set();
const queue = [...entryFiles, ...preloadFiles].filter(Boolean);
while (queue.length > 0) {
  const file = queue.pop();
  if (initial.has(file)) continue;
  if (!existsSync(file)) {
    console.error(`bundle budget: ${path.relative(root, file)} is referenced but missing`);
    process.exit(2);
  }
  initial.add(file);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(STATIC_IMPORT)) queue.push(toFile(m[1], file));
}

const rows = [...initial]
  .map((file) => {
    const bytes = readFileSync(file);
    return { file: path.relative(root, file), raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
  })
  .sort((a, b) => b.gz - a.gz);
// kB = 1000 bytes, as Vite reports sizes.
const kb = (n) => (n / 1000).toFixed(1);
const totalGz = rows.reduce((sum, r) => sum + r.gz, 0);
const totalRaw = rows.reduce((sum, r) => sum + r.raw, 0);

console.log('Initial JavaScript of index.html (entry + static imports):');
for (const r of rows) console.log(`  ${kb(r.gz).padStart(7)} kB gz  ${kb(r.raw).padStart(7)} kB  ${r.file}`);
console.log(`  total: ${kb(totalGz)} kB gzipped (${kb(totalRaw)} kB raw), budget ${budgetKb} kB gzipped`);

if (totalGz > budgetKb * 1000) {
  console.error(`bundle budget exceeded by ${kb(totalGz - budgetKb * 1000)} kB gzipped`);
  process.exit(1);
}
console.log('bundle budget: OK');
