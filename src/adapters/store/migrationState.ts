import type { Knex } from 'knex';
import { StoreOpenError } from './storeOpenError';

export interface MigrationState {
  /** Some migration has not run yet (or the store is new). */
  pending: boolean;
  /**
   * knex's lock table does not hold exactly one row with is_locked = 0: rows left by openers that
   * raced (older versions), or a lock set by a migration that stopped without a transaction.
   * knex would refuse every migration ("Migration table is already locked") until it is reset.
   */
  staleLock: boolean;
}

/**
 * Reads (without writing) how far the store at `location` is migrated, and refuses a database
 * that holds tables of something else: Reckon does not add its tables to another application's
 * database, nor run on a store migrated by a version that knows migrations this one does not.
 */
export async function readMigrationState(
  knex: Knex, dialect: 'sqlite' | 'postgres', location: string, known: readonly string[],
): Promise<MigrationState> {
  const tables = await listTables(knex, dialect);
  if (tables.size === 0) return { pending: true, staleLock: false };
  const foreign = foreignDatabaseError(tables, dialect, location);
  if (foreign !== undefined) throw foreign;
  const completed = new Set((await knex('knex_migrations').select('name')).map((row: { name: string }) => row.name));
  const unknown = [...completed].filter((name) => !known.includes(name)).sort();
  if (unknown.length > 0) {
    throw new StoreOpenError('unknown_migrations', location,
      `was migrated by a newer Reckon or by another application (migrations unknown to this version: ${unknown.join(', ')}); use that version, or give another store`);
  }
  const pending = known.some((name) => !completed.has(name));
  if (!tables.has('knex_migrations_lock')) return { pending: true, staleLock: false };
  const locks: { is_locked: number | string | null }[] = await knex('knex_migrations_lock').select('is_locked');
  return { pending, staleLock: locks.length !== 1 || Number(locks[0]!.is_locked) !== 0 };
}

/** SQLite's own tables (sqlite_sequence …) left out. */
export const SQLITE_TABLES_SQL = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

/** Tables without knex_migrations are another application's: Reckon refuses to add its own. */
export function foreignDatabaseError(tables: Set<string>, dialect: 'sqlite' | 'postgres', location: string): StoreOpenError | undefined {
  if (tables.size === 0 || tables.has('knex_migrations')) return undefined;
  const some = [...tables].sort().slice(0, 3).join(', ');
  const where = dialect === 'postgres' ? 'a PostgreSQL schema' : 'a SQLite database';
  const instead = dialect === 'postgres' ? 'give an empty schema (?schema=<name>)' : 'give a new file name';
  return new StoreOpenError('foreign', location,
    `is ${where} but not a Reckon store (it has other tables: ${some}${tables.size > 3 ? ', …' : ''}); ${instead}`);
}

async function listTables(knex: Knex, dialect: 'sqlite' | 'postgres'): Promise<Set<string>> {
  if (dialect === 'postgres') {
    const result = await knex.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()");
    return new Set((result as { rows: { name: string }[] }).rows.map((row) => row.name));
  }
  const rows: { name: string }[] = await knex.raw(SQLITE_TABLES_SQL);
  return new Set(rows.map((row) => row.name));
}
