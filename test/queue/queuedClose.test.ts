import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueClose } from '../../jobs/bullmq/enqueueClose';
import { QUEUE_NAMES, type QueueConfig } from '../../jobs/bullmq/queueConfig';
import { startWorkers, type RunningWorkers } from '../../jobs/bullmq/startWorkers';
import { waitForClose } from '../../jobs/bullmq/waitForClose';
import { runCloseInline } from '../../jobs/inlineRunner';
import { listRuns } from '../../src/adapters/store/closeStore';
import { currentCloseLease, inlineHolder, releaseCloseLease, tryAcquireCloseLease } from '../../src/adapters/store/closeLease';
import type { Database } from '../../src/adapters/store/openDatabase';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { reopenPeriod } from '../../src/adapters/store/periodLifecycle';
import { ingestDelivery } from '../../src/app/ingestDelivery';
import { listFiles } from '../helpers/listFiles';
import { obliterateQueues, queueTestConfig } from '../helpers/queueHarness';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';

const DEMO = join(__dirname, '../../fixtures/demo/2026-10');
const temp = makeTempDir('queued');
const configs: QueueConfig[] = [];
const stores: TestDatabase[] = [];
let inlineFiles: Record<string, string>;
let inlineCounts: Record<string, number>;

const snapshot = (dir: string) => Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
async function counts(db: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['consumption_records', 'refund_records', 'adjustment_records', 'rejects', 'statements', 'close_runs']) {
    out[table] = Number((await db.knex(table).count({ n: '*' }))[0]!.n);
  }
  return out;
}

async function store(name: string): Promise<Database> {
  const s = await openTestDatabase(name);
  stores.push(s);
  return s.db;
}

/** Workers for all three queues in this process, on a queue prefix of their own. */
async function workersFor(db: Database, concurrency = 2): Promise<{ config: QueueConfig; running: RunningWorkers }> {
  const config = queueTestConfig('queued-close');
  configs.push(config);
  const running = await startWorkers(config, { db, config: DEFAULT_CONFIG, queues: QUEUE_NAMES, concurrency });
  return { config, running };
}

beforeAll(async () => {
  const db = await store('inline-reference');
  const out = join(temp.dir, 'inline');
  await runCloseInline({ period: '2026-10', inputDir: DEMO, outDir: out },
    { db, config: DEFAULT_CONFIG, now: () => new Date().toISOString(), progress: () => undefined });
  inlineFiles = snapshot(join(out, '2026-10/rev-1'));
  inlineCounts = await counts(db);
});

afterAll(async () => {
  for (const config of configs) await obliterateQueues(config);
  for (const s of stores) await s.cleanup();
  temp.cleanup();
});

