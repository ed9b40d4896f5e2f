import knexFactory, { type Knex } from 'knex';
import * as m001 from './migrations/001_init';

/**
 * Migrations are imported statically (not loaded from a folder) so that they run the
 * same under vitest and from the compiled dist/.
 */
const MIGRATIONS: Record<string, Knex.Migration> = { '001_init': m001 };

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

/** Opens (and migrates) the store. `location` is a SQLite file path or a postgres:// URL. */
export async function openDatabase(location: string): Promise<Database> {
  const isPostgres = /^postgres(ql)?:\/\//.test(location);
  const knex = isPostgres ? openPostgres(location) : openSqlite(location);
  await knex.migrate.latest({ migrationSource });
  const dialect: Dialect = isPostgres ? 'postgres' : 'sqlite';
  return {
    knex,
    dialect,
    chunkRows: (columns) =>
      dialect === 'sqlite' ? Math.min(500, Math.floor(32766 / columns)) : Math.min(5000, Math.floor(65535 / columns)),
    close: () => knex.destroy(),
  };
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

function openPostgres(url: string): Knex {
  return knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 10 } });
}
