import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { silentLogger, type Logger } from '../../src/adapters/log/logger';
import { SCHEDULED_CLOSE_JOB, SCHEDULED_CLOSE_RETRY } from '../catalog';
import { producerConnection } from './connections';
import { retryOptions } from './jobOptions';
import type { QueueConfig } from './queueConfig';
import { whenReady } from './readyConnection';
import { DEFAULT_FAIL_ON, type FailOn } from '../../src/domain/reconcile/failOn';
import { asRedisUnreachable } from './redisUnreachable';

/**
 * The month-end close as a BullMQ job scheduler on the `close` queue (STACK §1.5). One fixed
 * id, so `upsert` on every boot replaces the schedule instead of adding a second one.
 */
export const CLOSE_SCHEDULER_ID = 'month-end-close';
export const SCHEDULER_QUEUE = 'close';

export interface CloseSchedule {
  /** cron pattern; a leading sixth field is seconds. */
  cron: string;
  /** IANA zone the cron pattern is read in. */
  tz: string;
  /** Absolute output folder for statements. */
  outDir: string;
  /** Absolute inbox folder; deliveries are expected under <inboxDir>/<YYYY-MM>/. */
  inboxDir?: string;
  /** Which reconciliation outcomes keep a scheduled close from sealing (absent: never). */
  failOn?: FailOn;
  /** Earliest first run (epoch ms); tests use it to get a known next run. */
  startDate?: number;
}

export interface ScheduleInfo {
  id: string;
  name: string;
  pattern?: string;
  every?: number;
  tz?: string;
  /** Next scheduled run (epoch ms); absent when the scheduler has no run left. */
  next?: number;
  data: unknown;
}

/** The job template: the catalog's retry policy (exponential backoff with jitter) and bounded history. */
export function scheduledCloseJobOptions(): JobsOptions {
  return {
    ...retryOptions(SCHEDULED_CLOSE_RETRY),
    // One job a month: a year of runs stays visible; failures are kept longer for the post-mortem.
    removeOnComplete: { age: 400 * 86_400, count: 24 },
    removeOnFail: { age: 800 * 86_400 },
  };
}

export function openSchedulerQueue(config: QueueConfig, connection: Redis): Queue {
  const queue = new Queue(SCHEDULER_QUEUE, { connection, prefix: config.prefix });
  // Without a listener a connection error would be an unhandled 'error' event (STACK §1.2).
  queue.on('error', () => {});
  return queue;
}

/** Creates or replaces the schedule; resolves to the next run (epoch ms). */
export async function upsertCloseSchedule(queue: Queue, schedule: CloseSchedule): Promise<number | undefined> {
  const data = {
    outDir: schedule.outDir, ...(schedule.inboxDir ? { inboxDir: schedule.inboxDir } : {}),
    ...(schedule.failOn !== undefined && schedule.failOn !== DEFAULT_FAIL_ON ? { failOn: schedule.failOn } : {}),
  };
  const job = await queue.upsertJobScheduler(
    CLOSE_SCHEDULER_ID,
    { pattern: schedule.cron, tz: schedule.tz, ...(schedule.startDate !== undefined ? { startDate: schedule.startDate } : {}) },
    { name: SCHEDULED_CLOSE_JOB, data, opts: scheduledCloseJobOptions() },
  );
  const next = (await queue.getJobScheduler(CLOSE_SCHEDULER_ID))?.next;
  return next ?? (job ? job.timestamp + job.delay : undefined);
}

export async function listSchedules(queue: Queue): Promise<ScheduleInfo[]> {
  const schedulers = await queue.getJobSchedulers(0, -1, true);
  return schedulers.map((s) => ({
    id: s.key,
    name: s.name,
    ...(s.pattern ? { pattern: s.pattern } : {}),
    ...(s.every ? { every: s.every } : {}),
    ...(s.tz ? { tz: s.tz } : {}),
    ...(s.next !== undefined ? { next: Number(s.next) } : {}),
    data: s.template?.data,
  }));
}

/** Removes the schedule and its pending run; false when there was none. */
export function removeCloseSchedule(queue: Queue): Promise<boolean> {
  return queue.removeJobScheduler(CLOSE_SCHEDULER_ID);
}

/** The schedule operations of one CLI call, over one connection. */
export interface CloseScheduler {
  upsert(schedule: CloseSchedule): Promise<number | undefined>;
  list(): Promise<ScheduleInfo[]>;
  remove(): Promise<boolean>;
}

/**
 * Opens the `close` queue on a fail-fast connection (a CLI call should report a Redis that is
 * down, not wait for it), runs `use`, and closes queue and connection whatever happens. A Redis
 * that does not answer, or goes away meanwhile, is a RedisUnreachableError. Changes to the
 * schedule are logged to `log`: the schedule is shared by every worker, its changes are news.
 */
export async function withCloseScheduler<T>(config: QueueConfig, use: (scheduler: CloseScheduler) => Promise<T>, log: Logger = silentLogger()): Promise<T> {
  const connection = producerConnection(config);
  connection.on('error', () => {}); // a failed command rejects; the event needs no second report
  let queue: Queue | undefined;
  try {
    await whenReady(connection, config);
    const q = openSchedulerQueue(config, connection);
    queue = q;
    const scheduleLog = log.child({ schedulerId: CLOSE_SCHEDULER_ID, queue: SCHEDULER_QUEUE, prefix: config.prefix });
    return await use({
      async upsert(schedule) {
        const next = await upsertCloseSchedule(q, schedule);
        scheduleLog.info({
          event: 'schedule.upserted', cron: schedule.cron, tz: schedule.tz, outDir: schedule.outDir, ...(schedule.inboxDir ? { inboxDir: schedule.inboxDir } : {}),
          ...(next !== undefined ? { next: new Date(next).toISOString() } : {}),
        }, `schedule ${CLOSE_SCHEDULER_ID} set: cron "${schedule.cron}" in ${schedule.tz}`);
        return next;
      },
      list: () => listSchedules(q),
      async remove() {
        const removed = await removeCloseSchedule(q);
        scheduleLog.info({ event: 'schedule.removed', removed }, removed ? `schedule ${CLOSE_SCHEDULER_ID} removed` : `no schedule ${CLOSE_SCHEDULER_ID} to remove`);
        return removed;
      },
    });
  } catch (err) {
    throw asRedisUnreachable(err, config);
  } finally {
    await queue?.close();
    await connection.quit().catch(() => connection.disconnect());
  }
}
