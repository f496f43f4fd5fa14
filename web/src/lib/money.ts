import { formatFen as formatBigFen } from '../../../common/fen';

/**
 * Formats an integer amount of fen (分) as yuan: `1234` → `¥12.34`, `123456789` → `¥1,234,567.89`.
 * Accepts the API's string form so amounts beyond 2^53 fen stay exact (BigInt arithmetic, no floats).
 * @throws RangeError when the value is not an integer.
 */
export function formatFen(fen: string | number | bigint): string {
  return formatBigFen(toBigInt(fen));
}

function toBigInt(fen: string | number | bigint): bigint {
  if (typeof fen === 'bigint') return fen;
  if (typeof fen === 'number') {
    if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be an integer, got ${fen}`);
    return BigInt(fen);
  }
  const trimmed = fen.trim();
  if (!/^-?\d+$/.test(trimmed)) throw new RangeError(`fen must be an integer string, got "${fen}"`);
  return BigInt(trimmed);
}

/**
 * Yuan as typed into a form (at most two decimals) → integer fen for the API: `12.34` → `1234`. Rounds away
 * binary noise (`19.99 * 100` is 1998.9999…). @throws RangeError for negative or non-finite input
 */
export function yuanToFen(yuan: number): number {
  if (!Number.isFinite(yuan) || yuan < 0) throw new RangeError(`not an amount of yuan: ${yuan}`);
  return Math.round(yuan * 100);
}

/** Fen (the API's string) → yuan as a number, for form limits and defaults only; display uses formatFen. */
export function fenToYuan(fen: string | number): number {
  return Number(fen) / 100;
}
