/**
 * Error classification shared by the runners: a transient error (database busy, file system
 * hiccup, connection reset) is retried with backoff; anything else is a data or programming
 * error that a retry cannot fix.
 */
import { PayloadError } from './jobContext';

/**
 * SQLite busy/locked, file-system pressure, network resets, and PostgreSQL's serialization
 * failure (40001), deadlock (40P01), shutdown (57P01-57P03), too many connections (53300) and
 * lock not available (55P03); every PostgreSQL connection exception (class 08) too.
 */
const TRANSIENT_CODES = new Set([
  'SQLITE_BUSY', 'SQLITE_LOCKED', 'EBUSY', 'EAGAIN', 'EMFILE', 'ENFILE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE',
  '40001', '40P01', '57P01', '57P02', '57P03', '53300', '55P03',
]);

export function isTransientError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  const message = err instanceof Error ? err.message : '';
  return /SQLITE_BUSY|database is locked|Timeout acquiring a connection/.test(message);
}

/** A user-level failure of a close (bad input, period state); the CLI prints its message, no stack. */
export class CloseError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/**
 * A failure that no retry can fix: a payload its schema refuses, a close refused for its input or
 * state, or any other error carrying a stable string code (a data error, a constraint) that is not
 * one of the transient codes. Errors without a code (unexpected ones) are treated as retryable.
 */
export function isPermanentError(err: unknown): boolean {
  if (isTransientError(err)) return false;
  if (err instanceof PayloadError || err instanceof CloseError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code !== '';
}

/** "<code>: <message>" (or the message), so that a queue's failedReason keeps the stable code. */
export function describeError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return typeof code === 'string' && code !== '' && !message.startsWith(code) ? `${code}: ${message}` : message;
}
