/**
 * Formats an integer amount of fen (分) as yuan: `1234` → `¥12.34`, `123456789` → `¥1,234,567.89`.
 * Accepts the API's string form so amounts beyond 2^53 fen stay exact (BigInt arithmetic, no floats).
 * @throws RangeError when the value is not an integer.
 */
export function formatFen(fen: string | number | bigint): string {
  const value = toBigInt(fen);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}¥${yuan}.${cents}`;
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
