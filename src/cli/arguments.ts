import { checkPeriod } from '../domain/period/period';
import { EXIT_USAGE, UserError } from './exitCodes';

/** Help text of every command's `--db` option. */
export const DB_HELP = 'SQLite file or postgres:// URL (default: $RECKON_DB, else ./reckon.sqlite)';

/**
 * A period argument (`<period>`, or the option named by `option`, e.g. `--period`) must be a
 * supported YYYY-MM period; anything else is a usage error (exit 2) saying what is accepted.
 * Every command that takes a period checks it here, so none of them starts work on a period
 * whose bounds cannot be computed.
 */
export function requirePeriod(period: string, option?: string): void {
  const problem = checkPeriod(period);
  if (problem === undefined) return;
  const what = option === undefined ? JSON.stringify(period) : `${option} ${JSON.stringify(period)}`;
  throw new UserError(`${what} ${problem}`, EXIT_USAGE);
}
