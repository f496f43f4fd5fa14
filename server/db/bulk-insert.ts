import { sql, type SQL } from 'drizzle-orm';
import { toJsonValue } from '../lib/canonical-json.js';
import { queryRows, type Db } from './client.js';

/** A column of a bulk insert and its PostgreSQL type (the array parameter is cast to `<type>[]`). */
export type BulkColumn = [
  name: string,
  type: 'text' | 'bigint' | 'integer' | 'smallint' | 'timestamptz' | 'jsonb',
];

const CHUNK = 5_000;

function wire(value: unknown, type: BulkColumn[1]): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'jsonb') return JSON.stringify(toJsonValue(value));
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/**
 * Inserts many rows with ONE parameter per column (`insert … select * from unnest($1::text[], …)`) instead of
 * one per value: building and sending a 1,000-row insert through the query builder costs more JavaScript than
 * the database spends on it (mass refunds). Rows are arrays in `columns` order. Returns the `returning`
 * column of the inserted rows.
 */
export async function bulkInsert(
  db: Db,
  table: string,
  columns: BulkColumn[],
  rows: unknown[][],
  options: { onConflictDoNothing?: boolean; returning?: string } = {},
): Promise<unknown[]> {
  const returned: unknown[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const arrays: SQL[] = columns.map(
      ([, type], c) => sql`${sql.param(chunk.map((r) => wire(r[c], type)))}::${sql.raw(type)}[]`,
    );
    const query = sql`insert into ${sql.identifier(table)} (${sql.join(
      columns.map(([name]) => sql.identifier(name)),
      sql`, `,
    )}) select * from unnest(${sql.join(arrays, sql`, `)})${
      options.onConflictDoNothing ? sql` on conflict do nothing` : sql``
    }${options.returning ? sql` returning ${sql.identifier(options.returning)}` : sql``}`;
    if (options.returning) {
      const out = await queryRows<Record<string, unknown>>(db, query);
      for (const r of out) returned.push(r[options.returning]);
    } else {
      await db.execute(query);
    }
  }
  return returned;
}

/**
 * Updates many rows, each with its own values, in ONE statement per 5,000 rows
 * (`update … from unnest($1::text[], …) as v(…) where t.<key> = v.<key>`), the way {@link bulkInsert} inserts:
 * the first column is the key, the others are set. Rows are arrays in `columns` order.
 */
export async function bulkUpdate(
  db: Db,
  table: string,
  columns: BulkColumn[],
  rows: unknown[][],
): Promise<void> {
  const [key, ...set] = columns;
  if (!key || set.length === 0) throw new Error('bulkUpdate: a key column and at least one column to set');
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const arrays: SQL[] = columns.map(
      ([, type], c) => sql`${sql.param(chunk.map((r) => wire(r[c], type)))}::${sql.raw(type)}[]`,
    );
    await db.execute(
      sql`update ${sql.identifier(table)} as t set ${sql.join(
        set.map(([name]) => sql`${sql.identifier(name)} = v.${sql.identifier(name)}`),
        sql`, `,
      )} from unnest(${sql.join(arrays, sql`, `)}) as v(${sql.join(
        columns.map(([name]) => sql.identifier(name)),
        sql`, `,
      )}) where t.${sql.identifier(key[0])} = v.${sql.identifier(key[0])}`,
    );
  }
}
