import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DomainError } from '../../http/errors.js';

/** Where a stored object lives: `ab/cd/<sha256 hex>` (the hash's first two bytes shard the directories). */
export type EvidenceKey = string;

/** The result of storing content. `deduplicated` is for logs and metrics only — never show it to users. */
export type StoredEvidence = { key: EvidenceKey; size: number; sha256: string; deduplicated: boolean };

/** Facts about a stored object. */
export type EvidenceStat = { key: EvidenceKey; size: number; sha256: string };

/** An inclusive byte range, as in HTTP `Range: bytes=start-end`; `end` defaults to the last byte. */
export type ByteRange = { start: number; end?: number };

/**
 * Content-addressed evidence storage, as case code sees it. There is deliberately no delete: evidence is
 * never removed while its case lives (see `EvidenceRetentionStorage` for the retention tooling).
 */
export interface EvidenceStorage {
  /**
   * Streams `source` in, hashing as it goes, and stores it under its SHA-256; identical content is stored once.
   * @throws PAYLOAD_TOO_LARGE as soon as more than `maxBytes` arrive (nothing is kept).
   */
  put(source: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<StoredEvidence>;
  /**
   * Opens stored content for reading, optionally a byte range (callers answering HTTP Range requests check
   * the range against `stat` first and answer 416 themselves).
   * @throws NOT_FOUND when nothing is stored under `key`; BAD_REQUEST when `key` is malformed.
   */
  open(key: EvidenceKey, range?: ByteRange): Promise<Readable>;
  /** Whether content is stored under `key`. @throws BAD_REQUEST when `key` is malformed. */
  exists(key: EvidenceKey): Promise<boolean>;
  /** Size and hash of the content under `key`, or null. @throws BAD_REQUEST when `key` is malformed. */
  stat(key: EvidenceKey): Promise<EvidenceStat | null>;
}

/**
 * Storage as retention tooling sees it. `purge` is NOT for case code: call it only from the retention job,
 * after the case's retention period has ended AND no evidence row anywhere (any case, any tenant) still
 * references the key — dedup means one stored object can back many evidence items.
 */
export interface EvidenceRetentionStorage extends EvidenceStorage {
  /** Removes the content under `key`; true if something was removed. */
  purge(key: EvidenceKey): Promise<boolean>;
}

const KEY_PATTERN = /^([0-9a-f]{2})\/([0-9a-f]{2})\/\1\2[0-9a-f]{60}$/;
const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** The storage key for a SHA-256 (lowercase hex). */
export function evidenceKeyOf(sha256: string): EvidenceKey {
  if (!SHA256_PATTERN.test(sha256)) throw new TypeError(`not a lowercase SHA-256 hex digest: ${sha256}`);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** Whether `key` is a well-formed storage key; anything else (`..`, absolute paths, NUL) is refused. */
export function isEvidenceKey(key: unknown): key is EvidenceKey {
  return typeof key === 'string' && KEY_PATTERN.test(key);
}

/** @throws BAD_REQUEST unless `key` is a well-formed storage key. */
export function assertEvidenceKey(key: unknown): asserts key is EvidenceKey {
  if (!isEvidenceKey(key)) {
    throw new DomainError('BAD_REQUEST', { message: 'Malformed evidence storage key' });
  }
}

/** The error every implementation throws when content exceeds `maxBytes`. */
export function payloadTooLarge(maxBytes: number): DomainError {
  const mb = (maxBytes / (1024 * 1024)).toFixed(maxBytes < 1024 * 1024 ? 2 : 0);
  return new DomainError('PAYLOAD_TOO_LARGE', {
    userMessage: {
      zh: `文件过大，此类文件最大 ${mb} MB`,
      en: `File too large; the limit for this type is ${mb} MB`,
    },
    extra: { maxBytes },
  });
}

/** Wraps a source so it hashes and counts bytes, failing the moment it passes `maxBytes`. */
export function meteredSource(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): { chunks: AsyncIterable<Uint8Array>; result(): { size: number; sha256: string } } {
  const hash = createHash('sha256');
  let size = 0;
  async function* chunks() {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > maxBytes) throw payloadTooLarge(maxBytes);
      hash.update(chunk);
      yield chunk;
    }
  }
  return { chunks: chunks(), result: () => ({ size, sha256: hash.digest('hex') }) };
}

const isErrno = (error: unknown, code: string): boolean =>
  error instanceof Error && (error as NodeJS.ErrnoException).code === code;

