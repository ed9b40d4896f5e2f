/**
 * The database is busy with another writer (SQLite's busy timeout ran out, the connection pool is
 * held by a long transaction, PostgreSQL lock contention): waiting and trying again is the answer.
 */
export function isBusyError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === '55P03' || code === '40001' || code === '40P01') return true;
  const message = err instanceof Error ? err.message : '';
  return /SQLITE_BUSY|database is locked|Timeout acquiring a connection/.test(message);
}
