/** CLI exit codes (documented in docs/cli.md); scripts rely on them. */
export const EXIT_OK = 0;
/** The operation could not be completed (unreadable input, period state, data error, a store or output folder that cannot be used). */
export const EXIT_FAILED = 1;
/** Wrong arguments. */
export const EXIT_USAGE = 2;
/** `close --fail-on`: the run's checks breached the level, so it was not sealed (the period stays closing). */
export const EXIT_HELD = 3;
/** `close --wait --timeout`: the wait ended before the close did; the close goes on in the workers. */
export const EXIT_TIMEOUT = 4;
/** A bug: the message and stack go to stderr. */
export const EXIT_INTERNAL = 70;

/** An error the user can act on: printed as one message, without a stack trace. */
export class UserError extends Error {
  /**
   * @param family the platform's error family (docs/error-codes.md) when the caller knows it;
   *   else CBC.0100 for wrong arguments (exit 2), CBC.0999 for the rest.
   */
  constructor(message: string, readonly exitCode: number = EXIT_FAILED, readonly family?: string) {
    super(message);
  }
}

/** Errors with a stable string code raised for bad input or state are user errors too. */
export function isUserFacingError(err: unknown): err is Error & { code: string } {
  if (err instanceof UserError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && /^(CBC\.|ingest\.|close\.|period\.|records\.|settlement\.|store\.|bill\.|incentive\.)/.test(code);
}
