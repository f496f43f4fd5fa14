import { describe, expect, it } from 'vitest';
import { CasePageCache, etagMatches, pageEtag } from './case-page-cache.js';

const page = (n: number, fill = 'x') => Buffer.from(fill.repeat(n));

describe('CasePageCache', () => {
  it('answers a page only at the stamp it was rendered at, and forgets it once the stamp moved', () => {
    const cache = new CasePageCache(1_000);
    cache.set('k', 's1', page(10));
    expect(cache.get('k', 's1')?.toString()).toBe('x'.repeat(10));
    expect(cache.get('k', 's2')).toBeUndefined();
    expect(cache.get('k', 's1')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
    expect([cache.hits, cache.misses]).toEqual([1, 2]);
  });

  it('stays within its bytes, dropping the least recently read page first', () => {
    const cache = new CasePageCache(100);
    cache.set('a', 's', page(25, 'a'));
    cache.set('b', 's', page(25, 'b'));
    cache.set('c', 's', page(25, 'c'));
    cache.set('d', 's', page(25, 'd'));
    cache.get('a', 's'); // a is now the most recently read: b goes first
    cache.set('e', 's', page(20, 'e'));
    expect(cache.get('b', 's')).toBeUndefined();
    expect(['a', 'c', 'd', 'e'].map((k) => cache.get(k, 's')?.[0])).toEqual([97, 99, 100, 101]);
    expect(cache.bytes).toBeLessThanOrEqual(100);
    // A page replacing itself is counted once.
    cache.set('e', 's2', page(10, 'e'));
    expect(cache.bytes).toBe(85);
  });

  it('keeps nothing when off, and never a page larger than a quarter of its room', () => {
    const off = new CasePageCache(0);
    off.set('k', 's', page(1));
    expect(off.get('k', 's')).toBeUndefined();
    const small = new CasePageCache(100);
    small.set('big', 's', page(26));
    expect(small.get('big', 's')).toBeUndefined();
  });
});

describe('entity tags', () => {
  it('differ by viewer and by stamp, are the same for the same page, and hide the stamp', () => {
    const tag = pageEtag('t/c/claimant/consumer/u1', '901.7.12');
    expect(tag).toBe(pageEtag('t/c/claimant/consumer/u1', '901.7.12'));
    expect(tag).not.toBe(pageEtag('t/c/handler/handler/u2', '901.7.12'));
    expect(tag).not.toBe(pageEtag('t/c/claimant/consumer/u1', '902.7.12'));
    expect(tag).not.toContain('901');
  });

  it('match If-None-Match lists, weak tags and *', () => {
    const tag = '"abc"';
    expect(etagMatches(undefined, tag)).toBe(false);
    expect(etagMatches('"abc"', tag)).toBe(true);
    expect(etagMatches('"x", W/"abc"', tag)).toBe(true);
    expect(etagMatches('*', tag)).toBe(true);
    expect(etagMatches('"abcd"', tag)).toBe(false);
  });
});
