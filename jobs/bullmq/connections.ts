import IORedis, { type Redis } from 'ioredis';
import type { QueueConfig } from './queueConfig';
import { RedisUnreachableError, unreachableReason } from './redisUnreachable';

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

/**
 * Connects once, without retrying, and pings: resolves when Redis answers within `timeoutMs`,
 * otherwise rejects with a RedisUnreachableError giving the reason only (`ECONNREFUSED`,
 * `ENOTFOUND`, `ETIMEDOUT`, a server reply such as NOAUTH): one line says which Redis and why.
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
    throw new RedisUnreachableError(config.redisUrl, unreachableReason(socketError ?? (err as Error)));
  } finally {
    connection.disconnect();
  }
}
