import { HEARTBEAT_MS, releaseCloseLease, renewCloseLease } from '../../src/adapters/store/closeLease';
import { getRun } from '../../src/adapters/store/closeStore';
import type { Database } from '../../src/adapters/store/openDatabase';
import { queueHolder } from '../closeFlowJobs';

/**
 * Keeps a queued close's lease alive while one of its run's jobs works (any worker may run it),
 * so that a close waiting for the store knows this one is still going; a run whose workers all
 * died stops beating and its lease lapses (LEASE_TTL_MS).
 */
export async function whileHoldingRunLease<T>(db: Database, runId: number, work: () => Promise<T>): Promise<T> {
  const run = await getRun(db, runId);
  const holder = queueHolder(run.period);
  const beat = () => renewCloseLease(db, holder, Date.now(), run.runKey).catch(() => false);
  await beat();
  const timer = setInterval(() => void beat(), HEARTBEAT_MS);
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** The run is over (finalised, or failed for good): the store is free for the next close. */
export async function releaseRunLease(db: Database, runId: number): Promise<void> {
  await releaseCloseLease(db, queueHolder((await getRun(db, runId)).period));
}
