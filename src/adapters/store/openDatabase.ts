import knexFactory, { type Knex } from 'knex';
import * as m001 from './migrations/001_init';
import * as m002 from './migrations/002_settlements';
import * as m003 from './migrations/003_period_lifecycle';
import * as m004 from './migrations/004_close_lease';

/**
 * Migrations are imported statically (not loaded from a folder) so that they run the
 * same under vitest and from the compiled dist/.
 */
const MIGRATIONS: Record<string, Knex.Migration> = { '001_init': m001, '002_settlements': m002, '003_period_lifecycle': m003, '004_close_lease': m004 };

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name]!,
};

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  knex: Knex;
  dialect: Dialect;
  /** Max rows per multi-row INSERT for a table of `columns` columns (STACK §2.3). */
  chunkRows(columns: number): number;
  close(): Promise<void>;
}

/**
 * Opens (and migrates) the store. `location` is a SQLite file path or a postgres:// URL; a
 * `schema` query parameter on the URL (`postgres://u@host/db?schema=reckon_a`) keeps the tables
 * in that schema (created when missing, and the only one on the connection's search_path).
 */
export async function openDatabase(location: string): Promise<Database> {
  const postgres = parsePostgresLocation(location);
  const knex = postgres ? openPostgres(postgres) : openSqlite(location);
  try {
    if (postgres) await migratePostgres(knex, postgres.schema);
    else await knex.migrate.latest({ migrationSource });
  } catch (error) {
    await knex.destroy();
    throw error;
  }
  const dialect: Dialect = postgres ? 'postgres' : 'sqlite';
  return {
    knex,
    dialect,
    chunkRows: (columns) =>
      dialect === 'sqlite' ? Math.min(500, Math.floor(32766 / columns)) : Math.min(5000, Math.floor(65535 / columns)),
    close: () => knex.destroy(),
  };
}

export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

export interface PostgresLocation {
  /** The URL handed to pg, without the `schema` parameter. */
  connectionString: string;
  schema: string | undefined;
}

/** Splits a postgres:// URL into what pg connects to and the schema (`?schema=`), if any. */
export function parsePostgresLocation(location: string): PostgresLocation | undefined {
  if (!isPostgresLocation(location)) return undefined;
  const url = new URL(location);
  const schema = url.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`schema "${schema}" in the database URL: use letters, digits and _ (at most 63, not starting with a digit)`);
  }
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), schema };
}

function openSqlite(filename: string): Knex {
  return knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    acquireConnectionTimeout: 30_000,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: { exec(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, c: unknown) => void) =>
        conn.exec(
          'PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA cache_size=-16384; PRAGMA temp_store=MEMORY;',
          (err) => done(err, conn),
        ),
    },
  });
}

function openPostgres(location: PostgresLocation): Knex {
  return knexFactory({
    client: 'pg',
    connection: location.connectionString,
    ...(location.schema !== undefined ? { searchPath: [location.schema] } : {}),
    pool: { min: 0, max: 10 },
    acquireConnectionTimeout: 30_000,
  });
}

/**
 * Several processes may open the same PostgreSQL store at once (workers starting together): the
 * schema is created if missing, and migrations run under a transaction-scoped advisory lock per
 * schema, so that one process migrates while the others wait and then find nothing to do.
 */
async function migratePostgres(knex: Knex, schema: string | undefined): Promise<void> {
  if (schema !== undefined) {
    try {
      await knex.raw('CREATE SCHEMA IF NOT EXISTS ??', [schema]);
    } catch (error) {
      // Two processes creating it at the same moment: one of them sees a duplicate.
      const code = (error as { code?: string }).code;
      if (code !== '23505' && code !== '42P06') throw error;
    }
  }
  await knex.transaction(async (trx) => {
    await trx.raw("SELECT pg_advisory_xact_lock(hashtext('reckon.migrate ' || current_schema()))");
    await knex.migrate.latest({ migrationSource });
    await useByteOrderCollation(knex);
  });
}

/**
 * Text sorts and compares by code point on both dialects: SQLite's BINARY collation compares
 * UTF-8 bytes, and PostgreSQL's `C` collation does the same, whatever the database's locale. Every
 * text column of the store that does not have it yet (new tables of later migrations too) gets
 * it, so that ORDER BY gives the same order, and statements the same bytes, on either store.
 */
async function useByteOrderCollation(knex: Knex): Promise<void> {
  const result = await knex.raw(
    `SELECT c.table_name, c.column_name, c.data_type, c.character_maximum_length
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND t.table_name NOT LIKE 'knex\\_%'
        AND c.data_type IN ('text', 'character varying') AND c.collation_name IS DISTINCT FROM 'C'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const row of (result as { rows: { table_name: string; column_name: string; data_type: string; character_maximum_length: number | null }[] }).rows) {
    const type = row.data_type === 'text' ? 'text' : row.character_maximum_length === null ? 'varchar' : `varchar(${Number(row.character_maximum_length)})`;
    const clauses = byTable.get(row.table_name) ?? [];
    clauses.push(`ALTER COLUMN "${row.column_name.replace(/"/g, '""')}" TYPE ${type} COLLATE "C"`);
    byTable.set(row.table_name, clauses);
  }
  for (const [table, clauses] of byTable) {
    await knex.raw(`ALTER TABLE "${table.replace(/"/g, '""')}" ${clauses.join(', ')}`);
  }
}
