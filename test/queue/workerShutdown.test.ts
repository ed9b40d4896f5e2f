import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBenchDelivery } from '../../fixtures/generator/bench';
import { blockingConnection } from '../../jobs/bullmq/connections';
import { enqueueClose } from '../../jobs/bullmq/enqueueClose';
import type { QueueConfig } from '../../jobs/bullmq/queueConfig';
import { openDatabase } from '../../src/adapters/store/openDatabase';
import { jsonLines } from '../helpers/logCapture';
import { queueEnv, queueTestConfig, ROOT } from '../helpers/queueHarness';
import { makeTempDir } from '../helpers/tempDir';

/**
 * `reckon worker` against a Redis of its own (a throwaway redis-server child on a free port),
 * killed or frozen to simulate outages; the shared Redis on 6379 is never touched.
 */
const temp = makeTempDir('worker-shutdown');
const children: ChildProcess[] = [];
const SHUTDOWN_MS = 2000;
const CONNECTION_LINE = /redis (unreachable|still unreachable|reachable again)|ECONNREFUSED|Connection is closed/;
let delivery: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server child on `port`; resolves once it accepts connections. */
function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no']);
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Ready to accept connections')) resolve(child);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

async function crash(redis: ChildProcess): Promise<void> {
  redis.kill('SIGKILL');
  await exited(redis);
}

interface WorkerProcess {
  child: ChildProcess;
  stderr: () => string;
  /** Resolves when stderr matches. */
  says: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
}

function startWorker(config: QueueConfig, args: string[] = []): WorkerProcess {
  const env = queueEnv(config, join(temp.dir, `${config.prefix}.sqlite`));
  const child = spawn(process.execPath, [join(ROOT, 'bin/reckon.js'), 'worker', '--shutdown-timeout', String(SHUTDOWN_MS), ...args], { cwd: ROOT, env });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const says = (pattern: RegExp, timeoutMs = 20_000) => new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (pattern.test(stderr)) resolve();
      else if (child.exitCode !== null || Date.now() - started > timeoutMs) reject(new Error(`worker did not say ${pattern}: ${stderr}`));
      else return;
      clearInterval(poll);
    }, 20);
  });
  return { child, stderr: () => stderr, says };
}

/** Sends `signal`; resolves with the exit code and how long the exit took. */
async function stopWith(worker: WorkerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; ms: number }> {
  const sent = Date.now();
  worker.child.kill(signal);
  const code = await exited(worker.child);
  return { code, ms: Date.now() - sent };
}

const configOn = (port: number): QueueConfig => ({ ...queueTestConfig('worker-shutdown'), redisUrl: `redis://127.0.0.1:${port}` });
/** The messages of the lines about the connection (the worker logs JSON lines when stderr is not a terminal). */
const connectionLines = (stderr: string) => stderr.split('\n').filter((l) => CONNECTION_LINE.test(l))
  .map((l) => (l.startsWith('{') ? String((JSON.parse(l) as { msg: unknown }).msg) : l));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A worker (ingest queue only) in the middle of ingesting the 50k-row consumption file, which
 * takes seconds: long enough to act on the worker while the job is active.
 */
async function busyWorker(): Promise<{ worker: WorkerProcess; redis: ChildProcess }> {
  const port = await freePort();
  const redis = await startRedis(port);
  const config = configOn(port);
  const worker = startWorker(config, ['--queues', 'ingest']);
  await worker.says(/worker \d+: queues/);
  const db = await openDatabase(join(temp.dir, `${config.prefix}.sqlite`));
  const connection = blockingConnection(config);
  connection.on('error', () => undefined);
  const ingest = new Queue('ingest', { connection, prefix: config.prefix });
  ingest.on('error', () => undefined);
  const consumptionActive = async () => (await ingest.getJobs(['active'])).some((j) => (j.data as { file?: string }).file === 'consumption.csv');
  try {
    await enqueueClose(config, { period: '2026-10', inputDir: delivery, outDir: join(temp.dir, 'out') }, { db });
    let active = false;
    for (let i = 0; i < 1000 && !active; i++) {
      active = await consumptionActive();
      if (!active) await sleep(10);
    }
    expect(active, 'the consumption ingest became active').toBe(true);
  } finally {
    await ingest.close();
    connection.disconnect();
    await db.close();
  }
  return { worker, redis };
}

beforeAll(async () => {
  delivery = join(temp.dir, 'delivery');
  await generateBenchDelivery({ out: delivery, rows: 50_000, partners: 10 });
}, 30_000);

afterAll(() => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  temp.cleanup();
});

