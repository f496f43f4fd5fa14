/**
 * Integer-fen arithmetic for remedies: no floats anywhere near money (ADR 0009).
 */

/** The smaller of two amounts. */
export function minFen(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** The larger of two amounts. */
export function maxFen(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** `fen` limited to 0…cap. */
export function clampFen(fen: bigint, cap: bigint): bigint {
  if (fen < 0n) return 0n;
  return fen > cap ? cap : fen;
}

/** `fen` × basis points / 10,000, rounded half up (1 bp = 0.01 %). */
export function basisPointsOf(fen: bigint, basisPoints: number): bigint {
  return (fen * BigInt(basisPoints) + 5_000n) / 10_000n;
}

/**
 * Splits `total` fen in proportion to `weights` by the largest-remainder method: each share is the floor of
 * its exact value, and the fen left over go one each to the largest remainders (ties: earlier index). The
 * shares sum to `total` exactly, each is within 1 fen of its exact value, and a zero weight gets nothing.
 * All weights zero → everything to no one: returns zeros and the caller must not lose the total (throws).
 * @throws RangeError on a negative total or weight, or when every weight is zero and total > 0.
 */
export function splitProRata(total: bigint, weights: readonly bigint[]): bigint[] {
  if (total < 0n) throw new RangeError('total must not be negative');
  let sum = 0n;
  for (const w of weights) {
    if (w < 0n) throw new RangeError('weights must not be negative');
    sum += w;
  }
  if (sum === 0n) {
    if (total > 0n) throw new RangeError('cannot split a positive total over zero weights');
    return weights.map(() => 0n);
  }
  const shares = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (total * w) % sum }));
  let left = total - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i, r } of remainders) {
    if (left === 0n || r === 0n) break;
    shares[i] = (shares[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return shares;
}
