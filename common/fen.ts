/**
 * Fen as text, without zod (common/money.ts holds the wire schemas), so the web can import it without
 * pulling the schema library into its bundle.
 */

/** `123456` → `¥1,234.56` (messages, exports, and the web's amounts). */
export function formatFen(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}¥${yuan}.${cents}`;
}
