import type { Logger } from '../../src/adapters/log/logger';

/**
 * Turns the stream of connection errors of a worker's Redis clients into a few lines per outage.
 * Every client (the shared connections, the blocking duplicates BullMQ makes of them) fails and
 * retries on its own, several times a second, and every BullMQ object re-emits its clients'
 * errors: logged one by one, a Redis restart buried the log under hundreds of identical lines.
 * Here an outage is logged when it starts, then now and then while it lasts (after 30 s, then at
 * doubling intervals up to every 10 min), and once when a connection is ready again.
 */
export interface RedisOutageLog {
  /** An `error` event of a client or BullMQ object: connection errors feed the outage, others are logged as they come. */
  error(source: string, err: Error): void;
  /** A client schedules reconnect attempt `attempt` (ioredis retryStrategy). */
  retrying(attempt: number): void;
  /** A client is ready (connected and answering). */
  ready(): void;
  /** Shutdown: connections are being torn down on purpose, their errors are no news. */
  stop(): void;
}

const FIRST_UPDATE_MS = 30_000;
const MAX_UPDATE_MS = 600_000;

/** Network-level failures (Node socket codes, ioredis' closed-connection messages) as opposed to command errors. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);

export function isConnectionError(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  return /^Connection is closed\.?$|Stream isn't writeable|connect ETIMEDOUT/.test(err.message);
}

/**
 * `ECONNREFUSED 127.0.0.1:6390` for a socket error, the message otherwise. A reset connection
 * does not say where it went: `where` (the server's host:port) stands in for the address then.
 */
export function describeConnectionError(err: Error, where: string): string {
  const { code, address, port } = err as { code?: unknown; address?: unknown; port?: unknown };
  if (typeof code !== 'string') return err.message;
  return typeof address === 'string' ? `${code} ${address}${port !== undefined ? `:${String(port)}` : ''}` : `${code} ${where}`;
}

/**
 * `where`: the Redis server as host:port, named when an error does not name it. Lines carry
 * `event` (redis.down, redis.still_down, redis.up), `attempt` (reconnect attempts so far),
 * `downForMs` and `reason`, so that an outage can be found and measured in the logs.
 */
export function redisOutageLog(log: Logger, where: string, now: () => number = Date.now): RedisOutageLog {
  let down: { since: number; attempts: number; reason: string; nextUpdate: number; updateEvery: number } | undefined;
  let stopped = false;
  const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
  return {
    error(source, err) {
      if (stopped) return;
      if (!isConnectionError(err)) {
        log.error({ event: 'worker.error', source, error: err.message }, `${source}: ${err.message}`);
        return;
      }
      if (down !== undefined) {
        down.reason = describeConnectionError(err, where);
        return;
      }
      const t = now();
      down = { since: t, attempts: 1, reason: describeConnectionError(err, where), nextUpdate: t + FIRST_UPDATE_MS, updateEvery: FIRST_UPDATE_MS };
      log.warn({ event: 'redis.down', attempt: 1, downForMs: 0, reason: down.reason }, `redis unreachable (${down.reason}); retrying (attempt 1)`);
    },
    retrying(attempt) {
      if (stopped || down === undefined) return;
      down.attempts = Math.max(down.attempts, attempt);
      const t = now();
      if (t < down.nextUpdate) return;
      log.warn({ event: 'redis.still_down', attempt: down.attempts, downForMs: t - down.since, reason: down.reason },
        `redis still unreachable after ${seconds(t - down.since)} (${down.reason}); retrying (attempt ${down.attempts})`);
      down.updateEvery = Math.min(down.updateEvery * 2, MAX_UPDATE_MS);
      down.nextUpdate = t + down.updateEvery;
    },
    ready() {
      if (stopped || down === undefined) return;
      const downForMs = now() - down.since;
      log.info({ event: 'redis.up', attempt: down.attempts, downForMs, reason: down.reason },
        `redis reachable again after ${down.attempts} attempts (${seconds(downForMs)})`);
      down = undefined;
    },
    stop() {
      stopped = true;
    },
  };
}
