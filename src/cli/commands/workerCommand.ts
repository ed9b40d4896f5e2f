import { probeRedis } from '../../../jobs/bullmq/connections';
import { startWorkers } from '../../../jobs/bullmq/startWorkers';
import { processLog, type Logger } from '../../adapters/log/logger';
import { redactUrl } from '../../adapters/redactUrl';
import { QUEUE_NAMES, queueConfigFromEnv, type QueueName } from '../../../jobs/bullmq/queueConfig';
import { configFromEnv } from '../../app/config';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UserError } from '../exitCodes';
import { describeStore, openStore, storeLocation } from '../openStore';
import { shutdownSignals } from './shutdownSignals';

export interface WorkerCommandOptions {
  concurrency?: string;
  queues?: string;
  db?: string;
  /** How long a shutdown waits for active jobs before forcing (ms). */
  shutdownTimeout?: string;
}

const DEFAULT_SHUTDOWN_MS = 30_000;
/** Beyond the shutdown timeout: the forced close (1 s at most) and closing the store. */
const SHUTDOWN_MARGIN_MS = 3000;

/**
 * `reckon worker [--concurrency N] [--queues ingest,compute,close]`: processes queued close jobs
 * until SIGTERM or SIGINT, then stops taking jobs, lets the active ones finish (up to the
 * shutdown timeout; after that they are left to another worker as stalled) and exits 0 (1 when
 * it had to leave jobs behind). It refuses to start (exit 1) when Redis does not answer; once
 * started it rides out Redis outages, logging each once, and still stops within the timeout
 * while Redis is away. A second signal stops it at once. Its lines go to `logger` (default: the
 * process's logger on stderr, docs/operations.md "Logs").
 */
export async function workerCommand(options: WorkerCommandOptions, logger?: Logger): Promise<number> {
  const queueConfig = queueConfigFromEnv(process.env);
  if (queueConfig === undefined) throw new UserError('reckon worker needs REDIS_URL (e.g. redis://127.0.0.1:6379)', EXIT_FAILED);
  const concurrency = positiveInt(options.concurrency ?? '1', '--concurrency');
  const shutdownMs = positiveInt(options.shutdownTimeout ?? String(DEFAULT_SHUTDOWN_MS), '--shutdown-timeout');
  const queues = parseQueues(options.queues);
  const location = storeLocation(options.db, process.env);
  const log = logger ?? processLog();
  // Refused with one line (RedisUnreachableError), so a wrong REDIS_URL shows at once.
  await probeRedis(queueConfig);
  const db = await openStore(location);
  // Listening before the workers start: a signal while they connect is honoured too.
  const signals = shutdownSignals(log, shutdownMs + SHUTDOWN_MARGIN_MS, EXIT_FAILED);
  let running;
  try {
    running = await startWorkers(queueConfig, { db, config: configFromEnv(process.env), queues, concurrency, logger: log });
  } catch (err) {
    signals.dispose();
    await db.close();
    throw err;
  }
  const store = describeStore(location);
  log.info({ event: 'worker.started', queues, concurrency, redisUrl: queueConfig.redisUrl, prefix: queueConfig.prefix, store, shutdownTimeoutMs: shutdownMs },
    `worker ${process.pid}: queues ${queues.join(', ')} (concurrency ${concurrency}) on ${redactUrl(queueConfig.redisUrl)}, prefix ${queueConfig.prefix}, store ${store}`);
  const signal = await signals.first;
  log.info({ event: 'worker.stopping', signal, shutdownTimeoutMs: shutdownMs }, `${signal}: finishing active jobs (up to ${shutdownMs} ms)`);
  const { forced } = await running.close(shutdownMs);
  // A job left running still uses the store, and closing it would wait for that job: the exit
  // ends the job's transaction instead (rolled back, as in a crash; the job runs again elsewhere).
  if (!forced) await db.close();
  if (forced) log.warn({ event: 'worker.stopped', forced }, 'stopped; jobs still active were left to another worker');
  else log.info({ event: 'worker.stopped', forced }, 'stopped');
  const code = forced ? EXIT_FAILED : EXIT_OK;
  signals.finished(code);
  return code;
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
