import { FlowProducer, Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Database } from '../../src/adapters/store/openDatabase';
import type { ReckonConfig } from '../../src/app/config';
import { scheduledCloseJob, SCHEDULED_CLOSE_JOB } from '../catalog';
import { blockingConnection } from './connections';
import { enqueueClose } from './enqueueClose';
import { REMOVE_ON_COMPLETE, REMOVE_ON_FAIL } from './jobOptions';
import { closeJobProcessor } from './processJob';
import type { QueueConfig, QueueName } from './queueConfig';
import { scheduledCloseProcessor } from './scheduledCloseProcessor';
import { queuedCloseTrigger } from './triggerScheduledClose';

export interface WorkerOptions {
  db: Database;
  config: ReckonConfig;
  queues: readonly QueueName[];
  /** Jobs run at once per queue. Compute is CPU work: more than the cores gains nothing. */
  concurrency: number;
  log?: (line: string) => void;
}

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs and waits for active ones up to `timeoutMs`, then forces; closes every connection. */
  close(timeoutMs: number): Promise<{ forced: boolean }>;
}

/**
 * One BullMQ Worker per queue, all running the catalog's processors (picked by job name), with
 * the lock settings of the QueueConfig: a crashed worker's job is taken over by another after
 * about lockDuration + stalledInterval. Every BullMQ object gets an `error` listener (STACK §1.2).
 */
export async function startWorkers(queueConfig: QueueConfig, options: WorkerOptions): Promise<RunningWorkers> {
  const log = options.log ?? (() => undefined);
  const connections: Redis[] = [];
  const connect = (): Redis => {
    const connection = blockingConnection(queueConfig);
    connection.on('error', () => undefined); // reported through the BullMQ objects' listeners
    connections.push(connection);
    return connection;
  };
  const onError = (what: string) => (err: Error) => log(`${what}: ${err.message}`);
  const flows = new FlowProducer({ connection: connect(), prefix: queueConfig.prefix });
  flows.on('error', onError('flow producer'));
  const computeQueue = new Queue('compute', { connection: connect(), prefix: queueConfig.prefix });
  computeQueue.on('error', onError('queue compute'));
  const processClose = closeJobProcessor({ db: options.db, config: options.config, flows, computeQueue });
  const ctx = { db: options.db, config: options.config, now: () => new Date().toISOString(), progress: () => undefined };
  const processScheduled = scheduledCloseProcessor(
    scheduledCloseJob(queuedCloseTrigger((request) => enqueueClose(queueConfig, request, { db: options.db }))), ctx);
  const processor = (job: Job) => (job.name === SCHEDULED_CLOSE_JOB ? processScheduled(job) : processClose(job));
  const workers = options.queues.map((name) => {
    const worker = new Worker(name, processor, {
      connection: connect(),
      prefix: queueConfig.prefix,
      concurrency: options.concurrency,
      lockDuration: queueConfig.lockDurationMs,
      stalledInterval: queueConfig.stalledIntervalMs,
      maxStalledCount: 1,
      removeOnComplete: REMOVE_ON_COMPLETE,
      removeOnFail: REMOVE_ON_FAIL,
    });
    worker.on('error', onError(`worker ${name}`));
    worker.on('failed', (job, err) => log(`${name}: ${job?.name ?? 'job'} ${job?.id ?? ''} failed (attempt ${job?.attemptsMade ?? '?'}): ${err.message}`));
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  return { workers, close: (timeoutMs) => closeAll(workers, [flows, computeQueue], connections, timeoutMs) };
}

async function closeAll(workers: Worker[], others: { close(): Promise<void> }[], connections: Redis[], timeoutMs: number): Promise<{ forced: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
  // pause() stops fetching and waits for the active jobs; close(false) would do the same but can
  // no longer be forced once started, so the close itself is always the forced one.
  const graceful = Promise.all(workers.map((w) => w.pause())).then(() => 'closed' as const);
  const outcome = await Promise.race([graceful, timedOut]);
  clearTimeout(timer);
  // Forced while jobs still run: they lose their locks and another worker takes them over as stalled.
  await Promise.all(workers.map((w) => w.close(true)));
  for (const o of others) await o.close();
  await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
  return { forced: outcome === 'timeout' };
}
