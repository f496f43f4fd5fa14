import { describe, expect, it } from 'vitest';
import { fenToYuan, formatFen, yuanToFen } from './money';

describe('formatFen', () => {
  it.each([
    ['0', '¥0.00'],
    ['5', '¥0.05'],
    ['1234', '¥12.34'],
    ['7990', '¥79.90'],
    ['123456789', '¥1,234,567.89'],
    ['-250', '-¥2.50'],
    [' 100 ', '¥1.00'],
  ])('formats %j fen as %s', (fen, expected) => {
    expect(formatFen(fen)).toBe(expected);
  });

  it('keeps amounts beyond 2^53 fen exact', () => {
    expect(formatFen('900719925474099312')).toBe('¥9,007,199,254,740,993.12');
    expect(formatFen(900719925474099312n)).toBe('¥9,007,199,254,740,993.12');
  });

  it('accepts safe integer numbers', () => {
    expect(formatFen(19800)).toBe('¥198.00');
  });

  it.each(['12.5', 'abc', '', '1e3'])('rejects the non-integer string %j', (fen) => {
    expect(() => formatFen(fen)).toThrow(RangeError);
  });

  it('rejects fractional numbers', () => {
    expect(() => formatFen(12.5)).toThrow(RangeError);
  });
});

describe('yuanToFen / fenToYuan', () => {
  it.each([
    [0, 0],
    [12.34, 1234],
    [19.99, 1999],
    [0.07, 7],
    [1199, 119900],
  ])('turns %d yuan into %d fen', (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen);
  });

  it('rejects negative and non-finite amounts', () => {
    expect(() => yuanToFen(-1)).toThrow(RangeError);
    expect(() => yuanToFen(Number.NaN)).toThrow(RangeError);
  });

  it('reads the API fen strings back as yuan', () => {
    expect(fenToYuan('119900')).toBe(1199);
  });
});
