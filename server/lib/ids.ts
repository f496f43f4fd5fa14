import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A readable, roughly time-ordered id with a type prefix, e.g. `case_0ku3x9…`. The first 9 characters encode
 * the millisecond clock so ids sort by creation in indexes and logs; 12 random characters follow.
 */
export function newId(prefix: string, now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 9; i++) {
    time = ALPHABET[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(12);
  let rand = '';
  for (const b of bytes) rand += ALPHABET[b % 32]!;
  return `${prefix}_${time}${rand}`;
}
