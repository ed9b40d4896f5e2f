import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBenchDelivery } from '../../fixtures/generator/bench';
import { blockingConnection } from '../../jobs/bullmq/connections';
import { enqueueClose } from '../../jobs/bullmq/enqueueClose';
import { waitForClose } from '../../jobs/bullmq/waitForClose';
import { runCloseInline } from '../../jobs/inlineRunner';
import type { Database } from '../../src/adapters/store/openDatabase';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { listFiles } from '../helpers/listFiles';
import { obliterateQueues, queueEnv, queueTestConfig, ROOT } from '../helpers/queueHarness';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';

/** Crash recovery: a worker process killed with SIGKILL mid-close; a second worker process finishes the close. */
const config = queueTestConfig('crash', 2000);
const temp = makeTempDir('crash');
const stores: TestDatabase[] = [];
const children: ChildProcess[] = [];
const delivery = join(temp.dir, 'delivery');
let expectedFiles: Record<string, string>;
let expectedCounts: Record<string, number>;

const snapshot = (dir: string) => Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
async function counts(db: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['consumption_records', 'refund_records', 'adjustment_records', 'reference_rows', 'rejects', 'statements', 'close_runs']) {
    out[table] = Number((await db.knex(table).count({ n: '*' }))[0]!.n);
  }
  return out;
}

/** Starts `reckon worker` as a child process; resolves once it says it is serving the queues. */
function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/reckon.js'), 'worker', '--concurrency', '2'], { cwd: ROOT, env });
  children.push(child);
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (d) => {
      stderr += d;
      if (/worker \d+: queues/.test(stderr)) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before serving: ${stderr}`)));
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
  else child.once('exit', (code) => resolve(code));
});

beforeAll(async () => {
  await generateBenchDelivery({ out: delivery, rows: 50_000, partners: 20 });
  const reference = await openTestDatabase('crash-reference');
  stores.push(reference);
  const out = join(temp.dir, 'inline');
  await runCloseInline({ period: '2026-10', inputDir: delivery, outDir: out },
    { db: reference.db, config: DEFAULT_CONFIG, now: () => new Date().toISOString(), progress: () => undefined });
  expectedFiles = snapshot(join(out, '2026-10/rev-1'));
  expectedCounts = await counts(reference.db);
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await obliterateQueues(config);
  for (const s of stores) await s.cleanup();
  temp.cleanup();
});

describe('a worker killed in the middle of a close', () => {
  it('leaves its job to a second worker, which completes the close: same files, no record doubled or lost', async () => {
    const store = await openTestDatabase('crash');
    stores.push(store);
    const env = queueEnv(config, store.location, { RECKON_LOCK_MS: '2000', RECKON_STALLED_INTERVAL_MS: '1000' });
    const first = await startWorkerProcess(env);
    const out = join(temp.dir, 'queued');
    const enqueued = await enqueueClose(config, { period: '2026-10', inputDir: delivery, outDir: out }, { db: store.db });
    if (enqueued.status === 'already-closed') throw new Error('fresh store expected');
    const connection = blockingConnection(config);
    const compute = new Queue('compute', { connection, prefix: config.prefix });
    let killedJobId: string | undefined;
    try {
      for (let i = 0; i < 3000 && killedJobId === undefined; i++) {
        const [active] = await compute.getJobs(['active']);
        if (active) {
          first.kill('SIGKILL');
          killedJobId = String(active.id);
        } else {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
      expect(killedJobId, 'a compute job became active').toBeDefined();
      await exited(first);
      const second = await startWorkerProcess(env);
      const outcome = await waitForClose(config, enqueued.jobId, { timeoutMs: 60_000 });
      expect(outcome.status).toBe('completed');
      const taken = await compute.getJob(killedJobId!);
      expect(taken?.attemptsStarted, 'the killed job was started again').toBeGreaterThanOrEqual(2);
      expect(await taken?.getState()).toBe('completed');
      expect(snapshot(join(out, '2026-10/rev-1'))).toEqual(expectedFiles);
      expect(await counts(store.db)).toEqual(expectedCounts);
      expect(expectedCounts.consumption_records).toBe(50_000);
      second.kill('SIGTERM');
      expect(await exited(second)).toBe(0);
    } finally {
      await compute.close();
      await connection.quit();
    }
  }, 90_000);
});
