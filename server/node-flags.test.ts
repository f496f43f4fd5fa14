import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from './node-flags.js';

describe('Node flags', () => {
  it('are the ones npm start runs the server with', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const start = pkg.scripts.start!;
    const server = start.slice(start.lastIndexOf('&&') + 2).trim();
    expect(server).toBe(`node ${NODE_FLAGS.join(' ')} --import tsx server/main.ts`);
  });
});
