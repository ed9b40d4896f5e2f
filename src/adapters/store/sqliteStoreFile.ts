import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { StoreOpenError } from './storeOpenError';

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Refuses, before SQLite touches it, a store path that is a folder or a file that is not a SQLite
 * database (a CSV, a text file): SQLite would otherwise fail deep inside the first query, or, for
 * a file shorter than a page, treat it as empty and write a store over it. A missing or empty
 * file is fine: it becomes a new store.
 */
export function checkSqliteStoreFile(path: string): void {
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
  if (!readHeader(path).equals(SQLITE_HEADER)) {
    throw new StoreOpenError('not_sqlite', path, 'is not a SQLite database (give the path of a Reckon store, or a new file name to create one)');
  }
}

function readHeader(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new StoreOpenError('cannot_open', path, `cannot be read (${(error as NodeJS.ErrnoException).code}): make it readable`, { cause: error });
  }
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, header, 0, header.length, 0);
    return header.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
