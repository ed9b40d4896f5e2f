import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockingConnection } from '../../jobs/bullmq/connections';
import { startDashboard, type Dashboard } from '../../jobs/bullmq/dashboard';
import { QUEUE_NAMES, type QueueConfig } from '../../jobs/bullmq/queueConfig';

/** The dashboard on an ephemeral port of 127.0.0.1, over this file's own queue prefix. */
const config: QueueConfig = {
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  prefix: `test-dashboard-${randomUUID()}`,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
};

let dashboard: Dashboard | undefined;

beforeAll(async () => {
  dashboard = await startDashboard(config, 0);
});

afterAll(async () => {
  await dashboard?.close();
  // The dashboard only reads, but obliterate whatever the prefix may hold.
  const connection = blockingConnection(config);
  for (const name of QUEUE_NAMES) {
    const queue = new Queue(name, { connection, prefix: config.prefix });
    await queue.obliterate({ force: true });
    await queue.close();
  }
  await connection.quit();
});

describe('reckon dashboard', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(dashboard!.url).toBe(`http://127.0.0.1:${dashboard!.port}/`);
    expect(dashboard!.port).toBeGreaterThan(0);
  });

  it('serves the bull-board page at /', async () => {
    const res = await fetch(dashboard!.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/<html/i);
  });

  it('lists the three queues in its API', async () => {
    const res = await fetch(new URL('api/queues', dashboard!.url));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual([...QUEUE_NAMES].sort());
  });

  it('stops: the port no longer answers and closing twice is harmless', async () => {
    const url = dashboard!.url;
    await dashboard!.close();
    await dashboard!.close();
    await expect(fetch(url)).rejects.toThrow();
  });
});