/** fsync a directory so a rename or creation inside it survives a crash (a no-op where unsupported). */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, fsConstants.O_RDONLY);
    await handle.sync();
  } catch (error) {
    if (!isErrno(error, 'EISDIR') && !isErrno(error, 'EPERM') && !isErrno(error, 'EINVAL')) throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Evidence on the local disk under `<dataDir>/evidence/`: `ab/cd/<sha256>` files, read-only once written.
 * Writes go to `.tmp/` first, are fsynced, then renamed into place (atomic on one filesystem), so a reader
 * never sees a partial file and a crash leaves at most a stray temp file (`removeStaleTempFiles`).
 */
export class FileEvidenceStorage implements EvidenceRetentionStorage {
  readonly root: string;
  private readonly tmpDir: string;

  /** `dataDir` is `Config.dataDir`; content goes to its `evidence/` subdirectory. */
  constructor(dataDir: string) {
    this.root = path.resolve(dataDir, 'evidence');
    this.tmpDir = path.join(this.root, '.tmp');
  }

  /** @throws PAYLOAD_TOO_LARGE when the source passes `maxBytes`; the temp file is removed. */
  async put(source: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<StoredEvidence> {
    await mkdir(this.tmpDir, { recursive: true });
    const tmpPath = path.join(this.tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
    const metered = meteredSource(source, options.maxBytes);
    try {
      const handle = await open(tmpPath, 'wx', 0o600);
      try {
        for await (const chunk of metered.chunks) await handle.write(chunk);
        await handle.sync();
      } finally {
        await handle.close();
      }
      const { size, sha256 } = metered.result();
      const key = evidenceKeyOf(sha256);
      const deduplicated = await this.moveIntoPlace(tmpPath, key, size);
      return { key, size, sha256, deduplicated };
    } catch (error) {
      await unlink(tmpPath).catch(() => undefined);
      throw error;
    }
  }

  /** Renames the temp file to its final path unless the same content is already there; true if it was. */
  private async moveIntoPlace(tmpPath: string, key: EvidenceKey, size: number): Promise<boolean> {
    const finalPath = this.pathOf(key);
    const existing = await stat(finalPath).catch(() => null);
    // Same hash and size: identical content. A size mismatch means a damaged file, which we replace.
    if (existing?.size === size) {
      await unlink(tmpPath);
      return true;
    }
    const dir = path.dirname(finalPath);
    const created = await mkdir(dir, { recursive: true });
    await chmod(tmpPath, 0o440);
    // Two concurrent puts of the same content both rename; the second replaces identical bytes atomically.
    await rename(tmpPath, finalPath);
    await syncDirectory(dir);
    if (created) {
      await syncDirectory(path.dirname(dir));
      await syncDirectory(this.root);
    }
    return false;
  }

  async open(key: EvidenceKey, range?: ByteRange): Promise<Readable> {
    const filePath = this.pathOf(key);
    if (range) assertRange(range);
    try {
      // Opening first turns a missing file into NOT_FOUND here rather than an error event on the stream.
      const handle = await open(filePath, 'r');
      return handle.createReadStream({ start: range?.start, end: range?.end });
    } catch (error) {
      if (isErrno(error, 'ENOENT')) throw notStored();
      throw error;
    }
  }

  async exists(key: EvidenceKey): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async stat(key: EvidenceKey): Promise<EvidenceStat | null> {
    const found = await stat(this.pathOf(key)).catch((error: unknown) => {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    });
    return found?.isFile() ? { key, size: found.size, sha256: path.basename(key) } : null;
  }

  /** Retention tooling only — see `EvidenceRetentionStorage.purge`. */
  async purge(key: EvidenceKey): Promise<boolean> {
    try {
      await unlink(this.pathOf(key));
      return true;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return false;
      throw error;
    }
  }

  /** Deletes temp files older than `maxAgeMs` (left by a crash mid-upload); returns how many. Run at boot. */
  async removeStaleTempFiles(maxAgeMs: number, now: Date): Promise<number> {
    const names = await readdir(this.tmpDir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const filePath = path.join(this.tmpDir, name);
      const info = await stat(filePath).catch(() => null);
      if (info && now.getTime() - info.mtimeMs > maxAgeMs) {
        await unlink(filePath).catch(() => undefined);
        removed++;
      }
    }
    return removed;
  }

  /** The file for `key`. The key pattern already excludes traversal; the containment check is a backstop. */
  private pathOf(key: EvidenceKey): string {
    assertEvidenceKey(key);
    const resolved = path.resolve(this.root, key);
    if (!resolved.startsWith(this.root + path.sep)) throw new DomainError('BAD_REQUEST');
    return resolved;
  }
}

/** @throws BAD_REQUEST for a negative, fractional or inverted range. */
export function assertRange(range: ByteRange): void {
  const { start, end } = range;
  const valid =
    Number.isSafeInteger(start) &&
    start >= 0 &&
    (end === undefined || (Number.isSafeInteger(end) && end >= start));
  if (!valid) throw new DomainError('BAD_REQUEST', { message: `Invalid byte range ${start}-${end ?? ''}` });
}

/** The NOT_FOUND every implementation throws for a key with no content. */
export function notStored(): DomainError {
  return new DomainError('NOT_FOUND', {
    message: 'No evidence content stored under this key',
    userMessage: { zh: '证据文件不存在', en: 'Evidence file not found' },
  });
}
