import { Readable } from 'node:stream';
import {
  assertEvidenceKey,
  assertRange,
  evidenceKeyOf,
  meteredSource,
  notStored,
  type ByteRange,
  type EvidenceKey,
  type EvidenceRetentionStorage,
  type EvidenceStat,
  type StoredEvidence,
} from './storage.js';

/**
 * Evidence storage in memory, for tests of routes and use cases. Same contract, keys and errors as
 * `FileEvidenceStorage`; content is copied in and out so callers cannot mutate what is stored.
 */
export class MemoryEvidenceStorage implements EvidenceRetentionStorage {
  private readonly objects = new Map<EvidenceKey, Buffer>();

  /** @throws PAYLOAD_TOO_LARGE when the source passes `maxBytes`; nothing is kept. */
  async put(source: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<StoredEvidence> {
    const metered = meteredSource(source, options.maxBytes);
    const parts: Buffer[] = [];
    for await (const chunk of metered.chunks) parts.push(Buffer.from(chunk));
    const { size, sha256 } = metered.result();
    const key = evidenceKeyOf(sha256);
    const deduplicated = this.objects.has(key);
    if (!deduplicated) this.objects.set(key, Buffer.concat(parts));
    return { key, size, sha256, deduplicated };
  }

  async open(key: EvidenceKey, range?: ByteRange): Promise<Readable> {
    const content = this.get(key);
    if (!content) throw notStored();
    if (range) assertRange(range);
    const slice = range ? content.subarray(range.start, (range.end ?? content.length - 1) + 1) : content;
    return Readable.from([Buffer.from(slice)], { objectMode: false });
  }

  async exists(key: EvidenceKey): Promise<boolean> {
    return this.get(key) !== undefined;
  }

  async stat(key: EvidenceKey): Promise<EvidenceStat | null> {
    const content = this.get(key);
    return content ? { key, size: content.length, sha256: key.slice(6) } : null;
  }

  /** Retention tooling only — see `EvidenceRetentionStorage.purge`. */
  async purge(key: EvidenceKey): Promise<boolean> {
    assertEvidenceKey(key);
    return this.objects.delete(key);
  }

  /** How many distinct objects are stored (tests assert dedup with it). */
  get count(): number {
    return this.objects.size;
  }

  private get(key: EvidenceKey): Buffer | undefined {
    assertEvidenceKey(key);
    return this.objects.get(key);
  }
}
