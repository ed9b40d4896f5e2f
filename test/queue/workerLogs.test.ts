import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueConfig } from '../../jobs/bullmq/queueConfig';
import { jsonLines } from '../helpers/logCapture';
import { obliterateQueues, queueEnv, queueTestConfig, reckonAsync, REDIS_URL, ROOT } from '../helpers/queueHarness';
import { makeTempDir } from '../helpers/tempDir';

/**
 * `reckon worker` as operators run it, with RECKON_LOG_FORMAT=json, serving a close of the demo
 * month enqueued by `reckon close --wait`: its stderr must be JSON lines that say what each job
 * did for which run, and never the Redis password.
 */
const DEMO = join(ROOT, 'fixtures/demo/2026-10');
const SECRET = 's3cret-placeholder';
const temp = makeTempDir('worker-logs');
let config: QueueConfig;
let env: NodeJS.ProcessEnv;
let worker: ChildProcess;
let workerStderr = '';
let closeResult: { code: number | null; stdout: string; stderr: string };
let workerExit: number | null;

/** The test Redis with a user and password in the URL: a server without requirepass accepts any for `default`. */
function urlWithPassword(url: string): string {
  const u = new URL(url);
  u.username = 'default';
  u.password = SECRET;
  return u.toString();
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (worker.exitCode !== null || Date.now() - started > timeoutMs) throw new Error(`${what}; worker stderr: ${workerStderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  config = { ...queueTestConfig('worker-logs'), redisUrl: urlWithPassword(REDIS_URL) };
  env = queueEnv(config, join(temp.dir, 'store.sqlite'), { RECKON_LOG_FORMAT: 'json', RECKON_LOG_LEVEL: 'info' });
  worker = spawn(process.execPath, [join(ROOT, 'bin/reckon.js'), 'worker'], { cwd: ROOT, env });
  worker.stderr!.on('data', (d) => { workerStderr += d; });
  await until(() => /"event":"worker\.started"/.test(workerStderr), 'the worker did not start');
  closeResult = await reckonAsync(['close', '2026-10', '--input', DEMO, '--out', join(temp.dir, 'out'), '--wait', '--quiet'], env);
  worker.kill('SIGTERM');
  workerExit = await exited(worker);
}, 120_000);

afterAll(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
  await obliterateQueues(config);
  temp.cleanup();
});

describe('reckon worker logs', () => {
  it('writes only JSON lines, each with time, level and message, and stops cleanly', () => {
    expect(closeResult.code, closeResult.stderr).toBe(0);
    expect(workerExit, workerStderr).toBe(0);
    const lines = workerStderr.trimEnd().split('\n');
    expect(lines.every((l) => l.startsWith('{')), workerStderr).toBe(true);
    for (const record of jsonLines(workerStderr)) {
      expect(record).toMatchObject({ time: expect.any(String), level: expect.stringMatching(/^(info|warn|error)$/), msg: expect.any(String), pid: worker.pid });
    }
  });

  it('says at start-up what it serves: queues, concurrency, Redis (without its password), prefix and store', () => {
    const [first] = jsonLines(workerStderr);
    expect(first).toMatchObject({
      level: 'info', event: 'worker.started', queues: ['ingest', 'compute', 'close'], concurrency: 1,
      redisUrl: expect.stringMatching(/^redis:\/\/default:\*\*\*@/), prefix: config.prefix, store: join(temp.dir, 'store.sqlite'),
    });
    expect(first!.msg).toMatch(new RegExp(`^worker ${worker.pid}: queues ingest, compute, close \\(concurrency 1\\) on redis://default:\\*\\*\\*@`));
  });

  it('logs every job\'s start and end with queue, job, jobId, attempt, period, run key, outcome and duration', () => {
    const records = jsonLines(workerStderr);
    const starts = records.filter((r) => r.event === 'job.start');
    const ends = records.filter((r) => r.event === 'job.end');
    expect(new Set(starts.map((r) => r.job))).toEqual(new Set([
      'plan-close', 'ingest-file', 'compute-partners', 'compute-settlements', 'compute-incentives', 'reconcile', 'emit-statements', 'finalise-close',
    ]));
    expect(ends.map((r) => r.jobId).sort()).toEqual(starts.map((r) => r.jobId).sort());
    for (const r of [...starts, ...ends]) {
      expect(r).toMatchObject({
        queue: expect.stringMatching(/^(ingest|compute|close)$/), job: expect.any(String), jobId: expect.any(String), attempt: 1,
        period: '2026-10', runKey: 'close-2026-10-all-r1',
      });
    }
    for (const r of ends) expect(r).toMatchObject({ outcome: 'completed', durationMs: expect.any(Number) });
  });

  it('binds the run id once the run exists, and a compute job\'s partner', () => {
    const records = jsonLines(workerStderr);
    const planned = records.find((r) => r.event === 'job.end' && r.job === 'plan-close');
    expect(planned).toMatchObject({ runId: expect.any(Number), status: 'ready' });
    const afterPlan = records.filter((r) => r.event === 'job.start' && r.job !== 'plan-close' && r.job !== 'ingest-file');
    expect(afterPlan.length).toBeGreaterThan(0);
    for (const r of afterPlan) expect(r.runId).toBe(planned!.runId);
    const computes = records.filter((r) => r.job === 'compute-partners');
    expect(computes.length).toBeGreaterThan(0);
    for (const r of computes) expect(r.partnerId).toMatch(/^P-/);
    // One run followed across the log, as in docs/operations.md: jq 'select(.runKey=="close-2026-10-all-r1")'.
    expect(records.filter((r) => r.runKey === 'close-2026-10-all-r1')).toHaveLength(records.filter((r) => r.jobId !== undefined).length);
  });

  it('logs its shutdown, and never the Redis password, neither the worker nor the close', () => {
    const events = jsonLines(workerStderr).map((r) => r.event);
    expect(events.slice(-2)).toEqual(['worker.stopping', 'worker.stopped']);
    expect(workerStderr).not.toContain(SECRET);
    expect(closeResult.stdout + closeResult.stderr).not.toContain(SECRET);
  });
});
