import { DelayedError, UnrecoverableError, type FlowProducer, type Job, type Queue } from 'bullmq';
import { CloseBusyError } from '../../src/app/close/waitForCloseLease';
import { failRun, getRun } from '../../src/adapters/store/closeStore';
import type { Database } from '../../src/adapters/store/openDatabase';
import { listParkedPartners, parkPartners } from '../../src/adapters/store/parkedPartners';
import type { PreparedClose } from '../../src/app/close/prepareClose';
import { partnersWithoutStatements } from '../../src/app/close/computePartnerBills';
import type { ReckonConfig } from '../../src/app/config';
import { CLOSE_FLOW_JOBS, computePartnersJob, finaliseJob, reconcileJob, type JobDefinition } from '../catalog';
import { releaseRunLease, whileHoldingRunLease } from './runLease';
import { planCloseJob, type PlanClosePayload } from '../closeFlowJobs';
import { describeError, isPermanentError } from '../errors';
import type { JobContext, ProgressEvent } from '../jobContext';
import { computeFlow } from './closeFlow';
import { closeJobIdsOfPlan } from './jobIds';

export interface ProcessorDeps {
  db: Database;
  config: ReckonConfig;
  /** Adds the second tree of a close from inside plan-close. */
  flows: FlowProducer;
  /** The compute queue, to read the partners of compute jobs that failed for good. */
  computeQueue: Queue;
}

/** What plan-close returns (kept small: a close may have thousands of partners). */
export interface PlanResult {
  status: PreparedClose['status'];
  runId: number;
  runKey: string;
  partners: number;
}

const PROGRESS_INTERVAL_MS = 250;
/** How soon a close that found the store busy looks again. */
const BUSY_RECHECK_MS = 1000;
const BY_NAME = new Map(CLOSE_FLOW_JOBS.map((j) => [j.name, j] as const));

/**
 * The BullMQ processor of every close job: the catalog definition picked by the job's name, fed
 * with the job's data. Failures are classified for the queue: a data error (bad payload, refused
 * close, any coded non-transient error) becomes UnrecoverableError and is not retried; a transient
 * one is rethrown and retried with the job's backoff. On the last attempt a compute failure parks
 * its partner and a failure of a close step marks the run failed, so the store tells what happened.
 */
export function closeJobProcessor(deps: ProcessorDeps): (job: Job, token?: string) => Promise<unknown> {
  return async (job, token) => {
    const definition = BY_NAME.get(job.name) as JobDefinition<unknown, unknown> | undefined;
    if (definition === undefined) throw new UnrecoverableError(`no job named "${job.name}" in the catalog`);
    try {
      const payload = definition.parse(job.data);
      if (definition === reconcileJob) await parkIgnoredComputeFailures(deps, job, (payload as { runId: number }).runId);
      const runId = (payload as { runId?: unknown }).runId;
      const work = () => definition.process(payload, contextOf(job, deps));
      const result = typeof runId === 'number' ? await whileHoldingRunLease(deps.db, runId, work) : await work();
      if (definition === planCloseJob) return await addComputeTree(deps, job, payload as PlanClosePayload, result as PreparedClose);
      if (definition === finaliseJob && typeof runId === 'number') await releaseRunLease(deps.db, runId);
      return result;
    } catch (err) {
      if (err instanceof CloseBusyError) {
        // Its turn has not come: back to the delayed set, without using up an attempt.
        await job.moveToDelayed(Date.now() + BUSY_RECHECK_MS, token);
        throw new DelayedError();
      }
      const permanent = isPermanentError(err);
      if (permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await recordFinalFailure(deps, job, err);
      // The cause keeps the error's code for the job's log line (jobs/bullmq/jobLog.ts).
      if (permanent) throw Object.assign(new UnrecoverableError(describeError(err)), { cause: err });
      throw err;
    }
  };
}

function contextOf(job: Job, deps: ProcessorDeps): JobContext {
  let lastSentMs = 0;
  return {
    db: deps.db,
    config: deps.config,
    now: () => new Date().toISOString(),
    // Each update is a Redis round trip: send at most a few per second, and always the last one.
    progress: (event: ProgressEvent) => {
      const now = Date.now();
      if (now - lastSentMs < PROGRESS_INTERVAL_MS && !(event.total > 0 && event.done >= event.total)) return;
      lastSentMs = now;
      job.updateProgress({ ...event }).catch(() => undefined);
    },
  };
}

async function addComputeTree(deps: ProcessorDeps, job: Job, payload: PlanClosePayload, prepared: PreparedClose): Promise<PlanResult> {
  const result: PlanResult = {
    status: prepared.status, runId: prepared.run.id, runKey: prepared.run.runKey, partners: prepared.status === 'ready' ? prepared.partnerIds.length : 0,
  };
  if (prepared.status === 'ready') {
    await deps.flows.add(computeFlow(closeJobIdsOfPlan(String(job.id)), prepared.run.id, payload.outDir, prepared.partnerIds, prepared.retry, payload.failOn));
  }
  return result;
}

async function recordFinalFailure(deps: ProcessorDeps, job: Job, err: unknown): Promise<void> {
  const data = (job.data ?? {}) as { runId?: unknown; partnerIds?: unknown };
  if (typeof data.runId !== 'number') return;
  try {
    if (job.name === computePartnersJob.name && Array.isArray(data.partnerIds)) {
      const code = (err as { code?: unknown } | null)?.code;
      await parkPartners(deps.db, data.runId, data.partnerIds.map((partnerId) => ({
        partnerId: String(partnerId), code: typeof code === 'string' ? code : 'bill.compute_failed', message: describeError(err),
      })));
    } else if ((await getRun(deps.db, data.runId)).state !== 'completed') {
      await failRun(deps.db, data.runId, `${job.name}: ${describeError(err)}`, new Date().toISOString());
      await releaseRunLease(deps.db, data.runId);
    }
  } catch {
    // The store itself is failing: the queue still records the job's failure.
  }
}

/**
 * A compute job can also fail without its processor seeing it (stalled too often after crashes).
 * Its partner then has neither statements nor a parked row; park it before reconciling, so the
 * run never closes with a partner silently missing.
 */
async function parkIgnoredComputeFailures(deps: ProcessorDeps, job: Job, runId: number): Promise<void> {
  const failures = await job.getIgnoredChildrenFailures();
  if (Object.keys(failures).length === 0) return;
  const parked = new Set((await listParkedPartners(deps.db, runId)).filter((p) => p.kind === undefined).map((p) => p.partnerId));
  for (const [key, reason] of Object.entries(failures)) {
    const child = await deps.computeQueue.getJob(key.slice(key.lastIndexOf(':') + 1));
    const partnerIds = ((child?.data as { partnerIds?: unknown } | undefined)?.partnerIds ?? []) as string[];
    const missing = (await partnersWithoutStatements(deps.db, runId, partnerIds)).filter((id) => !parked.has(id));
    await parkPartners(deps.db, runId, missing.map((partnerId) => ({ partnerId, code: 'bill.compute_failed', message: String(reason) })));
  }
}
