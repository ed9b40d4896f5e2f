import knexFactory, { type Knex } from 'knex';
import { redactUrl } from '../redactUrl';
import { readMigrationState } from './migrationState';
import { withSqliteMigrationLock } from './sqliteMigrationLock';
import { setUpSqliteConnection, type SqliteConnection } from './sqliteConnectionSetup';
import { checkSqliteStoreFile } from './sqliteStoreFile';
import { describeStoreFailure } from './storeFailure';
import { StoreOpenError } from './storeOpenError';
import * as m001 from './migrations/001_init';
import * as m002 from './migrations/002_settlements';
import * as m003 from './migrations/003_period_lifecycle';
import * as m004 from './migrations/004_close_lease';
import * as m005 from './migrations/005_import_tally';
import * as m006 from './migrations/006_incentive_payouts';

/**
 * Migrations are imported statically (not loaded from a folder) so that they run the
 * same under vitest and from the compiled dist/.
 */
/** The store's migrations by name, in order (also what `reckon doctor` compares a store with). */
const MIGRATIONS: Record<string, Knex.Migration> = { '001_init': m001, '002_settlements': m002, '003_period_lifecycle': m003, '004_close_lease': m004, '005_import_tally': m005, '006_incentive_payouts': m006 };

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name]!,
};

/** Every migration this version knows, in the order they run. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  knex: Knex;
  dialect: Dialect;
  /** Max rows per multi-row INSERT for a table of `columns` columns (STACK §2.3). */
  chunkRows(columns: number): number;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Hears what opening repaired (a stale migration lock), for the operator. */
  onNotice?: (message: string) => void;
}

/**
 * Opens (and migrates) the store. `location` is a SQLite file path or a postgres:// URL; a
 * `schema` query parameter on the URL (`postgres://u@host/db?schema=reckon_a`) keeps the tables
 * in that schema (created when missing, and the only one on the connection's search_path).
 * A location that is not a store, or cannot be reached, fails with a StoreOpenError saying so.
 */
export async function openDatabase(location: string, options: OpenOptions = {}): Promise<Database> {
  const postgres = parsePostgresLocation(location);
  const shown = postgres ? redactUrl(location) : location;
  if (!postgres) await checkSqliteStoreFile(location).catch((error) => { throw asStoreOpenError(error, shown); });
  const knex = postgres ? openPostgres(postgres) : openSqlite(location);
  try {
    if (postgres) await migratePostgres(knex, postgres.schema, shown, options);
    else await migrateSqlite(knex, location, options);
  } catch (error) {
    await knex.destroy();
    throw asStoreOpenError(error, shown);
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
  let url: URL;
  try {
    url = new URL(location);
  } catch (error) {
    throw new StoreOpenError('bad_url', redactUrl(location), 'is not a valid URL (postgres://user:password@host:port/database)', { cause: error });
  }
  const schema = url.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreOpenError('bad_url', redactUrl(location), `has schema "${schema}": use letters, digits and _ (at most 63, not starting with a digit)`);
  }
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), schema };
}

/**
 * knex prints its warnings with console.log, i.e. on stdout, where they would mix with results
 * (`reckon records > x.csv`): they go to stderr. A failed connection is not printed here, with its
 * stack: the error itself reaches the caller, which reports it.
 */
const log: Knex.Config['log'] = {
  warn: (message: unknown) => {
    if (typeof message === 'string' && message.startsWith('Acquire connection error')) return;
    process.stderr.write(`knex: ${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
  },
};

function openSqlite(filename: string): Knex {
  return knexFactory({
    client: 'sqlite3',
    log,
    connection: { filename },
    useNullAsDefault: true,
    acquireConnectionTimeout: 30_000,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: SqliteConnection, done: (err: Error | null, c: unknown) => void) =>
        setUpSqliteConnection(conn).then(() => done(null, conn), (err: Error) => done(err, conn)),
    },
  });
}

function openPostgres(location: PostgresLocation): Knex {
  return knexFactory({
    client: 'pg',
    log,
    connection: location.connectionString,
    ...(location.schema !== undefined ? { searchPath: [location.schema] } : {}),
    pool: { min: 0, max: 10 },
    acquireConnectionTimeout: 30_000,
  });
}

/**
 * Several processes may open the same SQLite file at once (workers starting together, commands
 * run side by side): one of them migrates under the store's side lock while the others wait and
 * then find nothing to do. An up-to-date store is opened without taking that lock.
 */
async function migrateSqlite(knex: Knex, path: string, options: OpenOptions): Promise<void> {
  const state = await readMigrationState(knex, 'sqlite', path, MIGRATION_NAMES);
  if (!state.pending && !state.staleLock) return;
  await withSqliteMigrationLock(path, () => migrateUnderLock(knex, 'sqlite', path, options));
}

/**
 * Runs while this process holds the store's migration lock, so no other process migrates: knex's
 * own lock row, if stale (two rows from openers that raced, or a lock left set), is reset here
 * instead of refusing every later open with "Migration table is already locked".
 */
async function migrateUnderLock(knex: Knex, dialect: Dialect, shown: string, options: OpenOptions): Promise<void> {
  const state = await readMigrationState(knex, dialect, shown, MIGRATION_NAMES);
  if (state.staleLock) {
    await knex.migrate.forceFreeMigrationsLock({ migrationSource });
    options.onNotice?.(`${shown}: reset a stale migration lock (knex_migrations_lock), left by an interrupted or concurrent first open`);
  }
  if (state.pending) await knex.migrate.latest({ migrationSource });
}

/**
 * Several processes may open the same PostgreSQL store at once (workers starting together): the
 * schema is created if missing, and migrations run under a transaction-scoped advisory lock per
 * schema, so that one process migrates while the others wait and then find nothing to do. The
 * server drops the lock with the session of a process that dies.
 */
async function migratePostgres(knex: Knex, schema: string | undefined, shown: string, options: OpenOptions): Promise<void> {
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
    await migrateUnderLock(knex, 'postgres', shown, options);
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

/** Errors of opening that come from the location (see describeStoreFailure) name it and say what to do. */
function asStoreOpenError(error: unknown, shown: string): unknown {
  if (error instanceof StoreOpenError) return error;
  if ((error as Error | null)?.name === 'KnexTimeoutError') {
    return new StoreOpenError('unreachable', shown, 'gave no connection within 30 s: check that the database is up and reachable', { cause: error });
  }
  const failure = describeStoreFailure(error);
  return failure === undefined ? error : new StoreOpenError(failure.problem, shown, failure.detail, { cause: error });
}

/** Names of every migration this version knows, in order. */
export function knownMigrations(): string[] {
  return Object.keys(MIGRATIONS).sort();
}
