import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { blockingConnection } from '../../jobs/bullmq/connections';
import { QUEUE_NAMES, type QueueConfig } from '../../jobs/bullmq/queueConfig';

export const ROOT = join(__dirname, '../..');
export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** A queue configuration of its own for one test file: a unique key prefix, short locks. */
export function queueTestConfig(name: string, lockMs = 5000): QueueConfig {
  return { redisUrl: REDIS_URL, prefix: `test-${name}-${randomUUID()}`, lockDurationMs: lockMs, stalledIntervalMs: Math.max(500, lockMs / 2) };
}

/** Removes every key of the three queues under the config's prefix. */
export async function obliterateQueues(config: QueueConfig): Promise<void> {
  const connection = blockingConnection(config);
  try {
    for (const name of QUEUE_NAMES) {
      const queue = new Queue(name, { connection, prefix: config.prefix });
      queue.on('error', () => undefined);
      await queue.obliterate({ force: true });
      await queue.close();
    }
  } finally {
    await connection.quit();
  }
}

/** The environment a spawned `reckon` needs to use this file's queues and store. */
export function queueEnv(config: QueueConfig, db: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env, REDIS_URL: config.redisUrl, RECKON_QUEUE_PREFIX: config.prefix, RECKON_DB: db,
    RECKON_LOCK_MS: String(config.lockDurationMs), RECKON_STALLED_INTERVAL_MS: String(config.stalledIntervalMs), ...extra,
  };
}

/** Runs the built CLI without blocking this process's event loop (workers may run in it). */
export function reckonAsync(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/reckon.js'), ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
