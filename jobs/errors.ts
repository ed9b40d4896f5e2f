/**
 * Error classification shared by the runners: a transient error (database busy, file system
 * hiccup, connection reset) is retried with backoff; anything else is a data or programming
 * error that a retry cannot fix.
 */
const TRANSIENT_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'EBUSY', 'EAGAIN', 'EMFILE', 'ENFILE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', '40001', '40P01']);

export function isTransientError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  const message = err instanceof Error ? err.message : '';
  return /SQLITE_BUSY|database is locked|Timeout acquiring a connection/.test(message);
}

/** A user-level failure of a close (bad input, period state); the CLI prints its message, no stack. */
export class CloseError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}
