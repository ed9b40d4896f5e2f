import { userInfo } from 'node:os';
import type { LeaseHolding } from '../adapters/store/closeLease';
import { DEFAULT_LOCK_TIMEOUT_MS, describeHolding, type LeaseWait } from '../app/close/waitForCloseLease';
import { EXIT_USAGE, UserError } from './exitCodes';

/** Options shared by the commands that wait for a running close of the same store (close, reopen, preview, close --abandon). */

/** Help text of `--lock-timeout` (commands that wait for a running close of the same store). */
export const LOCK_TIMEOUT_HELP = 'seconds to wait for another close of the same store to finish (default: $RECKON_LOCK_TIMEOUT, else 600)';

/** --lock-timeout, else RECKON_LOCK_TIMEOUT, in seconds (0: do not wait). */
function lockTimeoutMs(option: string | undefined, env: NodeJS.ProcessEnv): number {
  const text = option ?? env.RECKON_LOCK_TIMEOUT;
  if (text === undefined || text === '') return DEFAULT_LOCK_TIMEOUT_MS;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new UserError(`${option !== undefined ? '--lock-timeout' : 'RECKON_LOCK_TIMEOUT'} must be a number of seconds (≥ 0), got "${text}"`, EXIT_USAGE);
  }
  return Math.round(seconds * 1000);
}

/** How a command waits for a running close: `--lock-timeout` (else the environment), telling the user whom it waits for. */
export function leaseWaitOf(lockTimeout: string | undefined, env: NodeJS.ProcessEnv): LeaseWait {
  return { timeoutMs: lockTimeoutMs(lockTimeout, env), onWaiting: printWaiting };
}

/** Who reopens or abandons a period, for its history: --actor, else $RECKON_ACTOR, else $USER, else the account running it. */
export function actorOf(option: string | undefined, env: NodeJS.ProcessEnv): string {
  return option || env.RECKON_ACTOR || env.USER || accountName() || 'unknown';
}

/** The operating-system account of this process (cron and containers often leave $USER unset). */
function accountName(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

/** Tells the user, on stderr, which close this command waits for. */
function printWaiting(heldBy: LeaseHolding): void {
  process.stderr.write(`waiting for ${describeHolding(heldBy)} …\n`);
}
