import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import express from 'express';
import { blockingConnection } from './connections';
import { QUEUE_NAMES, type QueueConfig } from './queueConfig';
import { whenReady } from './readyConnection';

/**
 * bull-board over the three queues. It can retry, promote and delete jobs and has no login, so
 * it listens on the loopback interface only; reach it through an SSH tunnel or a proxy that
 * authenticates.
 */
export const DASHBOARD_HOST = '127.0.0.1';

type BoardServerAdapter = Parameters<typeof createBullBoard>[0]['serverAdapter'];

export interface Dashboard {
  url: string;
  port: number;
  /** Stops accepting requests, closes the queues, then the Redis connection. */
  close(): Promise<void>;
}

export async function startDashboard(config: QueueConfig, port: number): Promise<Dashboard> {
  // A long-running reader like a worker: it reconnects after a Redis restart instead of failing requests for good.
  const connection = blockingConnection(config);
  connection.on('error', () => {});
  try {
    await whenReady(connection, config);
  } catch (err) {
    connection.disconnect();
    throw err;
  }
  const queues = QUEUE_NAMES.map((name) => {
    const queue = new Queue(name, { connection, prefix: config.prefix });
    queue.on('error', () => {});
    return queue;
  });
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath('/');
  // @bull-board/express 9.10.1 pins its own @bull-board/api 9.10.1 for types only (it loads
  // nothing from it at run time); the two declarations differ by a private field, hence the cast.
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: serverAdapter as unknown as BoardServerAdapter });
  const app = express();
  app.use('/', serverAdapter.getRouter());

  let server: Server;
  try {
    server = await listen(app, port);
  } catch (err) {
    await Promise.all(queues.map((q) => q.close()));
    connection.disconnect();
    throw err;
  }
  const bound = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${DASHBOARD_HOST}:${bound}/`,
    port: bound,
    close: () => {
      closing ??= (async () => {
        // Open keep-alive sockets would hold server.close() until they time out.
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.all(queues.map((q) => q.close()));
        await connection.quit().catch(() => connection.disconnect());
      })();
      return closing;
    },
  };
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, DASHBOARD_HOST);
    server.once('listening', () => {
      server.off('error', reject);
      resolve(server);
    });
    server.once('error', reject);
  });
}
