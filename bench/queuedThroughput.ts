import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { generateBenchDelivery } from '../fixtures/generator/bench';
import { QUEUE_NAMES } from '../jobs/bullmq/queueConfig';
import { scriptArgs, usageError } from './scriptArgs';

/**
 * Throughput of a queued many-partner close with 1 and with 2 worker processes.
 * For each worker count: a fresh PostgreSQL schema (several writer processes need PostgreSQL;
 * SQLite takes one writer at a time), the delivery ingested first (not timed), then
 * `reckon close <period> --wait` timed from enqueue to the finalised run, with the compute
 * fan-out (one job per partner) shared by the workers. Prints each step's span (from the
 * completed jobs): the fan-out spreads over the workers, the one-job steps do not.
 *
 *   node dist/bench/queuedThroughput.js [--rows 200000] [--partners 50] [--workers 1,2]
 * Needs REDIS_URL (default redis://127.0.0.1:6379) and RECKON_BENCH_PG (default
 * postgres://postgres@127.0.0.1:5432/test).
 */

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'reckon.js');
const PERIOD = '2026-10';

const USAGE = `usage: node dist/bench/queuedThroughput.js [--rows N] [--partners N] [--workers N,…]
  --rows N        consumption rows of the generated month (default 200000)
  --partners N    partners of the generated month (default 50)
  --workers N,…   worker process counts to measure, in order (default 1,2)
Environment: REDIS_URL (default redis://127.0.0.1:6379), RECKON_BENCH_PG (default postgres://postgres@127.0.0.1:5432/test).`;

function positiveInt(raw: string, name: string): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) usageError('queuedThroughput', `${name} takes positive integers, got ${raw}`);
  return n;
}

function run(args: string[], env: NodeJS.ProcessEnv): void {
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`reckon ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
}

/**
 * Where the queued close spent its time, from the completed jobs kept in Redis: the span of the
 * per-partner fan-out (spread over the workers) and of each one-job step (not spread).
 */
async function jobPhases(redisUrl: string, prefix: string): Promise<string> {
  const jobs: { name: string; start: number; end: number }[] = [];
  const url = new URL(redisUrl);
  for (const name of QUEUE_NAMES) {
    const queue = new Queue(name, { connection: { host: url.hostname, port: Number(url.port || 6379) }, prefix });
    try {
      for (const j of await queue.getJobs(['completed'], 0, 100_000)) {
        if (j.processedOn !== undefined && j.finishedOn !== undefined) jobs.push({ name: j.name, start: j.processedOn, end: j.finishedOn });
      }
    } finally {
      await queue.close();
    }
  }
  const phases = new Map<string, { start: number; end: number; count: number }>();
  for (const j of jobs) {
    const p = phases.get(j.name) ?? { start: j.start, end: j.end, count: 0 };
    phases.set(j.name, { start: Math.min(p.start, j.start), end: Math.max(p.end, j.end), count: p.count + 1 });
  }
  return [...phases].sort((a, b) => a[1].start - b[1].start)
    .map(([name, p]) => `${name}${p.count > 1 ? ` ×${p.count}` : ''} ${((p.end - p.start) / 1000).toFixed(1)} s`).join(', ');
}

async function measure(workers: number, dataDir: string, rows: number, pgBase: string, redisUrl: string): Promise<number> {
  const tag = `bench_q${workers}_${process.pid}`;
  const env = {
    ...process.env, REDIS_URL: redisUrl, RECKON_QUEUE_PREFIX: tag, RECKON_DB: `${pgBase}?schema=${tag}`, RECKON_LOCK_MS: '60000',
  };
  const out = mkdtempSync(join(tmpdir(), 'reckon-qbench-'));
  const children: ChildProcess[] = [];
  try {
    run(['ingest', dataDir, '--period', PERIOD, '--quiet'], { ...env, REDIS_URL: '' });
    for (let i = 0; i < workers; i++) children.push(spawn(process.execPath, [CLI, 'worker'], { env, stdio: 'ignore' }));
    const started = process.hrtime.bigint();
    run(['close', PERIOD, '--out', out, '--wait'], env);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`${workers} worker(s): ${seconds.toFixed(2)} s, ${Math.round(rows / seconds).toLocaleString('en-US')} records/s`);
    console.log(`  jobs: ${await jobPhases(redisUrl, tag)}`);
    return seconds;
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    spawnSync('psql', [pgBase.replace(/\?.*$/, ''), '-qc', `drop schema if exists ${tag} cascade`], { stdio: 'ignore' });
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = scriptArgs('queuedThroughput', USAGE, {
    args: process.argv.slice(2),
    options: {
      rows: { type: 'string', default: '200000' },
      partners: { type: 'string', default: '50' },
      workers: { type: 'string', default: '1,2' },
    },
  });
  const rows = positiveInt(values.rows, '--rows');
  const partners = positiveInt(values.partners, '--partners');
  const workerCounts = values.workers.split(',').map((w) => positiveInt(w, '--workers'));
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const pgBase = process.env.RECKON_BENCH_PG || 'postgres://postgres@127.0.0.1:5432/test';
  const dataDir = join(ROOT, 'bench', `data-queued-${rows}-${partners}`);
  if (!existsSync(join(dataDir, 'consumption.csv'))) await generateBenchDelivery({ out: dataDir, rows, partners });
  console.log(`delivery: ${rows.toLocaleString('en-US')} consumption rows, ${partners} partners; store PostgreSQL, queue ${redisUrl}`);
  const seconds: number[] = [];
  for (const w of workerCounts) seconds.push(await measure(w, dataDir, rows, pgBase, redisUrl));
  if (seconds.length > 1) console.log(`throughput ${workerCounts[workerCounts.length - 1]} / ${workerCounts[0]} worker(s) = ${(seconds[0]! / seconds[seconds.length - 1]!).toFixed(2)} (target ≥ 1.6 for 2 / 1)`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
