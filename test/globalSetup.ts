import { connect } from 'node:net';

/**
 * `npm test` wants Redis on 127.0.0.1:6379 (the queue tests talk to a real server) and, when
 * RECKON_TEST_PG is set, that PostgreSQL. Said once, at the start, instead of a hook timing out
 * a minute later in the middle of the run.
 */
function answers(host: string, port: number, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}

export default async function setup(): Promise<void> {
  const missing: string[] = [];
  if (!(await answers('127.0.0.1', 6379))) {
    missing.push('Redis on 127.0.0.1:6379 (the queue tests): start it with `redis-server --daemonize yes`, or install it (apt-get install -y redis-server)');
  }
  const pg = process.env.RECKON_TEST_PG;
  if (pg) {
    const url = new URL(pg);
    if (!(await answers(url.hostname || '127.0.0.1', Number(url.port || 5432)))) {
      missing.push(`PostgreSQL at ${url.hostname}:${url.port || 5432} (RECKON_TEST_PG): start it, or unset RECKON_TEST_PG to test on SQLite only`);
    }
  }
  if (missing.length > 0) throw new Error(`npm test needs ${missing.join('; and ')}`);
}
