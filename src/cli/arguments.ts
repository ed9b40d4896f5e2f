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

const DURATION_UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration option such as `90s`, `30m`, `2h`, `500ms` (a bare number is seconds), in ms; else a usage error. */
export function requireDuration(text: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = m ? Number(m[1]) * DURATION_UNIT_MS[m[2] ?? 's']! : NaN;
  if (!Number.isFinite(ms) || ms <= 0) throw new UserError(`${option} ${JSON.stringify(text)} is not a duration: a positive number with s, m, h or ms (e.g. 90s, 30m, 2h)`, EXIT_USAGE);
  return Math.round(ms);
}
