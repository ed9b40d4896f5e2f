import type { Knex } from 'knex';
import type { Database } from './openDatabase';

type Connection = Knex | Knex.Transaction;

const sqlCache = new Map<string, string>();

/**
 * `INSERT INTO t ("a","b") VALUES (?,?),(?,?)… <suffix>` for `rowCount` rows, built once per
 * (table, columns, rowCount, suffix) and cached: values are always bound, never interpolated.
 */
export function valuesInsertSql(table: string, columns: readonly string[], rowCount: number, suffix = ''): string {
  const key = `${table}\u0000${columns.join(',')}\u0000${rowCount}\u0000${suffix}`;
  let sql = sqlCache.get(key);
  if (sql === undefined) {
    const tuple = `(${columns.map(() => '?').join(',')})`;
    const tuples = new Array<string>(rowCount).fill(tuple).join(',');
    sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${tuples}${suffix ? ` ${suffix}` : ''}`;
    if (sqlCache.size > 256) sqlCache.clear();
    sqlCache.set(key, sql);
  }
  return sql;
}

/**
 * SQLite form of a bulk insert whose stored columns are computed from the bound ones:
 * `INSERT INTO t ("a","b",…) SELECT <select> FROM (VALUES (?,?…),(?,?…)…) WHERE true <suffix>`,
 * where `select` refers to the bound values of a row as column1…columnN (e.g. `column1->>2`
 * takes an element of a JSON array bound as column1) and may itself hold leading `?`s, bound
 * once per statement before the rows. node-sqlite3 converts every bound value on the main
 * thread; deriving columns in SQL moves that work to the database thread.
 */
export function selectValuesInsertSql(
  table: string, columns: readonly string[], select: readonly string[], rowWidth: number, rowCount: number, suffix = '',
): string {
  const key = `sel\u0000${table}\u0000${columns.join(',')}\u0000${select.join(',')}\u0000${rowWidth}\u0000${rowCount}\u0000${suffix}`;
  let sql = sqlCache.get(key);
  if (sql === undefined) {
    const tuple = `(${new Array<string>(rowWidth).fill('?').join(',')})`;
    const rows = new Array<string>(rowCount).fill(tuple).join(',');
    sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) SELECT ${select.join(',')} FROM (VALUES ${rows}) WHERE true${suffix ? ` ${suffix}` : ''}`;
    if (sqlCache.size > 256) sqlCache.clear();
    sqlCache.set(key, sql);
  }
  return sql;
}

/** Runs one statement on SQLite (see sqliteAll) and gives the number of rows it changed. */
export async function sqliteRun(conn: Connection, sql: string, values: readonly unknown[]): Promise<number> {
  const client = conn.client as { acquireConnection(): Promise<SqliteConnection>; releaseConnection(c: SqliteConnection): Promise<void> };
  const connection = await client.acquireConnection();
  try {
    return await new Promise<number>((resolve, reject) => {
      connection.run(sql, values, function done(this: { changes: number }, error: Error | null) {
        if (error) reject(error);
        else resolve(this.changes);
      });
    });
  } finally {
    await client.releaseConnection(connection);
  }
}

/** Rows of a raw query on either dialect (sqlite3 gives an array, pg a result with `rows`). */
export function rawRows<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: T[] } | undefined)?.rows;
  return rows ?? [];
}

/** Inserts `values` (row-major, `columns.length` per row) as one statement. */
export async function insertValues<T = unknown>(
  conn: Connection, table: string, columns: readonly string[], values: readonly unknown[], suffix = '',
): Promise<T[]> {
  const rowCount = values.length / columns.length;
  if (rowCount === 0) return [];
  const sql = valuesInsertSql(table, columns, rowCount, suffix);
  if (isSqlite(conn)) return sqliteAll<T>(conn, sql, values);
  return rawRows<T>(await conn.raw(sql, values as Knex.RawBinding[]));
}

interface SqliteConnection {
  run(sql: string, params: readonly unknown[], callback: (this: { changes: number }, error: Error | null) => void): void;
  all(sql: string, params: readonly unknown[], callback: (error: Error | null, rows: unknown[]) => void): void;
}

export function isSqlite(conn: Connection): boolean {
  return (conn.client as { config?: { client?: unknown } }).config?.client === 'sqlite3';
}

/**
 * Bulk statements on SQLite go straight to the driver connection (the transaction's own, when
 * `conn` is a transaction): knex's raw-binding pass rescans a 20,000-placeholder statement for
 * every chunk, which costs about as much as csv-parse itself on a million rows. Values are
 * still bound parameters.
 */
async function sqliteAll<T>(conn: Connection, sql: string, values: readonly unknown[]): Promise<T[]> {
  const client = conn.client as { acquireConnection(): Promise<SqliteConnection>; releaseConnection(c: SqliteConnection): Promise<void> };
  const connection = await client.acquireConnection();
  try {
    return await new Promise<T[]>((resolve, reject) => {
      connection.all(sql, values, (error, rows) => (error ? reject(error) : resolve(rows as T[])));
    });
  } finally {
    await client.releaseConnection(connection);
  }
}

/** Inserts rows in statements of at most db.chunkRows(columns) rows. */
export async function insertRowsChunked(
  db: Database, conn: Connection, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[],
): Promise<void> {
  const chunk = db.chunkRows(columns.length);
  for (let i = 0; i < rows.length; i += chunk) {
    await insertValues(conn, table, columns, rows.slice(i, i + chunk).flat());
  }
}
