import { existsSync, statSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import knexFactory from 'knex';
import { findBrowser, INSTALL_BROWSER_HINT } from '../adapters/output/printPdf';
import { readMigrationState } from '../adapters/store/migrationState';
import { isPostgresLocation, knownMigrations, parsePostgresLocation } from '../adapters/store/openDatabase';
import { redactUrl } from '../adapters/redactUrl';

/**
 * `reckon doctor` (docs/operations.md "Doctor"): what a month-end run needs, checked and reported
 * one line each, with what to do. Reads only: it creates and migrates nothing.
 */
export type DoctorStatus = 'ok' | 'warn' | 'fail';

export interface DoctorFinding {
  check: string;
  status: DoctorStatus;
  message: string;
}

export interface DoctorInput {
  store: string;
  out: string;
  env: NodeJS.ProcessEnv;
  nodeVersion: string;
}

const MIN_NODE = [20, 17] as const;
const MIN_FREE_BYTES = 1024 ** 3;

export async function runDoctor(input: DoctorInput): Promise<DoctorFinding[]> {
  return [
    nodeCheck(input.nodeVersion),
    sqliteDriverCheck(),
    await storeCheck(input.store),
    ...(input.env.REDIS_URL ? [await redisCheck(input.env.REDIS_URL)] : [{ check: 'redis', status: 'ok' as const, message: 'REDIS_URL is not set: closes run inline (set it to queue closes for `reckon worker` processes)' }]),
    browserCheck(input.env),
    await diskCheck(input.out),
  ];
}

function nodeCheck(version: string): DoctorFinding {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return { check: 'node', status: ok ? 'ok' : 'fail', message: ok ? `Node ${version}` : `Node ${version} is too old: install Node ${MIN_NODE.join('.')} or later` };
}

function sqliteDriverCheck(): DoctorFinding {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('sqlite3');
    return { check: 'sqlite driver', status: 'ok', message: 'the native SQLite driver loads' };
  } catch (error) {
    return { check: 'sqlite driver', status: 'fail', message: `the native SQLite driver does not load (${(error as Error).message.split('\n')[0]}): run npm ci with make, g++ and python3 installed (apt-get install -y build-essential python3)` };
  }
}

async function storeCheck(location: string): Promise<DoctorFinding> {
  const postgres = isPostgresLocation(location);
  const shown = postgres ? redactUrl(location) : location;
  if (!postgres && !existsSync(location)) {
    return { check: 'store', status: 'ok', message: `no store yet at ${shown}: the first ingest or close creates it` };
  }
  if (!postgres && statSync(location).isDirectory()) return { check: 'store', status: 'fail', message: `${shown} is a folder: give a .sqlite file path (--db or RECKON_DB)` };
  const pg = parsePostgresLocation(location);
  const knex = knexFactory(pg
    ? { client: 'pg', connection: { connectionString: pg.connectionString, connectionTimeoutMillis: 3000 }, searchPath: pg.schema ? [pg.schema] : undefined, pool: { min: 0, max: 1 } }
    : { client: 'sqlite3', connection: { filename: location }, useNullAsDefault: true, pool: { min: 0, max: 1 } });
  try {
    const known = knownMigrations();
    const state = await readMigrationState(knex, pg ? 'postgres' : 'sqlite', shown, known);
    if (state.pending) return { check: 'store', status: 'warn', message: `${shown} opens; migrations are pending (the next command applies them)` };
    if (state.staleLock) return { check: 'store', status: 'warn', message: `${shown} opens; a stale migration lock is set (the next command resets it)` };
    return { check: 'store', status: 'ok', message: `${shown} opens; migrations current (${known.length})` };
  } catch (error) {
    const detail = (error as { detail?: string }).detail ?? (error as Error).message;
    return { check: 'store', status: 'fail', message: `${shown} cannot be used: ${detail}` };
  } finally {
    await knex.destroy();
  }
}

/** One Redis command over a plain socket (no client library, no reconnect loop), with a timeout. */
function redisCommand(url: URL, args: string[], timeoutMs = 3000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const socket = connect({ host: url.hostname || '127.0.0.1', port: Number(url.port || 6379) });
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no answer within ${timeoutMs} ms`)); }, timeoutMs);
    let reply = '';
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('data', (d) => {
      reply += String(d);
      if (reply.endsWith('\r\n') && (reply[0] !== '*' || reply.split('\r\n').length >= 2 * Number(reply.slice(1, reply.indexOf('\r'))) + 2)) {
        clearTimeout(timer);
        socket.end();
        resolvePromise(reply);
      }
    });
    const auth = url.password ? [['AUTH', ...(url.username ? [decodeURIComponent(url.username)] : []), decodeURIComponent(url.password)]] : [];
    for (const command of [...auth, args]) socket.write(`*${command.length}\r\n${command.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
  });
}

async function redisCheck(redisUrl: string): Promise<DoctorFinding> {
  const shown = redactUrl(redisUrl);
  try {
    const url = new URL(redisUrl);
    const policy = (await redisCommand(url, ['CONFIG', 'GET', 'maxmemory-policy'])).split('\r\n')[4] ?? '';
    const aof = (await redisCommand(url, ['CONFIG', 'GET', 'appendonly'])).split('\r\n')[4] ?? '';
    const problems = [
      policy !== '' && policy !== 'noeviction' ? `maxmemory-policy is ${policy} (queued jobs may be evicted: set it to noeviction)` : '',
      aof === 'no' ? 'appendonly is no (a Redis restart loses queued jobs: set appendonly yes)' : '',
    ].filter((p) => p !== '');
    return problems.length === 0
      ? { check: 'redis', status: 'ok', message: `${shown} answers; maxmemory-policy ${policy || 'unknown'}, appendonly ${aof || 'unknown'}` }
      : { check: 'redis', status: 'warn', message: `${shown} answers, but ${problems.join('; ')}` };
  } catch (error) {
    return { check: 'redis', status: 'fail', message: `${shown} does not answer (${(error as Error).message}): start Redis or fix REDIS_URL` };
  }
}

function browserCheck(env: NodeJS.ProcessEnv): DoctorFinding {
  const browser = findBrowser(env);
  return browser === undefined
    ? { check: 'chromium', status: 'warn', message: `no Chromium or Chrome for reckon pdf: ${INSTALL_BROWSER_HINT}` }
    : { check: 'chromium', status: 'ok', message: `${browser} (reckon pdf)` };
}

async function diskCheck(out: string): Promise<DoctorFinding> {
  let dir = resolve(out);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    const fs = await statfs(dir);
    const free = Number(fs.bavail) * Number(fs.bsize);
    const gib = (free / 1024 ** 3).toFixed(1);
    return free < MIN_FREE_BYTES
      ? { check: 'disk', status: 'warn', message: `${gib} GiB free under ${dir}: a close of a million records writes about 1 GiB (lineage included); free some space or choose another --out` }
      : { check: 'disk', status: 'ok', message: `${gib} GiB free under ${dir}` };
  } catch (error) {
    return { check: 'disk', status: 'warn', message: `free space under ${dir} unknown (${(error as Error).message})` };
  }
}
