/**
 * Where the queued runner lives: Redis URL, key prefix and queue names, from the environment.
 * The ONLY place besides jobs/bullmq/* that knows these names is nothing: every BullMQ object
 * is built from a QueueConfig.
 */
export interface QueueConfig {
  /** redis://host:port/db (REDIS_URL). */
  redisUrl: string;
  /** BullMQ key prefix (RECKON_QUEUE_PREFIX, default "reckon"); tests use a unique one per file. */
  prefix: string;
  /** Lock of an active job; a crashed worker's job is taken over after about this long (RECKON_LOCK_MS). */
  lockDurationMs: number;
  /** How often workers look for stalled jobs (RECKON_STALLED_INTERVAL_MS). */
  stalledIntervalMs: number;
}

/** Queue names: ingest (file jobs), compute (partner jobs, the fan-out), close (orchestration steps). */
export const QUEUE_NAMES = ['ingest', 'compute', 'close'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

const DEFAULT_LOCK_MS = 30_000;

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** undefined when REDIS_URL is not set: the inline runner is used then. */
export function queueConfigFromEnv(env: NodeJS.ProcessEnv): QueueConfig | undefined {
  if (!env.REDIS_URL) return undefined;
  const lockDurationMs = positiveInt(env.RECKON_LOCK_MS, DEFAULT_LOCK_MS);
  return {
    redisUrl: env.REDIS_URL,
    prefix: env.RECKON_QUEUE_PREFIX || 'reckon',
    lockDurationMs,
    stalledIntervalMs: positiveInt(env.RECKON_STALLED_INTERVAL_MS, lockDurationMs),
  };
}