describe('reckon worker when Redis goes away', () => {
  it('stops on SIGTERM after Redis died, exit 0 well within --shutdown-timeout, one line for the outage, no stack', async () => {
    const port = await freePort();
    const redis = await startRedis(port);
    const worker = startWorker(configOn(port));
    await worker.says(/worker \d+: queues/);
    await crash(redis);
    await sleep(2000);
    const { code, ms } = await stopWith(worker);
    expect(code, worker.stderr()).toBe(0);
    expect(ms).toBeLessThan(SHUTDOWN_MS + 1000);
    expect(connectionLines(worker.stderr())).toEqual([expect.stringMatching(/redis unreachable \((ECONNREFUSED|ECONNRESET) 127\.0\.0\.1:\d+\); retrying \(attempt 1\)$/)]);
    expect(worker.stderr()).not.toMatch(/\n\s+at |Unhandled|internal error/);
  }, 20_000);

  it('stops on SIGTERM while Redis hangs (frozen with SIGSTOP) within the timeout plus margin', async () => {
    const port = await freePort();
    const redis = await startRedis(port);
    const worker = startWorker(configOn(port));
    await worker.says(/worker \d+: queues/);
    redis.kill('SIGSTOP');
    await sleep(500);
    const { code, ms } = await stopWith(worker);
    redis.kill('SIGCONT');
    await crash(redis);
    expect(code, worker.stderr()).toBe(0);
    expect(ms).toBeLessThan(SHUTDOWN_MS + 4000);
    expect(worker.stderr()).not.toMatch(/\n\s+at |Unhandled|internal error/);
  }, 20_000);

  it('refuses to start when Redis does not answer: exit 1 and one line naming the URL and the cause', async () => {
    const port = await freePort();
    const worker = startWorker(configOn(port));
    const started = Date.now();
    expect(await exited(worker.child)).toBe(1);
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(worker.stderr()).toBe(`reckon: [CBC.0999] cannot reach Redis at redis://127.0.0.1:${port} (ECONNREFUSED); start it or fix REDIS_URL\n`);
  }, 20_000);

  it('logs an outage once and its end once when Redis comes back, and goes on serving', async () => {
    const port = await freePort();
    const redis = await startRedis(port);
    const worker = startWorker(configOn(port));
    await worker.says(/worker \d+: queues/);
    await crash(redis);
    await worker.says(/redis unreachable/);
    await sleep(1500);
    await startRedis(port);
    await worker.says(/redis reachable again after \d+ attempts \(\d+ s\)/, 15_000);
    const lines = connectionLines(worker.stderr());
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/redis unreachable \((ECONNREFUSED|ECONNRESET) 127\.0\.0\.1:\d+\); retrying \(attempt 1\)$/);
    const outage = jsonLines(worker.stderr()).filter((r) => String(r.event).startsWith('redis.'));
    expect(outage).toEqual([
      expect.objectContaining({ level: 'warn', event: 'redis.down', attempt: 1, downForMs: 0, reason: expect.stringMatching(/^(ECONNREFUSED|ECONNRESET) /) }),
      expect.objectContaining({ level: 'info', event: 'redis.up', attempt: expect.any(Number), downForMs: expect.any(Number) }),
    ]);
    expect(outage[1]!.downForMs).toBeGreaterThanOrEqual(1500);
    const { code } = await stopWith(worker);
    expect(code, worker.stderr()).toBe(0);
  }, 30_000);

  it('stops within the timeout when Redis dies during the shutdown with a job active: exit 1, the job left behind', async () => {
    const { worker, redis } = await busyWorker();
    const sent = Date.now();
    worker.child.kill('SIGTERM');
    await worker.says(/SIGTERM: finishing active jobs/);
    await crash(redis);
    const code = await exited(worker.child);
    expect(Date.now() - sent).toBeLessThan(SHUTDOWN_MS + 2000);
    expect(code, worker.stderr()).toBe(1);
    expect(worker.stderr()).toMatch(/stopped; jobs still active were left to another worker/);
    expect(connectionLines(worker.stderr()).length).toBeLessThanOrEqual(1);
    expect(worker.stderr()).not.toMatch(/\n\s+at |Unhandled|internal error/);
  }, 30_000);

  it('exits at once on a second SIGTERM while active jobs are being waited for', async () => {
    const { worker } = await busyWorker();
    worker.child.kill('SIGTERM');
    await worker.says(/SIGTERM: finishing active jobs/);
    const { code, ms } = await stopWith(worker);
    expect(code).toBe(1);
    expect(ms).toBeLessThan(1000);
    expect(worker.stderr()).toMatch(/SIGTERM again: exiting now/);
  }, 30_000);
});
