/**
 * Error classification shared by the runners: a transient error (database busy, file system
 * hiccup, connection reset) is retried with backoff; anything else is a data or programming
 * error that a retry cannot fix.
 */
import { PayloadError } from './jobContext';

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
