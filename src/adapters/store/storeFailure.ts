import type { StoreOpenProblem } from './storeOpenError';

export interface StoreFailure {
  problem: StoreOpenProblem;
  /** Follows the store's location in a message: "is locked by another process (SQLITE_BUSY …): …". */
  detail: string;
}

/** SQLite result codes that come from the file or its surroundings, not from Reckon's SQL. */
const SQLITE: Record<string, StoreFailure> = {
  SQLITE_CANTOPEN: { problem: 'cannot_open', detail: 'cannot be opened: check that its folder exists and that the file and folder are readable and writable' },
  SQLITE_NOTADB: { problem: 'not_sqlite', detail: 'is not a SQLite database: give the path of a Reckon store, or a new file name to create one' },
  SQLITE_READONLY: { problem: 'read_only', detail: 'is read-only: make the file and its folder writable' },
  SQLITE_BUSY: { problem: 'busy', detail: 'is locked by another process, still after waiting: try again when that process has finished' },
  SQLITE_LOCKED: { problem: 'busy', detail: 'is locked by another connection, still after waiting: try again when it has finished' },
  SQLITE_CORRUPT: { problem: 'damaged', detail: 'is damaged: restore it from a backup' },
  SQLITE_FULL: { problem: 'disk', detail: 'cannot grow: the disk is full; free some space and run again' },
  SQLITE_IOERR: { problem: 'disk', detail: 'could not be read or written: check the disk and the file' },
};

/** PostgreSQL connection failures (Node socket codes and SQLSTATEs of the login). */
const POSTGRES: Record<string, StoreFailure> = {
  ECONNREFUSED: { problem: 'unreachable', detail: 'cannot be reached: check the host and port in the URL and that PostgreSQL is running' },
  ENOTFOUND: { problem: 'unreachable', detail: 'cannot be reached: the host name in the URL is unknown' },
  EAI_AGAIN: { problem: 'unreachable', detail: 'cannot be reached: the host name in the URL could not be looked up' },
  ETIMEDOUT: { problem: 'unreachable', detail: 'cannot be reached: the connection timed out' },
  EHOSTUNREACH: { problem: 'unreachable', detail: 'cannot be reached: no route to the host' },
  ENETUNREACH: { problem: 'unreachable', detail: 'cannot be reached: the network is unreachable' },
  ECONNRESET: { problem: 'unreachable', detail: 'closed the connection: check the URL (host, port, TLS) and the server log' },
  '57P03': { problem: 'unreachable', detail: 'is not accepting connections yet: try again shortly' },
  '53300': { problem: 'unreachable', detail: 'has too many connections: try again later or raise max_connections' },
  '28P01': { problem: 'login', detail: 'refused the login: check the user and password in the URL' },
  '28000': { problem: 'login', detail: 'refused the login: check the user in the URL (and pg_hba.conf on the server)' },
  '3D000': { problem: 'login', detail: 'names a database that does not exist: create it or fix the URL' },
  '42501': { problem: 'login', detail: 'refused an operation: the user lacks a privilege on the database or schema' },
};

/**
 * The store-side cause of an error, when it is one a user can act on (a locked, full, damaged or
 * unreadable SQLite file; a PostgreSQL server that cannot be reached or refuses the login); else
 * undefined, and the error is treated as a bug. The detail quotes the driver's code and text.
 */
export function describeStoreFailure(error: unknown): StoreFailure | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const known = SQLITE[code.replace(/^(SQLITE_[A-Z]+).*$/, '$1')] ?? POSTGRES[code];
  if (known === undefined) return undefined;
  const said = driverText(error as Error);
  const [what, advice] = splitDetail(known.detail);
  return { problem: known.problem, detail: `${what} (${said === '' || said.startsWith(code) ? said || code : `${code}: ${said}`})${advice}` };
}

/** The driver's own words, without the SQL that knex puts in front of them. */
function driverText(error: Error): string {
  const message = error.message ?? '';
  const dash = message.lastIndexOf(' - ');
  return (dash >= 0 ? message.slice(dash + 3) : message).trim();
}

function splitDetail(detail: string): [string, string] {
  const colon = detail.indexOf(':');
  return colon < 0 ? [detail, ''] : [detail.slice(0, colon), detail.slice(colon)];
}
