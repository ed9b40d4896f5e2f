import { releaseCloseLease } from '../../src/adapters/store/closeLease';
import { startHeartbeat } from '../../src/app/close/waitForCloseLease';
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
  const heartbeat = startHeartbeat(db, queueHolder(run.period));
  await heartbeat.nameRun(run.runKey);
  try {
    return await work();
  } finally {
    heartbeat.stop();
  }
}

/** The run is over (finalised, or failed for good): the store is free for the next close. */
export async function releaseRunLease(db: Database, runId: number): Promise<void> {
  await releaseCloseLease(db, queueHolder((await getRun(db, runId)).period));
}
