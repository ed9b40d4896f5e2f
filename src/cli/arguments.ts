import { isPeriod } from '../domain/period/period';
import { EXIT_USAGE, UserError } from './exitCodes';

/** Help text of every command's `--db` option. */
export const DB_HELP = 'SQLite file or postgres:// URL (default: $RECKON_DB, else ./reckon.sqlite)';

/** A `<period>` argument must be YYYY-MM; anything else is a usage error (exit 2). */
export function requirePeriod(period: string): void {
  if (!isPeriod(period)) throw new UserError(`"${period}" is not a period; write it as YYYY-MM, e.g. 2026-10`, EXIT_USAGE);
}
