import { DelayedError, FlowProducer, Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { silentLogger, type Logger } from '../../src/adapters/log/logger';
import type { Database } from '../../src/adapters/store/openDatabase';
import type { ReckonConfig } from '../../src/app/config';
import { scheduledCloseJob, SCHEDULED_CLOSE_JOB } from '../catalog';
import { activeJobs, type ActiveJobs } from './activeJobs';
import { blockingConnection } from './connections';
import { enqueueClose } from './enqueueClose';
import { REMOVE_ON_COMPLETE, REMOVE_ON_FAIL } from './jobOptions';
import { loggedProcessor } from './jobLog';
import { runOfJobId } from './jobIds';
import { closeJobProcessor } from './processJob';
import type { QueueConfig, QueueName } from './queueConfig';
import { scheduledCloseProcessor } from './scheduledCloseProcessor';
import { redisOutageLog, type RedisOutageLog } from './redisOutageLog';
import { retryableInWorker } from './redisUnreachable';
import { queuedCloseTrigger } from './triggerScheduledClose';

export interface WorkerOptions {
  db: Database;
  config: ReckonConfig;
  queues: readonly QueueName[];
  /** Jobs run at once per queue. Compute is CPU work: more than the cores gains nothing. */
  concurrency: number;
  /** Where job and connection lines go (the CLI passes the process's logger); none: no lines. */
  logger?: Logger;
}

export interface RunningWorkers {
  workers: Worker[];
  /**
   * Stops taking jobs and waits for the active ones (until their outcome is stored) up to
   * `timeoutMs`, then forces; closes every connection, in about a second more whatever Redis does.
   */
  close(timeoutMs: number): Promise<{ forced: boolean }>;
}

/**
 * One BullMQ Worker per queue, all running the catalog's processors (picked by job name), with
 * the lock settings of the QueueConfig: a crashed worker's job is taken over by another after
 * about lockDuration + stalledInterval. Every BullMQ object gets an `error` listener (STACK §1.2).
 */
export async function startWorkers(queueConfig: QueueConfig, options: WorkerOptions): Promise<RunningWorkers> {
  const log = options.logger ?? silentLogger();
  const outage = redisOutageLog(log, redisHostPort(queueConfig.redisUrl));
  const connections: Redis[] = [];
  const connect = (): Redis => {
    const connection = blockingConnection(queueConfig, outage.retrying);
    connection.on('error', () => undefined); // reported through the BullMQ objects' listeners
    connection.on('ready', outage.ready);
    connections.push(connection);
    return connection;
  };
  const onError = (what: string) => (err: Error) => outage.error(what, err);
  const flows = new FlowProducer({ connection: connect(), prefix: queueConfig.prefix });
  flows.on('error', onError('flow producer'));
  const computeQueue = new Queue('compute', { connection: connect(), prefix: queueConfig.prefix });
  computeQueue.on('error', onError('queue compute'));
  const processClose = closeJobProcessor({ db: options.db, config: options.config, flows, computeQueue });
  const ctx = { db: options.db, config: options.config, now: () => new Date().toISOString(), progress: () => undefined };
  const processScheduled = scheduledCloseProcessor(
    scheduledCloseJob(queuedCloseTrigger((request) => enqueueClose(queueConfig, request, { db: options.db }).catch((err: unknown) => {
      throw retryableInWorker(err);
    }))), ctx);
  const active = activeJobs();
  const workers = options.queues.map((name) => {
    const processor = loggedProcessor(log, name, async (job: Job, token?: string) => {
      active.started(name, job);
      try {
        return await (job.name === SCHEDULED_CLOSE_JOB ? processScheduled(job) : processClose(job, token));
      } catch (err) {
        // A job put back for later is neither completed nor failed: its outcome (delayed) is stored already.
        if (err instanceof DelayedError) active.finished(name, job);
        throw err;
      }
    });
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
    worker.on('completed', (job) => active.finished(name, job));
    // The processor logged the failure with its outcome; here the job only stops counting as active.
    worker.on('failed', (job) => { if (job) active.finished(name, job); });
    // A job whose worker died or lost its lock: it runs again (or fails, stalled once too often).
    worker.on('stalled', (jobId) => log.warn({ event: 'job.stalled', queue: name, jobId, ...runOfJobId(jobId) },
      `${name}: job ${jobId} stalled (its worker stopped or lost its lock): back in the queue, or failed if it had stalled before`));
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  return { workers, close: (timeoutMs) => closeAll({ workers, others: [flows, computeQueue], connections, active, outage }, timeoutMs) };
}

/** host:port of a redis:// URL (no credentials), for log lines. */
function redisHostPort(url: string): string {
  try {
    const { hostname, port } = new URL(url);
    return `${hostname || '127.0.0.1'}:${port || '6379'}`;
  } catch {
    return 'redis';
  }
}

interface Closable {
  workers: Worker[];
  others: (FlowProducer | Queue)[];
  connections: Redis[];
  active: ActiveJobs;
  outage: RedisOutageLog;
}

/** How long the forced close may take to tell Redis goodbye before the sockets are cut. */
const CLOSE_GRACE_MS = 1000;

/**
 * Bounded whatever Redis does: waiting for the active jobs takes at most `timeoutMs`, the close
 * after it at most CLOSE_GRACE_MS. BullMQ's own graceful paths (pause(), close(false)) wait for
 * the blocking connection to reconnect, i.e. forever while Redis is down, so they are not used.
 */
async function closeAll(parts: Closable, timeoutMs: number): Promise<{ forced: boolean }> {
  // pause(true) only stops fetching; it issues no Redis command.
  await Promise.all(parts.workers.map((w) => w.pause(true)));
  const idle = await within(parts.active.whenIdle(), timeoutMs);
  parts.outage.stop(); // from here on connections are torn down on purpose
  // Forced while jobs still run: they lose their locks and another worker takes them over as stalled.
  const closing = (async () => {
    await Promise.allSettled(parts.workers.map((w) => w.close(true)));
    await Promise.allSettled(parts.others.map((o) => o.close()));
    await Promise.allSettled(parts.connections.map((c) => (c.status === 'ready' ? c.quit() : Promise.resolve(c.disconnect()))));
  })();
  await within(closing, CLOSE_GRACE_MS);
  // Redis is gone or hangs: cut every socket and retry timer, ours and BullMQ's duplicates.
  for (const o of [...parts.workers, ...parts.others]) o.disconnect().catch(() => undefined);
  for (const c of parts.connections) c.disconnect();
  return { forced: !idle };
}

/** true when `promise` settled within `ms`, false when the time ran out first. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
  try {
    return await Promise.race([promise.then(() => true, () => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
