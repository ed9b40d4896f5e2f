import { closeSync, openSync, readSync, statSync } from 'node:fs';
import sqlite3 from 'sqlite3';
import { foreignDatabaseError, SQLITE_TABLES_SQL } from './migrationState';
import { StoreOpenError } from './storeOpenError';

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Refuses, before SQLite touches it, a store path that is a folder or a file that is not a SQLite
 * database (a CSV, a text file): SQLite would otherwise fail deep inside the first query, or, for
 * a file shorter than a page, treat it as empty and write a store over it. A missing or empty
 * file is fine: it becomes a new store. A SQLite database not yet in WAL mode (every store is,
 * from its first open) is looked at read-only first: opening it for the store would switch it to
 * WAL, a change to what may be another application's database.
 */
export async function checkSqliteStoreFile(path: string): Promise<void> {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new StoreOpenError('cannot_open', path, 'cannot be a store: a folder on its path is a file', { cause: error });
    if (code === 'EACCES') throw new StoreOpenError('cannot_open', path, 'cannot be reached: permission denied on a folder on its path', { cause: error });
    throw error;
  }
  if (stat.isDirectory()) throw new StoreOpenError('folder', path, 'is a folder, not a Reckon store (give a .sqlite file path)');
  if (!stat.isFile()) throw new StoreOpenError('not_sqlite', path, 'is not a regular file (give a .sqlite file path)');
  if (stat.size === 0) return;
  const header = readHeader(path);
  if (!header.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) {
    throw new StoreOpenError('not_sqlite', path, 'is not a SQLite database (give the path of a Reckon store, or a new file name to create one)');
  }
  // Header byte 18 is 2 for a database in WAL mode.
  if (header[18] === 2) return;
  const foreign = foreignDatabaseError(await readTablesReadOnly(path), 'sqlite', path);
  if (foreign !== undefined) throw foreign;
}

function readTablesReadOnly(path: string): Promise<Set<string>> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, sqlite3.OPEN_READONLY, (openError) => {
      if (openError) return reject(openError);
      db.all(SQLITE_TABLES_SQL, (error, rows: { name: string }[]) => {
        db.close(() => (error ? reject(error) : resolve(new Set(rows.map((row) => row.name)))));
      });
    });
  });
}

function readHeader(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new StoreOpenError('cannot_open', path, `cannot be read (${(error as NodeJS.ErrnoException).code}): make it readable`, { cause: error });
  }
  try {
    const header = Buffer.alloc(100);
    const read = readSync(fd, header, 0, header.length, 0);
    return header.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
