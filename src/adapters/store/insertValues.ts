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
 * SQLite form of a bulk insert that binds one JSON array per row instead of one value per cell:
 * `INSERT INTO t ("a","b") SELECT column1->>0, column1->>1 FROM (VALUES (?),(?)…) WHERE true <suffix>`.
 * node-sqlite3 converts every bound value on the main thread (about 10 µs per 40-column row);
 * one string per row moves that work to SQLite's JSON reader, on the database thread. `->>`
 * gives a JSON string back as TEXT, unchanged, and an integer as INTEGER, so amounts stay exact.
 */
export function jsonRowsInsertSql(table: string, columns: readonly string[], rowCount: number, suffix = ''): string {
  const key = `json\u0000${table}\u0000${columns.join(',')}\u0000${rowCount}\u0000${suffix}`;
  let sql = sqlCache.get(key);
  if (sql === undefined) {
    const select = columns.map((_, i) => `column1->>${i}`).join(',');
    const rows = new Array<string>(rowCount).fill('(?)').join(',');
    sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) SELECT ${select} FROM (VALUES ${rows}) WHERE true${suffix ? ` ${suffix}` : ''}`;
    if (sqlCache.size > 256) sqlCache.clear();
    sqlCache.set(key, sql);
  }
  return sql;
}

/** Inserts rows given as JSON arrays (SQLite only; see jsonRowsInsertSql). */
export async function insertJsonRows<T = unknown>(
  conn: Connection, table: string, columns: readonly string[], jsonRows: readonly string[], suffix = '',
): Promise<T[]> {
  if (jsonRows.length === 0) return [];
  return sqliteAll<T>(conn, jsonRowsInsertSql(table, columns, jsonRows.length, suffix), jsonRows);
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
