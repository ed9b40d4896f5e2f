import type { Redis } from 'ioredis';
import { assertRedisReachable } from './connections';
import type { QueueConfig } from './queueConfig';

/**
 * Waits until a freshly created connection is ready, then pings it. A fail-fast producer
 * connection (enableOfflineQueue false) rejects every command while it is still connecting, so
 * a ping right after `new IORedis()` would report a healthy Redis as down.
 */
export async function whenReady(connection: Redis, config: QueueConfig, timeoutMs = 5000): Promise<void> {
  if (connection.status !== 'ready' && connection.status !== 'wait') {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        connection.off('ready', done);
        connection.off('error', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      connection.on('ready', done);
      connection.on('error', done);
    });
  }
  await assertRedisReachable(connection, config);
}
