import {
  describeHolder, HEARTBEAT_MS, inlineHolder, releaseCloseLease, renewCloseLease, tryAcquireCloseLease, type LeaseHolding,
} from '../../adapters/store/closeLease';
import type { Database } from '../../adapters/store/openDatabase';
import { PeriodStateError } from '../../adapters/store/periodLifecycle';
import { isBusyError } from '../../adapters/store/isBusyError';

/** How long a close waits for the close that holds the store by default (RECKON_LOCK_TIMEOUT seconds overrides). */
export const DEFAULT_LOCK_TIMEOUT_MS = 600_000;

/** How a command waits for the store: for how long, and whom it tells. */
export interface LeaseWait {
  /** Default DEFAULT_LOCK_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Called when the close starts waiting, and again whenever the holder it waits for changes. */
  onWaiting?(heldBy: LeaseHolding): void;
}

export interface LeaseWaitOptions extends LeaseWait {
  /** Default: a fresh holder of this process (inlineHolder()). */
  holder?: string;
  period: string;
}

export interface HeldLease {
  holder: string;
  /** Names the run in the lease (shown to closes that wait). */
  nameRun(runKey: string): Promise<void>;
  /** Stops the heartbeat and gives the lease back. */
  release(): Promise<void>;
}

/** "the close of 2026-09 (run close-2026-09-all-r1, pid 1234 on host)". */
export function describeHolding(heldBy: LeaseHolding): string {
  return `the close of ${heldBy.period}${heldBy.runKey ? ` (run ${heldBy.runKey}, ${describeHolder(heldBy.holder)})` : ` (${describeHolder(heldBy.holder)})`}`;
}

/** Another close holds the store: a queued close steps aside (delayed job) instead of occupying a worker slot while it waits. */
export class CloseBusyError extends Error {
  readonly code = 'close.busy';
  constructor(readonly heldBy: LeaseHolding) {
    super(`waiting for ${describeHolding(heldBy)}`);
  }
}

/** Polls until the lease is free (or its holder gone), then takes it; refuses after `timeoutMs`. */
export async function acquireCloseLease(db: Database, options: LeaseWaitOptions & { holder: string }): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let seen = '';
  let pauseMs = 100;
  for (;;) {
    let attempt;
    try {
      attempt = await tryAcquireCloseLease(db, options.holder, options.period, Date.now());
    } catch (err) {
      // Another writer holds the database for longer than its busy timeout: the store is busy, keep waiting.
      if (!isBusyError(err)) throw err;
      attempt = undefined;
    }
    if (attempt?.acquired) return;
    if (attempt !== undefined && `${attempt.heldBy.holder} ${attempt.heldBy.runKey}` !== seen) {
      seen = `${attempt.heldBy.holder} ${attempt.heldBy.runKey}`;
      options.onWaiting?.(attempt.heldBy);
    }
    if (Date.now() >= deadline) {
      const what = attempt === undefined ? 'the store (busy)' : describeHolding(attempt.heldBy);
      throw new PeriodStateError('close.lock_timeout', `gave up after ${Math.round(timeoutMs / 1000)} s waiting for ${what} to finish before closing ${options.period}; ` +
        `try again later, or if that close is gone for good: reckon close --abandon ${attempt?.heldBy.period || '<period>'}`);
    }
    await sleep(Math.min(pauseMs, Math.max(0, deadline - Date.now())));
    pauseMs = Math.min(1000, pauseMs * 2);
  }
}

/** Takes the lease (waiting as needed) and keeps it alive with a heartbeat until released. */
export async function holdCloseLease(db: Database, options: LeaseWaitOptions): Promise<HeldLease> {
  const holder = options.holder ?? inlineHolder();
  await acquireCloseLease(db, { ...options, holder });
  const heartbeat = startHeartbeat(db, holder);
  return {
    holder,
    nameRun: heartbeat.nameRun,
    async release() {
      heartbeat.stop();
      await releaseCloseLease(db, holder);
    },
  };
}

export interface Heartbeat {
  /** Names the run in the lease and beats at once. */
  nameRun(runKey: string): Promise<void>;
  stop(): void;
}

/**
 * Renews `holder`'s lease every HEARTBEAT_MS until stopped. A missed beat (the database busy with
 * this very close) is harmless: the next one renews it.
 */
export function startHeartbeat(db: Database, holder: string): Heartbeat {
  let named: string | undefined;
  const beat = () => renewCloseLease(db, holder, Date.now(), named).then(() => undefined, () => undefined);
  const timer = setInterval(() => void beat(), HEARTBEAT_MS);
  timer.unref();
  return {
    async nameRun(key) {
      named = key;
      await beat();
    },
    stop: () => clearInterval(timer),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` holding the store's close lease (a reopen or an abandon must not cross a running close). */
export async function withCloseLease<T>(db: Database, options: LeaseWaitOptions, work: () => Promise<T>): Promise<T> {
  const held = await holdCloseLease(db, options);
  try {
    return await work();
  } finally {
    await held.release();
  }
}
