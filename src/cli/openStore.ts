import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { redactUrl } from '../adapters/redactUrl';
import { isPostgresLocation, openDatabase, type Database } from '../adapters/store/openDatabase';
import { StoreOpenError } from '../adapters/store/storeOpenError';
import { UserError } from './exitCodes';

export const DEFAULT_DB = './reckon.sqlite';

/** Where each location handed out by storeLocation came from, so that messages name the option the user set. */
const SOURCES = new Map<string, string>();

/** The store location: --db, else RECKON_DB, else ./reckon.sqlite. */
export function storeLocation(option: string | undefined, env: NodeJS.ProcessEnv): string {
  const location = option || env.RECKON_DB || DEFAULT_DB;
  SOURCES.set(location, option ? '--db' : env.RECKON_DB ? 'RECKON_DB' : 'store');
  return location;
}

/**
 * Opens (and migrates) the store for a command. A location that is not a store or cannot be
 * reached is the user's to fix: it fails as one line naming the option and the location
 * (`--db out/ is a folder, not a Reckon store …`), exit 1. Repairs made on opening are noted on stderr.
 */
export async function openStore(location: string): Promise<Database> {
  const source = SOURCES.get(location) ?? 'store';
  try {
    if (!isPostgresLocation(location)) createFolderOf(location);
    return await openDatabase(location, { onNotice: (message) => process.stderr.write(`reckon: note: ${message}\n`) });
  } catch (error) {
    if (error instanceof StoreOpenError) throw new UserError(`${source} ${error.location} ${error.detail}`);
    throw error;
  }
}

/** Opens the store at `option` (else RECKON_DB, else ./reckon.sqlite), runs `work` with it, and closes it whatever happens. */
export async function withStore<T>(option: string | undefined, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openStore(storeLocation(option, process.env));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** A new store's folder is created; a path through a file or an unwritable folder cannot be. */
function createFolderOf(location: string): void {
  const folder = dirname(resolve(location));
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code;
    throw new StoreOpenError('cannot_open', location, `cannot be created: its folder ${folder} cannot be made (${why})`, { cause: error });
  }
}

/** Prints a store location without a password. */
export function describeStore(location: string): string {
  return redactUrl(location);
}
