import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CloseSummary } from '../../src/app/close/finaliseClose';
import type { ProgressEvent } from '../jobContext';
import { blockingConnection } from './connections';
import { closeJobIdsOfPlan, type CloseJobIds } from './jobIds';
import type { PlanResult } from './processJob';
import { QUEUE_NAMES, type QueueConfig } from './queueConfig';

export type WaitOutcome =
  | { status: 'completed' | 'parked'; summary: CloseSummary }
  | { status: 'already-closed'; runKey: string }
  | { status: 'failed'; reason: string };

export interface WaitOptions {
  onProgress?: (event: ProgressEvent) => void;
  /** How often the jobs' states are read (events may be missed, states may not). Default 300 ms. */
  pollMs?: number;
  /** Give up after this long (resolves as failed). Default: wait as long as it takes. */
  timeoutMs?: number;
}

const STEP_OF: Record<string, ProgressEvent['stage']> = { reconcile: 'reconcile', emit: 'emit', finalise: 'finalise' };

/**
 * Follows a queued close to its end: the outcome is read from the jobs' states (plan, then
 * finalise), polled, so that nothing depends on catching an event; QueueEvents only feed the
 * progress (ingest bytes from job.updateProgress, partners computed, the close steps).
 */
export async function waitForClose(config: QueueConfig, planJobId: string, options: WaitOptions = {}): Promise<WaitOutcome> {
  const ids = closeJobIdsOfPlan(planJobId);
  const connections: Redis[] = [];
  const connect = () => {
    const c = blockingConnection(config);
    c.on('error', () => undefined);
    connections.push(c);
    return c;
  };
  const queueConnection = connect();
  const queues = new Map(QUEUE_NAMES.map((name) => {
    const q = new Queue(name, { connection: queueConnection, prefix: config.prefix });
    q.on('error', () => undefined);
    return [name as string, q] as const;
  }));
  const queue = queues.get('close')!;
  const events = QUEUE_NAMES.map((name) => {
    const e = new QueueEvents(name, { connection: connect(), prefix: config.prefix });
    e.on('error', () => undefined);
    return e;
  });
  const progress = progressFeed(ids, events, options.onProgress ?? (() => undefined));
  try {
    await Promise.all(events.map((e) => e.waitUntilReady()));
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    for (;;) {
      const outcome = await readOutcome(queue, ids, progress);
      if (outcome?.status === 'failed') return { status: 'failed', reason: await explainFailure(queues, outcome.reason) };
      if (outcome !== undefined) return outcome;
      if (Date.now() > deadline) return { status: 'failed', reason: `no outcome after ${options.timeoutMs} ms; the close goes on in the workers` };
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 300));
    }
  } finally {
    for (const e of events) await e.close();
    for (const q of queues.values()) await q.close();
    await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
  }
}

async function readOutcome(queue: Queue, ids: CloseJobIds, progress: { setPartners(n: number): void }): Promise<WaitOutcome | undefined> {
  const plan = await queue.getJob(ids.plan);
  if (plan === undefined) return { status: 'failed', reason: `job ${ids.plan} is not in the queue (removed?)` };
  const planState = await plan.getState();
  if (planState === 'failed') return { status: 'failed', reason: plan.failedReason };
  if (planState !== 'completed') return undefined;
  // The job may have completed between getJob and getState: read its return value afresh.
  const planned = (await queue.getJob(ids.plan))?.returnvalue as PlanResult | null | undefined;
  if (!planned) return undefined;
  // 'unchanged' (a reopened period with the same inputs) issued nothing new either.
  if (planned.status !== 'ready') return { status: 'already-closed', runKey: planned.runKey };
  progress.setPartners(planned.partners);
  for (const id of [ids.reconcile, ids.emit, ids.finalise]) {
    const job = await queue.getJob(id);
    if (job !== undefined && (await job.getState()) === 'failed') return { status: 'failed', reason: `${job.name}: ${job.failedReason}` };
  }
  const finalise = await queue.getJob(ids.finalise);
  if (finalise === undefined || (await finalise.getState()) !== 'completed') return undefined;
  const summary = (await queue.getJob(ids.finalise))?.returnvalue as CloseSummary | null | undefined;
  if (!summary) return undefined;
  return { status: (summary.parked ?? []).length > 0 ? 'parked' : 'completed', summary };
}

/**
 * A parent fails with "child <prefix>:<queue>:<id> failed" (failParentOnFailure); follow such
 * reasons down to the job that really failed, so that the user reads its error and code.
 */
async function explainFailure(queues: ReadonlyMap<string, Queue>, reason: string): Promise<string> {
  let current = reason;
  for (let depth = 0; depth < 4; depth++) {
    const child = /child (?:.+:)?([a-z]+):([^:\s]+) failed/.exec(current);
    const job = child ? await queues.get(child[1]!)?.getJob(child[2]!) : undefined;
    if (job === undefined || !job.failedReason) break;
    current = `${job.name} ${job.id}: ${job.failedReason}`;
  }
  return current;
}

/** Turns the queues' events of this close into ProgressEvents. */
function progressFeed(ids: CloseJobIds, events: QueueEvents[], report: (e: ProgressEvent) => void): { setPartners(n: number): void } {
  const ours = (jobId: string) => jobId.endsWith(`-${ids.base}`) || jobId.includes(`-${ids.base}-`);
  let partners = 0;
  let computed = 0;
  const reportPartners = () => { if (partners > 0) report({ stage: 'compute', label: 'partners', done: computed, total: partners, unit: 'items' }); };
  const [ingest, compute, close] = events as [QueueEvents, QueueEvents, QueueEvents];
  ingest.on('progress', ({ jobId, data }) => {
    if (ours(jobId) && typeof data === 'object' && data !== null && 'stage' in data) report(data as unknown as ProgressEvent);
  });
  const partnerDone = ({ jobId }: { jobId: string }) => {
    if (!ours(jobId)) return;
    computed++;
    reportPartners();
  };
  compute.on('completed', partnerDone);
  compute.on('failed', partnerDone);
  const step = (done: number) => ({ jobId }: { jobId: string }) => {
    const stage = STEP_OF[jobId.slice(0, jobId.indexOf('-'))];
    if (stage !== undefined && ours(jobId)) report({ stage, label: stage === 'emit' ? 'files' : stage === 'reconcile' ? 'checks' : 'run', done, total: 1, unit: 'items' });
  };
  close.on('active', step(0));
  close.on('completed', step(1));
  return {
    setPartners(n) {
      if (n === partners) return;
      partners = n;
      reportPartners();
    },
  };
}
