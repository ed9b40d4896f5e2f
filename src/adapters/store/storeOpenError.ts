/**
 * Why a store could not be opened, when the cause lies with the location given (a folder, a
 * file that is not a store, a database that cannot be reached) rather than with Reckon. The
 * message names the location and says what to do; the CLI prints it as one line (exit 1).
 */
export type StoreOpenProblem =
  | 'folder'
  | 'not_sqlite'
  | 'foreign'
  | 'unknown_migrations'
  | 'cannot_open'
  | 'read_only'
  | 'busy'
  | 'damaged'
  | 'disk'
  | 'login'
  | 'bad_url'
  | 'unreachable';

export class StoreOpenError extends Error {
  readonly code: `store.${StoreOpenProblem}`;

  /**
   * `location` is the store as the user gave it (a password already redacted); `detail` follows
   * it in the message ("is a folder, not a Reckon store …"), so that the CLI can put the option
   * that named the store in front (`--db <location> <detail>`).
   */
  constructor(problem: StoreOpenProblem, readonly location: string, readonly detail: string, options?: { cause?: unknown }) {
    super(`${location} ${detail}`, options);
    this.code = `store.${problem}`;
  }
}
