import { getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { queryRows, type Db } from './client.js';

const columnNames = new WeakMap<PgTable, Map<string, string>>();

function namesOf(table: PgTable): Map<string, string> {
  let names = columnNames.get(table);
  if (!names) {
    names = new Map(Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name]));
    columnNames.set(table, names);
  }
  return names;
}

const jsonSafe = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

/**
 * A multi-row INSERT with ONE bound parameter: the rows as a JSON array, expanded by PostgreSQL
 * (`jsonb_populate_recordset`, which casts each field to its column's type: ISO text to timestamptz, text to
 * bigint, JSON arrays to text[]). For hot paths that write many rows at once (intake's group commit, the audit
 * batch): the statement is built once per call instead of once per value, which is where an ORM spends its
 * time on wide batches. Every row must carry the same keys (the table's property names, as in Drizzle's
 * `$inferInsert`); omitted columns take their defaults. Returns the rows' `returning` column (keyed by its db
 * name); their order is not promised — match them up by content.
 */
export async function insertRowsAsJson<T extends PgTable>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  options: { returning?: keyof T['$inferSelect'] & string; onConflictDoNothing?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const { returning } = options;
  const first = rows[0];
  if (!first) return [];
  const names = namesOf(table);
  const keys = Object.keys(first);
  const columns = keys.map((key) => {
    const name = names.get(key);
    if (!name) throw new Error(`insertRowsAsJson: no column ${key}`);
    return sql.identifier(name);
  });
  const payload = JSON.stringify(
    rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const key of keys) out[names.get(key)!] = (row as Record<string, unknown>)[key];
      return out;
    }),
    jsonSafe,
  );
  const list = sql.join(columns, sql`, `);
  const conflict = options.onConflictDoNothing ? sql` on conflict do nothing` : sql``;
  const tail = returning ? sql` returning ${sql.identifier(names.get(returning)!)}` : sql``;
  return queryRows(
    db,
    sql`insert into ${table} (${list}) select ${list} from jsonb_populate_recordset(null::${table}, ${payload}::jsonb)${conflict}${tail}`,
  );
}
