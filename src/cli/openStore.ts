import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { redactUrl } from '../adapters/redactUrl';
import { isPostgresLocation, openDatabase, type Database } from '../adapters/store/openDatabase';

export const DEFAULT_DB = './reckon.sqlite';

/** The store location: --db, else RECKON_DB, else ./reckon.sqlite. */
export function storeLocation(option: string | undefined, env: NodeJS.ProcessEnv): string {
  return option || env.RECKON_DB || DEFAULT_DB;
}

export async function openStore(location: string): Promise<Database> {
  if (!isPostgresLocation(location)) mkdirSync(dirname(resolve(location)), { recursive: true });
  return openDatabase(location);
}

/** Prints a store location without a password. */
export function describeStore(location: string): string {
  return redactUrl(location);
}
