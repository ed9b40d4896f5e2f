import type { Redis } from 'ioredis';
import type { QueueConfig } from './queueConfig';
import { RedisUnreachableError, unreachableReason } from './redisUnreachable';

/**
 * Waits until a freshly created connection is ready, then pings it; rejects with a
 * RedisUnreachableError naming the URL and the socket's reason otherwise. A command would not
 * do as the test: a fail-fast producer connection (enableOfflineQueue false) rejects every
 * command while it is still connecting, with "Stream isn't writeable…" instead of the cause, and
 * a blocking one (maxRetriesPerRequest null) would wait for Redis forever.
 */
export async function whenReady(connection: Redis, config: QueueConfig, timeoutMs = 5000): Promise<void> {
  if (connection.status !== 'ready') {
    const failure = await new Promise<Error | undefined>((resolve) => {
      const done = (err?: Error) => {
        clearTimeout(timer);
        connection.off('ready', onReady);
        connection.off('error', done);
        resolve(err);
      };
      const onReady = () => done();
      const timer = setTimeout(() => done(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      connection.on('ready', onReady);
      connection.on('error', done);
      // A lazy connection has not started: connect() rejects without the cause, the error event carries it.
      if (connection.status === 'wait') connection.connect().catch(() => undefined);
    });
    if (failure !== undefined) throw new RedisUnreachableError(config.redisUrl, unreachableReason(failure));
  }
  try {
    await connection.ping();
  } catch (err) {
    throw new RedisUnreachableError(config.redisUrl, unreachableReason(err as Error));
  }
}