describe('the close as a BullMQ flow', () => {
  it('a close through BullMQ (workers in this process) gives byte-identical files to the inline runner on the demo month', async () => {
    const db = await store('queued');
    const { config, running } = await workersFor(db);
    try {
      const out = join(temp.dir, 'queued');
      const enqueued = await enqueueClose(config, { period: '2026-10', inputDir: DEMO, outDir: out }, { db });
      expect(enqueued).toMatchObject({ status: 'enqueued', jobId: 'close-2026-10-all-r1', runKey: 'close-2026-10-all-r1' });
      const outcome = await waitForClose(config, enqueued.status === 'enqueued' ? enqueued.jobId : '', { timeoutMs: 30_000 });
      expect(outcome.status).toBe('completed');
      expect(snapshot(join(out, '2026-10/rev-1'))).toEqual(inlineFiles);
      // Merchant settlements go through the queue's compute-settlements job too.
      expect(Object.keys(inlineFiles).filter((f) => f.startsWith('merchants/') && f.endsWith('/settlement.json')).length).toBeGreaterThanOrEqual(3);
      expect(await counts(db)).toEqual(inlineCounts);
      const again = await enqueueClose(config, { period: '2026-10', inputDir: DEMO, outDir: out }, { db });
      expect(again.status).toBe('already-closed');
    } finally {
      await running.close(5000);
    }
  });

  it('the same close triggered 10 times at once runs once: one run row, one set of statements, identical files', async () => {
    const db = await store('ten-triggers');
    const { config, running } = await workersFor(db);
    try {
      const out = join(temp.dir, 'ten');
      const triggers = await Promise.all(Array.from({ length: 10 }, () =>
        enqueueClose(config, { period: '2026-10', inputDir: DEMO, outDir: out }, { db })));
      const jobIds = new Set(triggers.map((t) => (t.status === 'already-closed' ? t.runKey : t.jobId)));
      expect([...jobIds]).toEqual(['close-2026-10-all-r1']);
      const outcome = await waitForClose(config, 'close-2026-10-all-r1', { timeoutMs: 30_000 });
      expect(outcome.status).toBe('completed');
      expect(await listRuns(db, '2026-10')).toHaveLength(1);
      expect(await counts(db)).toEqual(inlineCounts);
      // Every file of the delivery ingested once, whatever the ten triggers did.
      const deliveryFiles = readdirSync(DEMO, { recursive: true }).filter((f) => String(f).endsWith('.csv')).length;
      expect(Number((await db.knex('delivery_files').where({ status: 'ingested' }).count({ n: '*' }))[0]!.n)).toBe(deliveryFiles);
      expect(snapshot(join(out, '2026-10/rev-1'))).toEqual(inlineFiles);
    } finally {
      await running.close(5000);
    }
  });

  it('a reopened period closes through the queue as rev-2 with a diff; rev-1 stays as issued', async () => {
    const db = await store('queued-reopen');
    const { config, running } = await workersFor(db);
    try {
      const out = join(temp.dir, 'queued-reopen');
      const first = await enqueueClose(config, { period: '2026-10', inputDir: DEMO, outDir: out }, { db });
      expect((await waitForClose(config, first.status === 'enqueued' ? first.jobId : '', { timeoutMs: 30_000 })).status).toBe('completed');
      const rev1 = snapshot(join(out, '2026-10/rev-1'));
      // A 2026-10 record delivered after the close: the period is reopened to take it in.
      const late = join(temp.dir, 'queued-late');
      mkdirSync(late, { recursive: true });
      const [header, firstRow] = readFileSync(join(DEMO, 'consumption.csv'), 'utf8').split('\n');
      writeFileSync(join(late, 'consumption.csv'), `${header}\n${firstRow!.replace(/^CSM-2610-000001,/, 'CSM-2610-LATE01,')}\n`);
      await ingestDelivery(db, late, { zone: DEFAULT_CONFIG.zone });
      await reopenPeriod(db, { period: '2026-10', reason: 'late record', actor: 'test', at: new Date().toISOString() });
      const second = await enqueueClose(config, { period: '2026-10', outDir: out }, { db });
      expect(second).toMatchObject({ status: 'enqueued', runKey: 'close-2026-10-all-r2' });
      expect((await waitForClose(config, second.status === 'enqueued' ? second.jobId : '', { timeoutMs: 30_000 })).status).toBe('completed');
      const diff = JSON.parse(readFileSync(join(out, '2026-10/rev-2/diff.json'), 'utf8'));
      expect(diff).toMatchObject({ from_revision: 1, to_revision: 2 });
      expect(diff.statements.flatMap((s: { records_added: string[] }) => s.records_added)).toContain('CSM-2610-LATE01');
      expect(snapshot(join(out, '2026-10/rev-1'))).toEqual(rev1);
    } finally {
      await running.close(5000);
    }
  });

  it('a queued close shares the store guard: it waits while another close holds the store, then completes, and gives the store back', async () => {
    const db = await store('queued-waits');
    const { config, running } = await workersFor(db);
    const other = inlineHolder('another-close');
    try {
      expect(await tryAcquireCloseLease(db, other, '2026-09', Date.now())).toEqual({ acquired: true });
      const out = join(temp.dir, 'queued-waits');
      const enqueued = await enqueueClose(config, { period: '2026-10', inputDir: DEMO, outDir: out }, { db });
      await new Promise((resolve) => setTimeout(resolve, 2000));
      // Files were ingested, but no run was opened while the other close held the store.
      expect(await listRuns(db, '2026-10')).toHaveLength(0);
      await releaseCloseLease(db, other);
      const outcome = await waitForClose(config, enqueued.status === 'enqueued' ? enqueued.jobId : '', { timeoutMs: 30_000 });
      expect(outcome.status).toBe('completed');
      expect(snapshot(join(out, '2026-10/rev-1'))).toEqual(inlineFiles);
      expect(await currentCloseLease(db)).toBeUndefined();
    } finally {
      await running.close(5000);
    }
  });

  it('a close waiting for the store steps aside: with one job at a time per queue, the running close still finishes and the waiting one then runs', async () => {
    const db = await store('queued-one-slot');
    const { config, running } = await workersFor(db, 1);
    try {
      const out = join(temp.dir, 'queued-one-slot');
      const october = await enqueueClose(config, { period: '2026-10', inputDir: DEMO, outDir: out }, { db });
      while ((await listRuns(db, '2026-10')).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      // October holds the store; September's plan job comes while October's jobs still need the close queue.
      const september = await enqueueClose(config, { period: '2026-09', inputDir: join(DEMO, '../2026-09'), outDir: out }, { db });
      const octoberDone = await waitForClose(config, october.status === 'enqueued' ? october.jobId : '', { timeoutMs: 45_000 });
      expect(octoberDone.status).toBe('completed');
      expect(snapshot(join(out, '2026-10/rev-1'))).toEqual(inlineFiles);
      // Then September gets its turn, and is refused: October, a later month, is closed.
      const septemberDone = await waitForClose(config, september.status === 'enqueued' ? september.jobId : '', { timeoutMs: 45_000 });
      expect(septemberDone.status).toBe('failed');
      expect(JSON.stringify(septemberDone)).toMatch(/period\.order: cannot close 2026-09: 2026-10 is closed/);
      expect(await currentCloseLease(db)).toBeUndefined();
    } finally {
      await running.close(5000);
    }
  });
});
