import { resolve } from 'node:path';
import sqlite3 from 'sqlite3';
import { StoreOpenError } from './storeOpenError';

/** How long a process waits for another one to finish migrating the same SQLite store. */
export const MIGRATION_LOCK_WAIT_MS = 300_000;

/** Openers of the same store within this process queue here, so that only one of them waits on the OS lock. */
const inProcess = new Map<string, Promise<unknown>>();

/**
 * Runs `work` while holding an exclusive lock on `<store>.migrate-lock`, a small side SQLite
 * file, so that one process at a time creates or migrates the store. knex's own migration lock
 * is a row it inserts after checking, outside any transaction, that the table is empty: processes
 * opening a new file at the same moment each insert one (the store then refuses every later
 * migration as "already locked") or race to create the same tables. The side file's lock is a
 * `BEGIN EXCLUSIVE` transaction that writes nothing: the OS drops it when its process dies, so a
 * killed migration never leaves it held. The file stays beside the store (deleting it would let a
 * later opener lock a new file while an earlier one still holds the old).
 */
export async function withSqliteMigrationLock<T>(storePath: string, work: () => Promise<T>, waitMs = MIGRATION_LOCK_WAIT_MS): Promise<T> {
  const lockPath = `${resolve(storePath)}.migrate-lock`;
  const before = inProcess.get(lockPath) ?? Promise.resolve();
  const turn = before.catch(() => undefined).then(() => underOsLock(lockPath, storePath, work, waitMs));
  inProcess.set(lockPath, turn);
  try {
    return await turn;
  } finally {
    if (inProcess.get(lockPath) === turn) inProcess.delete(lockPath);
  }
}

async function underOsLock<T>(lockPath: string, storePath: string, work: () => Promise<T>, waitMs: number): Promise<T> {
  const lock = await openLockFile(lockPath, storePath);
  try {
    lock.configure('busyTimeout', waitMs);
    try {
      await exec(lock, 'BEGIN EXCLUSIVE');
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw lockFileError(error, lockPath, storePath);
      throw new StoreOpenError('busy', storePath,
        `is being migrated by another process, which has not finished after ${Math.round(waitMs / 1000)} s; try again when it is done`, { cause: error });
    }
    try {
      return await work();
    } finally {
      await exec(lock, 'ROLLBACK').catch(() => undefined);
    }
  } finally {
    await new Promise<void>((done) => lock.close(() => done()));
  }
}

function openLockFile(lockPath: string, storePath: string): Promise<sqlite3.Database> {
  return new Promise((resolveOpen, reject) => {
    const db: sqlite3.Database = new sqlite3.Database(lockPath, (error) => (error ? reject(lockFileError(error, lockPath, storePath)) : resolveOpen(db)));
  });
}

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((done, fail) => db.exec(sql, (error) => (error ? fail(error) : done())));
}

function lockFileError(error: unknown, lockPath: string, storePath: string): StoreOpenError {
  return new StoreOpenError('cannot_open', storePath,
    `needs migrating, but its lock file ${lockPath} cannot be opened (${(error as Error).message}): make its folder writable`, { cause: error });
}
