import { bigint, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { jsonRecordset, quoteIdent } from './json-rows.js';

const things = pgTable('things', {
  id: text('id').primaryKey(),
  amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
  doc: jsonb('doc').$type<Record<string, unknown>>(),
  at: timestamp('at', { withTimezone: true }),
});

/** The one bound parameter of the record set: the rows as JSON text. */
function payloadOf(rows: (typeof things.$inferInsert)[]): unknown {
  const { params } = new PgDialect().sqlToQuery(jsonRecordset(things, rows).source);
  return JSON.parse(String(params[0]));
}

describe('jsonRecordset', () => {
  it('keys rows by column name, bigints as text, dates as ISO strings', () => {
    const at = new Date('2026-12-04T10:00:00.000Z');
    expect(payloadOf([{ id: 't1', amountFen: 29_900n, doc: { a: [1, 'x'] }, at }])).toEqual([
      { id: 't1', amount_fen: '29900', doc: { a: [1, 'x'] }, at: '2026-12-04T10:00:00.000Z' },
    ]);
  });

  it('still writes a bigint nested inside a json column (as text)', () => {
    expect(
      payloadOf([{ id: 't2', amountFen: 1n, doc: { nested: { fen: 9_007_199_254_740_993n } }, at: null }]),
    ).toEqual([{ id: 't2', amount_fen: '1', doc: { nested: { fen: '9007199254740993' } }, at: null }]);
  });
});

describe('quoteIdent', () => {
  it('quotes an identifier as PostgreSQL does, doubling any quote in it', () => {
    expect(quoteIdent('amount_fen')).toBe('"amount_fen"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteIdent('a"b')).toBe(new PgDialect().escapeName('a"b'));
  });
});
