import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PiiKey } from './pii-crypto.js';

/**
 * Resolves the PII keys: from config when given, else (embedded development only) a key generated once and
 * kept beside the embedded database, with a loud warning — losing that file loses the PII it sealed.
 */
export function resolvePiiKeys(
  configured: { id: string; key: string }[],
  dataDir: string,
  warn: (msg: string) => void,
): PiiKey[] {
  if (configured.length > 0) {
    return configured.map(({ id, key }) => {
      const buf = Buffer.from(key, key.includes('-') || key.includes('_') ? 'base64url' : 'base64');
      if (buf.length !== 32)
        throw new Error(`ACCORD key "${id}" must decode to 32 bytes (got ${buf.length})`);
      return { id, key: buf };
    });
  }
  const file = path.join(dataDir, 'dev-master-key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  warn(
    `!!! ACCORD_MASTER_KEY is not set: PII is encrypted with a generated DEVELOPMENT key at ${file}. ` +
      'Set ACCORD_MASTER_KEY (32 random bytes, base64) before storing real personal data. !!!',
  );
  return [{ id: 'dev', key: Buffer.from(readFileSync(file, 'utf8').trim(), 'base64') }];
}
