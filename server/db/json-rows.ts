import { getTableColumns, sql, type Column, type SQL } from 'drizzle-orm';
import { PgDialect, type PgTable } from 'drizzle-orm/pg-core';
import { queryRows, type Db } from './client.js';

/** An identifier quoted as Drizzle (and PostgreSQL's `quote_ident`) quote it, for SQL rendered once by hand. */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

const columnNames = new WeakMap<PgTable, Map<string, string>>();

function namesOf(table: PgTable): Map<string, string> {
  let names = columnNames.get(table);
  if (!names) {
    names = new Map(Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name]));
    columnNames.set(table, names);
  }
  return names;
}

// Column lists by table and key order, rendered once: a list of identifiers is dozens of chunks for the query
// builder to walk on every statement, and intake's write has several.
const columnLists = new WeakMap<PgTable, Map<string, SQL>>();

function columnList(table: PgTable, keys: string[], dbNames: string[]): SQL {
  let lists = columnLists.get(table);
  if (!lists) {
    lists = new Map();
    columnLists.set(table, lists);
  }
  const signature = keys.join(',');
  let list = lists.get(signature);
  if (!list) {
    // Property names were mapped to the table's own column names: identifiers, quoted as Drizzle quotes them.
    list = sql.raw(dbNames.map(quoteIdent).join(', '));
    lists.set(signature, list);
  }
  return list;
}

const jsonSafe = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

/**
 * Rows as ONE bound parameter: a JSON array expanded by PostgreSQL (`jsonb_populate_recordset`, which casts
 * each field to its column's type: ISO text to timestamptz, text to bigint, JSON arrays to text[]). Every row
 * must carry the same keys (the table's property names, as in Drizzle's `$inferInsert`). `columns` lists
 * them as db identifiers, `source` is the record set to select them from.
 */
export function jsonRecordset<T extends PgTable>(
  table: T,
  rows: T['$inferInsert'][],
): { keys: string[]; name: (key: string) => string; columns: SQL; source: SQL } {
  const names = namesOf(table);
  const keys = Object.keys(rows[0] ?? {});
  const name = (key: string) => {
    const column = names.get(key);
    if (!column) throw new Error(`jsonRecordset: no column ${key}`);
    return column;
  };
  const dbNames = keys.map(name);
  const out = rows.map((row) => {
    const o: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) {
      const value = (row as Record<string, unknown>)[keys[k]!];
      // bigint columns as text; converted here rather than by a JSON.stringify replacer, which would take
      // V8 off its fast serializer for the whole batch (2–3× slower on intake's group commit).
      o[dbNames[k]!] = typeof value === 'bigint' ? value.toString() : value;
    }
    return o;
  });
  let payload: string;
  try {
    payload = JSON.stringify(out);
  } catch {
    payload = JSON.stringify(out, jsonSafe); // a bigint nested inside a json column
  }
  return {
    keys,
    name,
    columns: columnList(table, keys, dbNames),
    source: sql`jsonb_populate_recordset(null::${table}, ${payload}::jsonb)`,
  };
}

/**
 * A multi-row INSERT with ONE bound parameter ({@link jsonRecordset}), for hot paths that write many rows at
 * once (intake's group commit, the audit batch): the statement is built once per call instead of once per
 * value, which is where an ORM spends its time on wide batches. Omitted columns take their defaults.
 */
export function insertRowsSql<T extends PgTable>(
  table: T,
  rows: T['$inferInsert'][],
  options: { returning?: keyof T['$inferSelect'] & string; onConflictDoNothing?: boolean } = {},
): SQL {
  const { name, columns, source } = jsonRecordset(table, rows);
  const conflict = options.onConflictDoNothing ? sql` on conflict do nothing` : sql``;
  const tail = options.returning ? sql` returning ${sql.identifier(name(options.returning))}` : sql``;
  return sql`insert into ${table} (${columns}) select ${columns} from ${source}${conflict}${tail}`;
}

/**
 * Runs {@link insertRowsSql}. Returns the rows' `returning` column (keyed by its db name); their order is not
 * promised — match them up by content.
 */
export async function insertRowsAsJson<T extends PgTable>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  options: { returning?: keyof T['$inferSelect'] & string; onConflictDoNothing?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  return queryRows(db, insertRowsSql(table, rows, options));
}

/**
 * Several data-modifying statements as ONE (all but the last as CTEs `w0`, `w1`, …; PostgreSQL runs every
 * data-modifying CTE to completion, read or not): one round trip, atomic even outside a transaction.
 */
export function together(statements: SQL[]): SQL | null {
  const rest = [...statements];
  const last = rest.pop();
  if (!last) return null;
  const ctes = rest.map((statement, i) => sql`${sql.raw(`w${i}`)} as (${statement})`);
  return ctes.length > 0 ? sql`with ${sql.join(ctes, sql`, `)} ${last}` : last;
}

/**
 * `json_build_object('id', "t"."id", …)`: a row of `table` as one JSON object keyed by property name, for
 * reading a row and its children in ONE statement (`json_agg` per child table; Drizzle's relational queries
 * do the same). bigint columns travel as text, so no value passes through a float. Read back with
 * {@link rowFromJson}. `extra` adds computed values under the given keys (read them from the object).
 */
export function rowJson(table: PgTable, extra: Record<string, SQL> = {}): SQL {
  const columns = Object.entries(getTableColumns(table));
  // json_build_object takes at most 100 arguments.
  if (columns.length + Object.keys(extra).length > 50) throw new Error('rowJson: more than 50 columns');
  const pairs = columns.map(([key, column]) =>
    // The keys are the schema's property names (identifiers), safe to inline.
    column.getSQLType().startsWith('big')
      ? sql`${sql.raw(`'${key}'`)}, ${column}::text`
      : sql`${sql.raw(`'${key}'`)}, ${column}`,
  );
  // Values computed with the row (a keyed look-up), by the caller's property names (identifiers, too).
  for (const [key, value] of Object.entries(extra)) pairs.push(sql`${sql.raw(`'${key}'`)}, ${value}`);
  return sql`json_build_object(${sql.join(pairs, sql`, `)})`;
}

type ColumnPlan = { key: string; column: Column; parsed: boolean }[];
const readPlans = new WeakMap<PgTable, ColumnPlan>();

/** A row of `table` from its {@link rowJson} object: each value mapped as Drizzle maps the driver's. */
export function rowFromJson<T extends PgTable>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  let plan = readPlans.get(table);
  if (!plan) {
    // JSON columns arrive already parsed (a JSON string value must not be parsed a second time).
    plan = Object.entries(getTableColumns(table)).map(([key, column]) => ({
      key,
      column,
      parsed: column.getSQLType().startsWith('json'),
    }));
    readPlans.set(table, plan);
  }
  const row: Record<string, unknown> = {};
  for (const { key, column, parsed } of plan) {
    const value = json[key];
    row[key] =
      value === null || value === undefined ? null : parsed ? value : column.mapFromDriverValue(value);
  }
  return row;
}

const dialect = new PgDialect();

/**
 * The SQL text of a statement without parameters, rendered once: for a large statement run often (the case
 * page), where building it through the query builder on every call costs more than running it. Bind values
 * with `sql\`… ${value} ${sql.raw(text)}\`` around it. @throws if the statement has parameters
 */
export function staticSql(query: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(query);
  if (params.length > 0) throw new Error('staticSql: the statement has parameters');
  return text;
}
