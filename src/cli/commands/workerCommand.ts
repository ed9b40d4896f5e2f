import { startWorkers } from '../../../jobs/bullmq/startWorkers';
import { redactUrl } from '../../adapters/redactUrl';
import { QUEUE_NAMES, queueConfigFromEnv, type QueueName } from '../../../jobs/bullmq/queueConfig';
import { configFromEnv } from '../../app/config';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UserError } from '../exitCodes';
import { describeStore, openStore, storeLocation } from '../openStore';

export interface WorkerCommandOptions {
  concurrency?: string;
  queues?: string;
  db?: string;
  /** How long a shutdown waits for active jobs before forcing (ms). */
  shutdownTimeout?: string;
}

const DEFAULT_SHUTDOWN_MS = 30_000;

/**
 * `reckon worker [--concurrency N] [--queues ingest,compute,close]`: processes queued close jobs
 * until SIGTERM or SIGINT, then stops taking jobs, lets the active ones finish (up to the
 * shutdown timeout; after that they are left to another worker as stalled) and exits 0.
 */
export async function workerCommand(options: WorkerCommandOptions): Promise<number> {
  const queueConfig = queueConfigFromEnv(process.env);
  if (queueConfig === undefined) throw new UserError('reckon worker needs REDIS_URL (e.g. redis://127.0.0.1:6379)', EXIT_FAILED);
  const concurrency = positiveInt(options.concurrency ?? '1', '--concurrency');
  const shutdownMs = positiveInt(options.shutdownTimeout ?? String(DEFAULT_SHUTDOWN_MS), '--shutdown-timeout');
  const queues = parseQueues(options.queues);
  const location = storeLocation(options.db, process.env);
  const db = await openStore(location);
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  let running;
  try {
    running = await startWorkers(queueConfig, { db, config: configFromEnv(process.env), queues, concurrency, log });
  } catch (err) {
    await db.close();
    throw err;
  }
  log(`worker ${process.pid}: queues ${queues.join(', ')} (concurrency ${concurrency}) on ${redactUrl(queueConfig.redisUrl)}, prefix ${queueConfig.prefix}, store ${describeStore(location)}`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  log(`${signal}: finishing active jobs (up to ${shutdownMs} ms)`);
  const { forced } = await running.close(shutdownMs);
  await db.close();
  log(forced ? 'stopped; jobs still active were left to another worker' : 'stopped');
  return forced ? EXIT_FAILED : EXIT_OK;
}

function positiveInt(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`${name} must be a positive integer, got "${text}"`, EXIT_USAGE);
  return n;
}

function parseQueues(text: string | undefined): QueueName[] {
  if (text === undefined) return [...QUEUE_NAMES];
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !(QUEUE_NAMES as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new UserError(`--queues takes a comma-separated list of ${QUEUE_NAMES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`, EXIT_USAGE);
  }
  return [...new Set(names)] as QueueName[];
}
