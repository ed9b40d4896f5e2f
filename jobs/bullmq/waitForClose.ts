import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CloseSummary } from '../../src/app/close/finaliseClose';
import type { ProgressEvent } from '../jobContext';
import { blockingConnection } from './connections';
import { closeJobIdsOfPlan, type CloseJobIds } from './jobIds';
import type { PlanResult } from './processJob';
import { QUEUE_NAMES, type QueueConfig } from './queueConfig';

export type WaitOutcome =
  | { status: 'completed' | 'parked' | 'held'; summary: CloseSummary }
  | { status: 'already-closed'; runKey: string }
  | { status: 'failed'; reason: string }
  /** The wait ran out (timeoutMs) before the close ended; the close goes on in the workers. */
  | { status: 'timeout'; waitedMs: number };

export interface WaitOptions {
  onProgress?: (event: ProgressEvent) => void;
  /** How often the jobs' states are read (events may be missed, states may not). Default 300 ms. */
  pollMs?: number;
  /** Give up after this long (resolves as timeout). Default: wait as long as it takes. */
  timeoutMs?: number;
  /**
   * Told whether any worker is connected to the close's queues: once with false when none has
   * been for NO_WORKER_GRACE_MS, then with true when one connects (a person waiting on a close
   * that nobody will run must hear it within seconds, not wonder forever).
   */
  onWorkers?: (connected: boolean) => void;
}

/** How long no worker may be connected before the waiter is told. */
export const NO_WORKER_GRACE_MS = 3000;
const WORKER_CHECK_MS = 1000;

/** The close steps without a count of their own, by the name their job ids start with: named as an inline close names them. */
const STEPS = new Map<string, Pick<ProgressEvent, 'stage' | 'label'>>([
  ['settlements', { stage: 'compute', label: 'settlements' }],
  ['incentives', { stage: 'compute', label: 'incentives' }],
  ['reconcile', { stage: 'reconcile', label: 'checks' }],
]);

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
    const started = Date.now();
    const deadline = options.timeoutMs === undefined ? Infinity : started + options.timeoutMs;
    const workers = workerWatch([...queues.values()], started, options.onWorkers ?? (() => undefined));
    for (;;) {
      const outcome = await readOutcome(queue, ids, progress);
      if (outcome?.status === 'failed') return { status: 'failed', reason: await explainFailure(queues, outcome.reason) };
      if (outcome !== undefined) return outcome;
      if (Date.now() > deadline) return { status: 'timeout', waitedMs: Date.now() - started };
      await workers.check();
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 300));
    }
  } finally {
    for (const e of events) await e.close();
    for (const q of queues.values()) await q.close();
    await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
  }
}

/**
 * Watches whether any worker is connected to the queues (BullMQ names its workers' connections,
 * so Redis' client list tells), at most once a second, reporting only changes after the grace.
 */
function workerWatch(queues: Queue[], started: number, report: (connected: boolean) => void): { check(): Promise<void> } {
  let lastCheck = 0;
  let told: boolean | undefined;
  return {
    async check() {
      const now = Date.now();
      if (now - lastCheck < WORKER_CHECK_MS) return;
      lastCheck = now;
      const counts = await Promise.all(queues.map((q) => q.getWorkersCount().catch(() => 1)));
      const connected = counts.some((n) => n > 0);
      if (told === undefined && (connected || now - started < NO_WORKER_GRACE_MS)) return;
      if (connected === told) return;
      told = connected;
      report(connected);
    },
  };
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
  return { status: summary.held !== undefined ? 'held' : (summary.parked ?? []).length > 0 ? 'parked' : 'completed', summary };
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

/** Turns the queues' events of this close into ProgressEvents, the same steps an inline close reports. */
export function progressFeed(ids: CloseJobIds, events: QueueEvents[], report: (e: ProgressEvent) => void): { setPartners(n: number): void } {
  const ours = (jobId: string) => jobId.endsWith(`-${ids.base}`) || jobId.includes(`-${ids.base}-`);
  const kindOf = (jobId: string) => jobId.slice(0, jobId.indexOf('-'));
  let partners = 0;
  let computed = 0;
  const reportPartners = () => { if (partners > 0) report({ stage: 'compute', label: 'partners', done: computed, total: partners, unit: 'items' }); };
  const [ingest, compute, close] = events as [QueueEvents, QueueEvents, QueueEvents];
  ingest.on('progress', ({ jobId, data }) => {
    if (ours(jobId) && typeof data === 'object' && data !== null && 'stage' in data) report(data as unknown as ProgressEvent);
  });
  // Settlements and incentives run on the compute queue too: only compute-… jobs are partners.
  compute.on('failed', ({ jobId }) => {
    if (!ours(jobId) || kindOf(jobId) !== 'compute') return;
    computed++;
    reportPartners();
  });
  const started = ({ jobId }: { jobId: string }) => {
    if (!ours(jobId)) return;
    const step = STEPS.get(kindOf(jobId));
    if (step !== undefined) report({ ...step, done: 0, total: 1, unit: 'step' });
    else if (kindOf(jobId) === 'emit') report({ stage: 'emit', label: 'files', done: 0, total: 0, unit: 'items' });
  };
  const completed = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) => {
    if (!ours(jobId)) return;
    const kind = kindOf(jobId);
    const step = STEPS.get(kind);
    if (kind === 'compute') {
      computed++;
      reportPartners();
    } else if (step !== undefined) {
      report({ ...step, done: 1, total: 1, unit: 'step' });
    } else if (kind === 'emit') {
      const files = (returnvalue as { files?: unknown } | null)?.files;
      if (Array.isArray(files) && files.length > 0) report({ stage: 'emit', label: 'files', done: files.length, total: files.length, unit: 'items' });
    }
  };
  for (const queue of [compute, close]) {
    queue.on('active', started);
    queue.on('completed', completed);
  }
  return {
    setPartners(n) {
      if (n === partners) return;
      partners = n;
      reportPartners();
    },
  };
}
