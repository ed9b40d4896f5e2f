import { redactUrl } from '../../src/adapters/redactUrl';
import type { QueueConfig } from './queueConfig';
import { isConnectionError } from './redisOutageLog';

/**
 * Redis could not be reached by a command that needs it (close with REDIS_URL, schedule,
 * dashboard, worker start-up). The CLI prints it as one line,
 * `reckon: [CBC.0999] cannot reach Redis at redis://127.0.0.1:6390 (ECONNREFUSED); start it or fix REDIS_URL`,
 * and exits 1: the cause is the socket's code, never ioredis' wording about its offline queue.
 */
export class RedisUnreachableError extends Error {
  readonly code = 'CBC.0999';
  constructor(redisUrl: string, reason: string) {
    super(`cannot reach Redis at ${redactUrl(redisUrl)} (${reason}); start it or fix REDIS_URL`);
  }
}

/** `ECONNREFUSED`, `ENOTFOUND`…: the error's code when it has one, else its message (a server reply such as NOAUTH). */
export function unreachableReason(err: Error): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? code : err.message;
}

/**
 * A Redis command that failed because the connection went away mid-way ("Connection is closed",
 * "Stream isn't writeable…") becomes a RedisUnreachableError; any other error is returned as it is.
 */
export function asRedisUnreachable(err: unknown, config: QueueConfig): unknown {
  if (!(err instanceof Error) || err instanceof RedisUnreachableError || !isConnectionError(err)) return err;
  const code = (err as { code?: unknown }).code;
  return new RedisUnreachableError(config.redisUrl, typeof code === 'string' ? code : 'connection lost');
}

/**
 * The same failure inside a worker (a scheduled close enqueueing its close) is an outage to ride
 * out, not a person's mistake: without the code, the job is retried with its backoff instead of
 * failing for good as a coded error would.
 */
export function retryableInWorker(err: unknown): unknown {
  return err instanceof RedisUnreachableError ? new Error(err.message) : err;
}
