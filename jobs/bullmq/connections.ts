import { redactUrl } from '../../src/adapters/redactUrl';
import IORedis, { type Redis } from 'ioredis';
import type { QueueConfig } from './queueConfig';

/**
 * Redis connections as BullMQ wants them (STACK §1.2): workers, QueueEvents and flow producers
 * block, so they retry forever (maxRetriesPerRequest null); a producer on a request path (the
 * CLI enqueueing a close) fails fast instead of hanging when Redis is down.
 */
export function blockingConnection(config: QueueConfig): Redis {
  return new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
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

