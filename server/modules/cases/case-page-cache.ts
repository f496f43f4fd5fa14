import { createHash } from 'node:crypto';

type Entry = { stamp: string; body: Buffer };

/**
 * Rendered case pages, per process, least recently used first out, bounded in bytes.
 *
 * A page is kept under its viewer key (case, viewer kind, role, user: what the presenter's output depends on)
 * with the stamp it was rendered at ({@link import('./cases.repo.js').caseStamp}: the database changes it
 * whenever anything on the page changes, whichever process made the change). A read re-checks the stamp and
 * who may see the case on every request, so the cache saves the rendering, never a check. Render AFTER
 * reading the stamp: a page newer than its stamp is only a later miss, a page older than its stamp would be
 * stale.
 */
export class CasePageCache {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;
  hits = 0;
  misses = 0;

  /** @param maxBytes 0 turns the cache off; a page larger than a quarter of it is never kept. */
  constructor(readonly maxBytes: number) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The page rendered at `stamp`, or undefined (a page of another stamp is dropped). */
  get(key: string, stamp: string): Buffer | undefined {
    const entry = this.#entries.get(key);
    if (!entry || entry.stamp !== stamp) {
      if (entry) this.#drop(key, entry);
      this.misses++;
      return undefined;
    }
    // Most recently used last: Map iteration order is insertion order.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.hits++;
    return entry.body;
  }

  set(key: string, stamp: string, body: Buffer): void {
    if (!this.enabled || body.length > this.maxBytes / 4) return;
    const old = this.#entries.get(key);
    if (old) this.#drop(key, old);
    for (const [oldestKey, oldest] of this.#entries) {
      if (this.#bytes + body.length <= this.maxBytes) break;
      this.#drop(oldestKey, oldest);
    }
    this.#entries.set(key, { stamp, body });
    this.#bytes += body.length;
  }

  #drop(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#bytes -= entry.body.length;
  }
}

/**
 * A strong entity tag for a page: the viewer key and the stamp, hashed (the stamp holds transaction ids,
 * which are nobody's business). Equal in every process for the same page.
 */
export function pageEtag(key: string, stamp: string): string {
  return `"${createHash('sha256').update(key).update('\0').update(stamp).digest('base64url').slice(0, 27)}"`;
}

/** Whether an If-None-Match header names `etag` (a list, `*`, weak tags compared weakly as RFC 9110 asks). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
