import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { openDatabase, type Database } from '../../src/adapters/store/openDatabase';

/**
 * The store a test runs against. By default a SQLite file in a fresh temp folder; when
 * RECKON_TEST_PG holds a postgres:// URL, a fresh PostgreSQL schema of that database, named
 * uniquely per call (test files run in parallel and never see each other's tables) and dropped
 * by cleanup. The location is what `--db` / RECKON_DB would be given (`…?schema=<name>` on
 * PostgreSQL), so a spawned CLI can open the same store.
 */
export interface TestDatabaseLocation {
  location: string;
  dialect: 'sqlite' | 'postgres';
  /** Removes the store (the temp folder, or the schema and everything in it). */
  cleanup(): Promise<void>;
}

export interface TestDatabase extends TestDatabaseLocation {
  db: Database;
}

export const testPostgresUrl = (): string | undefined => process.env.RECKON_TEST_PG || undefined;

export function testDatabaseLocation(name: string): TestDatabaseLocation {
  const base = testPostgresUrl();
  const safe = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 30) || 'db';
  if (base === undefined) {
    const dir = mkdtempSync(join(tmpdir(), `reckon-db-${safe}-`));
    return {
      location: join(dir, `${safe}.sqlite`),
      dialect: 'sqlite',
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `t_${safe}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return {
    location: url.toString(),
    dialect: 'postgres',
    cleanup: () => dropSchema(base, schema),
  };
}

/** Opens (and migrates) a fresh store for one test or test file. */
export async function openTestDatabase(name: string): Promise<TestDatabase> {
  const where = testDatabaseLocation(name);
  let db: Database;
  try {
    db = await openDatabase(where.location);
  } catch (error) {
    await where.cleanup();
    throw error;
  }
  let closed = false;
  const close = db.close.bind(db);
  db.close = async () => {
    if (closed) return;
    closed = true;
    await close();
  };
  return {
    ...where,
    db,
    cleanup: async () => {
      await db.close();
      await where.cleanup();
    },
  };
}

async function dropSchema(base: string, schema: string): Promise<void> {
  const url = new URL(base);
  url.searchParams.delete('schema');
  const admin = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 1 } });
  try {
    await admin.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
  } finally {
    await admin.destroy();
  }
}

/** Store locations made on demand for one test file (`location(name)`), all removed by `cleanup`. */
export function testStoreLocations(): { location(name: string): string; cleanup(): Promise<void> } {
  const made: TestDatabaseLocation[] = [];
  return {
    location(name) {
      const store = testDatabaseLocation(name);
      made.push(store);
      return store.location;
    },
    async cleanup() {
      for (const store of made) await store.cleanup();
    },
  };
}
