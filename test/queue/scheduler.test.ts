import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job, Worker, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockingConnection } from '../../jobs/bullmq/connections';
import type { QueueConfig } from '../../jobs/bullmq/queueConfig';
import { scheduledCloseProcessor } from '../../jobs/bullmq/scheduledCloseProcessor';
import { scheduledMillisOf } from '../../jobs/bullmq/scheduledMillis';
import { CLOSE_SCHEDULER_ID, listSchedules, openSchedulerQueue, removeCloseSchedule, upsertCloseSchedule, SCHEDULER_QUEUE } from '../../jobs/bullmq/scheduler';
import { scheduledCloseJob, SCHEDULED_CLOSE_JOB, type ClosePayload } from '../../jobs/catalog';
import type { JobContext } from '../../jobs/jobContext';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { periodForScheduledRun } from '../../src/domain/period/scheduledPeriod';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';

/**
 * The month-end scheduler on a real Redis (unique prefix for this file). A `startDate` years
 * ahead pins the next run of the cron pattern, so the expected period does not depend on today.
 */
const config: QueueConfig = {
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  prefix: `test-scheduler-${randomUUID()}`,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
};
const ZONE = 'Asia/Shanghai';
const DEFAULT_CRON = '0 0 12 5 * *';
const START = Date.parse('2031-01-01T00:00:00+08:00');
/** First run of the default cron on or after START: 2031-01-05 12:00 in Shanghai. */
const FIRST_RUN = Date.parse('2031-01-05T12:00:00+08:00');

let connection: Redis;
let queue: Queue;
let store: TestDatabase;
let dir: string;

async function pendingScheduledCloses(): Promise<Job[]> {
  const jobs = await queue.getJobs(['delayed', 'waiting', 'prioritized']);
  return jobs.filter((j) => j.name === SCHEDULED_CLOSE_JOB);
}

beforeAll(async () => {
  connection = blockingConnection(config);
  queue = openSchedulerQueue(config, connection);
  await queue.waitUntilReady();
  store = await openTestDatabase('scheduler');
  dir = mkdtempSync(join(tmpdir(), 'reckon-scheduler-'));
});

