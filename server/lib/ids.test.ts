import { describe, expect, it } from 'vitest';
import { newId, newRequestId } from './ids.js';

describe('ids', () => {
  it('prefixes, encodes the clock in 9 sortable characters and adds 12 random ones', () => {
    const early = newId('case', Date.UTC(2026, 0, 1));
    const later = newId('case', Date.UTC(2026, 0, 1) + 1);
    expect(early).toMatch(/^case_[0-9a-hjkmnp-tv-z]{21}$/);
    expect(early.slice(0, 14) < later.slice(0, 14)).toBe(true);
  });

  it('never repeats, across many refills of the random pool', () => {
    const now = Date.now();
    // 100,000 ids draw 1.2 MB: the 4 KB pool is refilled about 300 times.
    const ids = Array.from({ length: 100_000 }, () => newId('dl', now));
    expect(new Set(ids).size).toBe(ids.length);
    const randomParts = new Set(ids.map((id) => id.slice(-12)));
    expect(randomParts.size).toBe(ids.length);
  });

  it('uses every character of the alphabet about equally in the random part', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++)
      for (const ch of newId('x', 0).slice(-12)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(32);
    // 240,000 characters, 7,500 expected each: a skewed mapping (e.g. a constant byte) is far outside ±10 %.
    for (const n of counts.values()) expect(Math.abs(n - 7_500)).toBeLessThan(750);
  });

  it('makes request ids of 16 random characters', () => {
    const a = newRequestId();
    expect(a).toMatch(/^req_[0-9a-hjkmnp-tv-z]{16}$/);
    expect(newRequestId()).not.toBe(a);
  });
});
