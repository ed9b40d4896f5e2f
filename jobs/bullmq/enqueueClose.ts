import { FlowProducer, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { getPeriod, getRun, runKeyOf, type CloseRunRow } from '../../src/adapters/store/closeStore';
import type { Database } from '../../src/adapters/store/openDatabase';
import { CLOSE_SCOPE } from '../../src/app/close/prepareClose';
import { deliveryFileNames } from '../../src/app/ingestDelivery';
import type { ClosePayload } from '../catalog';
import { planFlow } from './closeFlow';
import { producerConnection } from './connections';
import { closeJobIds, type CloseJobIds } from './jobIds';
import type { QueueConfig } from './queueConfig';
import { whenReady } from './readyConnection';
import { asRedisUnreachable } from './redisUnreachable';

export type EnqueueResult =
  | { status: 'already-closed'; period: string; runKey: string; run: CloseRunRow }
  /** `joined`: an identical close was already under way; nothing new was added. */
  | { status: 'enqueued' | 'joined'; period: string; runKey: string; jobId: string; attempt: number; finaliseJobId: string; files: string[] };

export interface EnqueueDeps {
  db: Database;
  /** A ready Redis connection to use; without one a fail-fast producer connection is opened and closed. */
  connection?: Redis;
}

const MAX_ATTEMPTS = 1000;

/**
 * Enqueues the close of a period as a BullMQ flow (jobs/bullmq/closeFlow.ts). The store decides
 * first: a closed period enqueues nothing and reports its stored run. Otherwise the revision the
 * close will have is read from the store, and the job ids follow from period, scope, revision and
 * attempt, so that triggering the same close again, even many times at once, adds nothing.
 */
export async function enqueueClose(config: QueueConfig, request: ClosePayload, deps: EnqueueDeps): Promise<EnqueueResult> {
  const state = await getPeriod(deps.db, request.period);
  if (state?.state === 'closed' && state.closedRunId !== null) {
    const run = await getRun(deps.db, state.closedRunId);
    return { status: 'already-closed', period: request.period, runKey: run.runKey, run };
  }
  const revision = (state?.revision ?? 0) + 1;
  const files = request.inputDir ? await deliveryFileNames(request.inputDir) : [];
  const connection = deps.connection ?? producerConnection(config);
  connection.on('error', () => undefined); // a failed command rejects; the event needs no second report
  try {
    // Fail-fast connections refuse commands until ready: wait before BullMQ issues any.
    if (deps.connection === undefined) await whenReady(connection, config);
  } catch (err) {
    connection.disconnect();
    throw err;
  }
  const closeQueue = new Queue('close', { connection, prefix: config.prefix });
  const flows = new FlowProducer({ connection, prefix: config.prefix });
  closeQueue.on('error', () => undefined);
  flows.on('error', () => undefined);
  try {
    const { ids, attempt, live } = await pickAttempt(closeQueue, request.period, revision);
    if (!live) {
      await flows.add(planFlow(ids, { period: request.period, outDir: request.outDir, inputDir: request.inputDir, files, allowEmpty: request.allowEmpty, failOn: request.failOn }));
    }
    return {
      status: live ? 'joined' : 'enqueued', period: request.period, runKey: runKeyOf(request.period, CLOSE_SCOPE, revision),
      jobId: ids.plan, attempt, finaliseJobId: ids.finalise, files,
    };
  } catch (err) {
    // Redis went away after it answered: the same one line as when it never did.
    throw asRedisUnreachable(err, config);
  } finally {
    await flows.close();
    await closeQueue.close();
    if (deps.connection === undefined) await connection.quit().catch(() => connection.disconnect());
  }
}

/**
 * The first attempt whose flow is not over: a missing plan job (a fresh attempt), or one still
 * under way (joined). An attempt is over when its plan failed, or its finalise job failed or
 * completed without closing the period (it parked partners): a new attempt is needed then.
 */
async function pickAttempt(closeQueue: Queue, period: string, revision: number): Promise<{ ids: CloseJobIds; attempt: number; live: boolean }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const ids = closeJobIds(period, CLOSE_SCOPE, revision, attempt);
    const plan = await closeQueue.getJob(ids.plan);
    if (plan === undefined) return { ids, attempt, live: false };
    const planState = await plan.getState();
    if (planState === 'failed') continue;
    if (planState !== 'completed') return { ids, attempt, live: true };
    const finalise = await closeQueue.getJob(ids.finalise);
    const finaliseState = finalise === undefined ? 'unknown' : await finalise.getState();
    if (finaliseState !== 'completed' && finaliseState !== 'failed' && finaliseState !== 'unknown') return { ids, attempt, live: true };
  }
  throw new Error(`more than ${MAX_ATTEMPTS} close attempts of ${period} rev-${revision} are on record in the queue`);
}
