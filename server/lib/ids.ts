import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

// Random bytes from the CSPRNG, drawn 4 KB at a time and each byte handed out once: one call into it per
// ~300 ids instead of one per id (each call costs microseconds, and a filing draws several ids). Worker
// processes are spawned, not forked, so no two processes share a pool.
const pool = Buffer.alloc(4096);
let drawn = pool.length;

/** Offset of `n` fresh random bytes in `pool`, read before the next draw. */
function draw(n: number): number {
  if (drawn + n > pool.length) {
    randomFillSync(pool);
    drawn = 0;
  }
  const at = drawn;
  drawn += n;
  return at;
}

/** `n` random characters of {@link ALPHABET} (5 bits of entropy each). */
function randomChars(n: number): string {
  const at = draw(n);
  let out = '';
  for (let i = at; i < at + n; i++) out += ALPHABET[pool[i]! % 32]!;
  return out;
}

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
  return `${prefix}_${time}${randomChars(12)}`;
}

/** A request id for logs and problem details (`req_` and 16 random characters): not a secret. */
export function newRequestId(): string {
  return `req_${randomChars(16)}`;
}
