/** What every SQLite connection of a store runs once, after opening. */
export interface SqliteConnection {
  exec(sql: string, cb: (err: Error | null) => void): void;
}

/** How long one opener waits for the others, both for SQLite's busy handler and for switching to WAL. */
export const SQLITE_BUSY_WAIT_MS = 10_000;

/** The connection settings after the journal mode; busy_timeout comes first so that every statement waits. */
const SETTINGS = 'PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA cache_size=-16384; PRAGMA temp_store=MEMORY;';

/**
 * Sets up a new connection: busy timeout, WAL journal, foreign keys, durable commits. Switching a
 * brand-new file to WAL fails at once with SQLITE_BUSY, without calling the busy handler, while
 * another connection (of this process or another) is switching the same file: that step is retried
 * on its own, with short pauses, until `waitMs` has passed.
 */
export async function setUpSqliteConnection(conn: SqliteConnection, waitMs = SQLITE_BUSY_WAIT_MS): Promise<void> {
  await exec(conn, `PRAGMA busy_timeout=${waitMs};`);
  const giveUpAt = Date.now() + waitMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      await exec(conn, 'PRAGMA journal_mode=WAL;');
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() + pause > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
  await exec(conn, SETTINGS);
}

function exec(conn: SqliteConnection, sql: string): Promise<void> {
  return new Promise((resolve, reject) => conn.exec(sql, (err) => (err ? reject(err) : resolve())));
}
