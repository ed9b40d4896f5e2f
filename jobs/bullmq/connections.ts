import { redactUrl } from '../../src/adapters/redactUrl';
import IORedis, { type Redis } from 'ioredis';
import type { QueueConfig } from './queueConfig';

/**
 * Redis connections as BullMQ wants them (STACK §1.2): workers, QueueEvents and flow producers
 * block, so they retry forever (maxRetriesPerRequest null); a producer on a request path (the
 * CLI enqueueing a close) fails fast instead of hanging when Redis is down.
 * `onRetry` hears every reconnect attempt (also of the duplicates BullMQ makes of the connection,
 * which inherit its options): the worker counts an outage's attempts with it.
 */
export function blockingConnection(config: QueueConfig, onRetry?: (attempt: number) => void): Redis {
  return new IORedis(config.redisUrl, {
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => {
      onRetry?.(attempt);
      return reconnectDelayMs(attempt);
    },
  });
}

/**
 * Wait before reconnect attempt `attempt`: 250 ms doubling up to 5 s. ioredis' default (50 ms
 * more per attempt) made every client of a worker retry many times a second during an outage;
 * 5 s keeps the worker back within seconds of Redis returning.
 */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(250 * 2 ** Math.min(Math.max(attempt - 1, 0), 5), 5000);
}

export function producerConnection(config: QueueConfig): Redis {
  return new IORedis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
}

/** Resolves when Redis answers, or rejects with a message naming the URL (no stack for a user error). */
export async function assertRedisReachable(connection: Redis, config: QueueConfig): Promise<void> {
  try {
    if (connection.status === 'wait') await connection.connect();
    await connection.ping();
  } catch (err) {
    const error = new Error(`Redis at ${redactUrl(config.redisUrl)} does not answer (${(err as Error).message}); start it or unset REDIS_URL to run inline`);
    (error as Error & { code: string }).code = 'CBC.0999';
    throw error;
  }
}


/**
 * Connects once, without retrying, and pings: resolves when Redis answers within `timeoutMs`,
 * otherwise rejects with the reason only (`ECONNREFUSED`, `ENOTFOUND`, `ETIMEDOUT`, a server
 * reply such as NOAUTH), so the caller can say in one line which Redis it could not reach.
 */
export async function probeRedis(config: QueueConfig, timeoutMs = 5000): Promise<void> {
  const connection = new IORedis(config.redisUrl, {
    lazyConnect: true, connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // The socket error (ECONNREFUSED…) comes as an event; connect() itself only says "Connection is closed".
  let socketError: Error | undefined;
  connection.on('error', (err: Error) => { socketError ??= err; });
  try {
    await connection.connect();
    await connection.ping();
  } catch (err) {
    const cause = socketError ?? (err as Error);
    const code = (cause as { code?: unknown }).code;
    throw new Error(typeof code === 'string' ? code : cause.message);
  } finally {
    connection.disconnect();
  }
}
