import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../http/errors.js';
import { MemoryEvidenceStorage } from './memory-storage.js';
import {
  evidenceKeyOf,
  FileEvidenceStorage,
  isEvidenceKey,
  type EvidenceRetentionStorage,
} from './storage.js';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function* chunksOf(data: Uint8Array, size = 1000): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** Every file under `dir`, relative, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
}

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'accord-evidence-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const implementations: [string, () => EvidenceRetentionStorage][] = [
  ['FileEvidenceStorage', () => new FileEvidenceStorage(dataDir)],
  ['MemoryEvidenceStorage', () => new MemoryEvidenceStorage()],
];

describe.each(implementations)('%s (the storage contract)', (_name, make) => {
  const photo = Buffer.from('\x89PNG\r\n\x1a\n pretend this is a photo of a broken kettle', 'latin1');

  it('stores content under its SHA-256 and reads it back unchanged', async () => {
    const storage = make();
    const stored = await storage.put(chunksOf(photo, 7), { maxBytes: 1024 });
    expect(stored).toEqual({
      key: evidenceKeyOf(sha256(photo)),
      size: photo.length,
      sha256: sha256(photo),
      deduplicated: false,
    });
    expect(stored.key).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
    expect(await readAll(await storage.open(stored.key))).toEqual(photo);
    expect(await storage.exists(stored.key)).toBe(true);
    expect(await storage.stat(stored.key)).toEqual({
      key: stored.key,
      size: photo.length,
      sha256: stored.sha256,
    });
  });

  it('stores identical content once', async () => {
    const storage = make();
    const first = await storage.put(chunksOf(photo, 5), { maxBytes: 1024 });
    const second = await storage.put(chunksOf(photo, 11), { maxBytes: 1024 });
    expect(second).toEqual({ ...first, deduplicated: true });
  });

  it('reads an inclusive byte range, as HTTP Range requests ask', async () => {
    const storage = make();
    const { key } = await storage.put(chunksOf(Buffer.from('0123456789')), { maxBytes: 100 });
    expect((await readAll(await storage.open(key, { start: 2, end: 5 }))).toString()).toBe('2345');
    expect((await readAll(await storage.open(key, { start: 7 }))).toString()).toBe('789');
    await expectCode(storage.open(key, { start: 5, end: 2 }), 'BAD_REQUEST');
    await expectCode(storage.open(key, { start: -1 }), 'BAD_REQUEST');
  });

  it('refuses content over the limit with PAYLOAD_TOO_LARGE and keeps nothing', async () => {
    const storage = make();
    const big = Buffer.alloc(5000, 7);
    await expectCode(storage.put(chunksOf(big), { maxBytes: 4999 }), 'PAYLOAD_TOO_LARGE');
    expect(await storage.exists(evidenceKeyOf(sha256(big)))).toBe(false);
    const exact = await storage.put(chunksOf(big), { maxBytes: 5000 });
    expect(exact.size).toBe(5000);
  });

  it('stops reading an endless source once it passes the limit', async () => {
    const storage = make();
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield Buffer.alloc(1024);
      }
    }
    await expectCode(storage.put(endless(), { maxBytes: 10 * 1024 }), 'PAYLOAD_TOO_LARGE');
    expect(pulled).toBe(11);
  });

  it('answers NOT_FOUND / null / false for a well-formed key with nothing stored', async () => {
    const storage = make();
    const key = evidenceKeyOf('ab'.repeat(32));
    await expectCode(storage.open(key), 'NOT_FOUND');
    expect(await storage.stat(key)).toBeNull();
    expect(await storage.exists(key)).toBe(false);
  });

  it.each([
    '../../etc/passwd',
    '/etc/passwd',
    `ab/cd/../../../${'0'.repeat(64)}`,
    `AB/CD/${'AB'.repeat(32)}`,
    `aa/bb/${'cc'.repeat(32)}`,
    `ab\\cd\\abcd${'0'.repeat(60)}`,
    `ab/cd/abcd${'0'.repeat(60)}\0`,
    `ab/cd/abcd${'0'.repeat(60)}/..`,
    '.tmp/whatever.part',
    '',
  ])('rejects the malformed key %j everywhere', async (key) => {
    const storage = make();
    expect(isEvidenceKey(key)).toBe(false);
    await expectCode(storage.open(key), 'BAD_REQUEST');
    await expectCode(storage.stat(key), 'BAD_REQUEST');
    await expectCode(storage.exists(key), 'BAD_REQUEST');
    await expectCode(storage.purge(key), 'BAD_REQUEST');
  });

  it('purges only through the retention interface, and only once', async () => {
    const storage = make();
    const { key } = await storage.put(chunksOf(photo), { maxBytes: 1024 });
    expect(await storage.purge(key)).toBe(true);
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.purge(key)).toBe(false);
  });

  it('reads back exactly the bytes stored, whatever they are', async () => {
    const storage = make();
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 70_000 }),
        fc.integer({ min: 1, max: 9000 }),
        async (data, chunkSize) => {
          const stored = await storage.put(chunksOf(data, chunkSize), { maxBytes: 70_000 });
          expect(stored.sha256).toBe(sha256(data));
          expect(stored.size).toBe(data.length);
          expect(await readAll(await storage.open(stored.key))).toEqual(Buffer.from(data));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('FileEvidenceStorage on disk', () => {
  const root = () => path.join(dataDir, 'evidence');

  it('shards files as <dataDir>/evidence/ab/cd/<sha256>, read-only, with no temp files left', async () => {
    const storage = new FileEvidenceStorage(dataDir);
    const content = Buffer.from('invoice #88');
    const { sha256: hash } = await storage.put(chunksOf(content), { maxBytes: 100 });
    const relative = path.join(hash.slice(0, 2), hash.slice(2, 4), hash);
    expect(await filesUnder(root())).toEqual([relative]);
    expect((await stat(path.join(root(), relative))).mode & 0o222).toBe(0);
  });

  it('keeps one file for identical content', async () => {
    const storage = new FileEvidenceStorage(dataDir);
    for (let i = 0; i < 3; i++) await storage.put(chunksOf(Buffer.from('same bytes')), { maxBytes: 100 });
    expect(await filesUnder(root())).toHaveLength(1);
  });

  it('removes the temp file when the limit is exceeded mid-stream', async () => {
    const storage = new FileEvidenceStorage(dataDir);
    await expectCode(
      storage.put(chunksOf(Buffer.alloc(100_000), 4096), { maxBytes: 50_000 }),
      'PAYLOAD_TOO_LARGE',
    );
    expect(await filesUnder(root())).toEqual([]);
  });

  it('removes the temp file when the source fails mid-stream (client went away)', async () => {
    const storage = new FileEvidenceStorage(dataDir);
    async function* failing() {
      yield Buffer.from('first part');
      throw new Error('aborted');
    }
    await expect(storage.put(failing(), { maxBytes: 100 })).rejects.toThrow('aborted');
    expect(await filesUnder(root())).toEqual([]);
  });

  it('replaces a damaged file (wrong size) instead of deduplicating against it', async () => {
    const storage = new FileEvidenceStorage(dataDir);
    const content = Buffer.from('the real content');
    const { key } = await storage.put(chunksOf(content), { maxBytes: 100 });
    const filePath = path.join(root(), key);
    await rm(filePath);
    await writeFile(filePath, 'short');
    const again = await storage.put(chunksOf(content), { maxBytes: 100 });
    expect(again.deduplicated).toBe(false);
    expect(await readAll(await storage.open(key))).toEqual(content);
  });

  it('removes stale temp files older than the given age', async () => {
    const storage = new FileEvidenceStorage(dataDir);
    await storage.put(chunksOf(Buffer.from('x')), { maxBytes: 10 });
    const now = new Date('2026-10-01T00:00:00Z');
    const stale = path.join(root(), '.tmp', 'crashed.part');
    const fresh = path.join(root(), '.tmp', 'uploading.part');
    await writeFile(stale, 'partial');
    await writeFile(fresh, 'partial');
    await utimes(stale, new Date('2026-09-29T00:00:00Z'), new Date('2026-09-29T00:00:00Z'));
    await utimes(fresh, now, now);
    expect(await storage.removeStaleTempFiles(24 * 3600 * 1000, now)).toBe(1);
    expect((await readdir(path.join(root(), '.tmp'))).sort()).toEqual(['uploading.part']);
  });
});