afterAll(async () => {
  await queue?.obliterate({ force: true });
  await queue?.close();
  await connection?.quit();
  await store?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('month-end close scheduler', () => {
  it('keeps exactly one pending run, also when upserted again, for the previous month of its scheduled time', async () => {
    const schedule = { cron: DEFAULT_CRON, tz: ZONE, outDir: join(dir, 'out'), inboxDir: join(dir, 'inbox'), startDate: START };
    expect(await upsertCloseSchedule(queue, schedule)).toBe(FIRST_RUN);
    expect(await upsertCloseSchedule(queue, schedule)).toBe(FIRST_RUN); // every boot upserts

    const pending = await pendingScheduledCloses();
    expect(pending.map((j) => j.id)).toEqual([`repeat:${CLOSE_SCHEDULER_ID}:${FIRST_RUN}`]);
    const job = pending[0]!;
    expect(await job.getState()).toBe('delayed');
    expect(job.data).toEqual({ outDir: schedule.outDir, inboxDir: schedule.inboxDir });
    expect(scheduledMillisOf(job)).toBe(FIRST_RUN);
    expect(periodForScheduledRun(scheduledMillisOf(job), ZONE)).toBe('2030-12');

    const listed = await listSchedules(queue);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: CLOSE_SCHEDULER_ID, name: SCHEDULED_CLOSE_JOB, pattern: DEFAULT_CRON, tz: ZONE, next: FIRST_RUN });
  });

  it('reads the cron in its time zone: a run at midnight on the 1st in Shanghai closes the month that just ended there', async () => {
    // 2030-12-01 00:00 in Shanghai is still 2030-11-30 in UTC; the period must follow the billing zone.
    const next = await upsertCloseSchedule(queue, { cron: '0 0 0 1 * *', tz: ZONE, outDir: join(dir, 'out'), startDate: Date.parse('2030-11-15T00:00:00Z') });
    expect(next).toBe(Date.parse('2030-11-30T16:00:00Z'));
    const pending = await pendingScheduledCloses();
    expect(pending).toHaveLength(1); // the changed schedule replaced the pending run
    expect(periodForScheduledRun(scheduledMillisOf(pending[0]!), ZONE)).toBe('2030-11');
  });

  it('a worker running the catalog processor triggers one close for the derived period, with the inbox folder of that period', async () => {
    const inboxDir = join(dir, 'inbox');
    mkdirSync(join(inboxDir, '2030-12'), { recursive: true });
    writeFileSync(join(inboxDir, '2030-12', 'consumption.csv'), 'record_id\n');
    const outDir = join(dir, 'out');
    await upsertCloseSchedule(queue, { cron: DEFAULT_CRON, tz: ZONE, outDir, inboxDir, startDate: START });
    const [pending] = await pendingScheduledCloses();
    // Run it now: promotion resets the job's delay, the scheduled time must still be FIRST_RUN.
    await pending!.promote();

    const triggered: ClosePayload[] = [];
    const definition = scheduledCloseJob(async (request) => {
      triggered.push(request);
      return `close-${request.period}`;
    });
    const ctx: JobContext = { db: store.db, config: { ...DEFAULT_CONFIG, zone: ZONE }, now: () => new Date().toISOString(), progress: () => {} };
    const worker = new Worker(SCHEDULER_QUEUE, scheduledCloseProcessor(definition, ctx), { connection, prefix: config.prefix, autorun: false });
    worker.on('error', () => {});
    const finished = new Promise<unknown>((resolve, reject) => {
      worker.on('completed', (_job, result) => resolve(result));
      worker.on('failed', (_job, err) => reject(err));
    });
    void worker.run();
    try {
      const result = await finished;
      expect(triggered).toEqual([{ period: '2030-12', inputDir: join(inboxDir, '2030-12'), outDir }]);
      expect(result).toEqual({ period: '2030-12', scheduledAt: new Date(FIRST_RUN).toISOString(), inputDir: join(inboxDir, '2030-12'), triggered: 'close-2030-12' });
      // Starting the run made the scheduler plan the next one (February 5th), still exactly one pending.
      const next = await pendingScheduledCloses();
      expect(next.map((j) => scheduledMillisOf(j))).toEqual([Date.parse('2031-02-05T12:00:00+08:00')]);
      expect(periodForScheduledRun(scheduledMillisOf(next[0]!), ZONE)).toBe('2031-01');
    } finally {
      await worker.close();
    }
  });

  it('fails loudly, triggering nothing, when the inbox folder of the period is missing or holds no delivery file', async () => {
    const triggered: ClosePayload[] = [];
    const definition = scheduledCloseJob(async (request) => { triggered.push(request); return undefined; });
    const ctx: JobContext = { db: store.db, config: { ...DEFAULT_CONFIG, zone: ZONE }, now: () => '', progress: () => {} };
    const missing = join(dir, 'no-such-inbox');
    await expect(definition.process({ scheduledMs: FIRST_RUN, outDir: join(dir, 'out'), inboxDir: missing }, ctx))
      .rejects.toMatchObject({ code: 'close.inbox_missing', message: expect.stringContaining(join(missing, '2030-12')) });
    const empty = join(dir, 'empty-inbox');
    mkdirSync(join(empty, '2030-12', 'reference'), { recursive: true });
    writeFileSync(join(empty, '2030-12', 'notes.txt'), 'not a delivery file');
    await expect(definition.process({ scheduledMs: FIRST_RUN, outDir: join(dir, 'out'), inboxDir: empty }, ctx))
      .rejects.toMatchObject({ code: 'close.inbox_empty' });
    expect(triggered).toEqual([]);
  });

  it('hands the schedule\'s --fail-on level to the close it triggers', async () => {
    const triggered: ClosePayload[] = [];
    const definition = scheduledCloseJob(async (request) => { triggered.push(request); return undefined; });
    const ctx: JobContext = { db: store.db, config: { ...DEFAULT_CONFIG, zone: ZONE }, now: () => '', progress: () => {} };
    await definition.process(definition.parse({ scheduledMs: FIRST_RUN, outDir: join(dir, 'out'), failOn: 'warn' }), ctx);
    await definition.process(definition.parse({ scheduledMs: FIRST_RUN, outDir: join(dir, 'out') }), ctx);
    expect(triggered).toEqual([{ period: '2030-12', outDir: join(dir, 'out'), failOn: 'warn' }, { period: '2030-12', outDir: join(dir, 'out') }]);
    expect(() => definition.parse({ scheduledMs: FIRST_RUN, outDir: join(dir, 'out'), failOn: 'sometimes' })).toThrow(/failOn must be one of fail, warn, never/);
  });

  it('without an inbox configured the close runs on what was ingested', async () => {
    const definition = scheduledCloseJob(async () => undefined);
    const ctx: JobContext = { db: store.db, config: { ...DEFAULT_CONFIG, zone: ZONE }, now: () => '', progress: () => {} };
    const result = await definition.process({ scheduledMs: FIRST_RUN, outDir: join(dir, 'out') }, ctx);
    expect(result).toEqual({ period: '2030-12', scheduledAt: new Date(FIRST_RUN).toISOString() });
  });

  it('a scheduled-close job without a scheduled time fails at once instead of guessing the period from the clock', async () => {
    const definition = scheduledCloseJob(async () => { throw new Error('must not be called'); });
    const ctx: JobContext = { db: store.db, config: DEFAULT_CONFIG, now: () => '', progress: () => {} };
    await queue.add(SCHEDULED_CLOSE_JOB, { outDir: join(dir, 'out') }, { jobId: 'hand-made', attempts: 3 });
    const worker = new Worker(SCHEDULER_QUEUE, scheduledCloseProcessor(definition, ctx), { connection, prefix: config.prefix, autorun: false });
    worker.on('error', () => {});
    const failed = new Promise<Job>((resolve) => worker.on('failed', (job) => { if (job?.id === 'hand-made') resolve(job); }));
    void worker.run();
    try {
      const job = await failed;
      expect(job.failedReason).toMatch(/not produced by a job scheduler/);
      expect(job.attemptsMade).toBe(1);
    } finally {
      await worker.close();
    }
  });

  it('--remove deletes the schedule and its pending run', async () => {
    expect(await removeCloseSchedule(queue)).toBe(true);
    expect(await listSchedules(queue)).toEqual([]);
    expect(await pendingScheduledCloses()).toEqual([]);
    expect(await removeCloseSchedule(queue)).toBe(false);
  });
});
