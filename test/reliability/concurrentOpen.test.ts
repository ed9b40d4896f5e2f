import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES, openDatabase, parsePostgresLocation } from '../../src/adapters/store/openDatabase';
import { Prng } from '../helpers/prng';
import { testPostgresUrl, testStoreLocations } from '../helpers/testDatabase';
import { runCli, runTogether } from './runTogether';

const PROCESSES = 8;
/** Seeds of the start delays; before the side lock, about 3 trials in 4 broke the new store. */
const TRIALS = [11, 23, 37];

const stores = testStoreLocations();
afterAll(() => stores.cleanup());

/** A plain knex on the store's file or schema, to look at (or damage) its tables behind Reckon's back. */
function rawKnex(location: string): Knex {
  const pg = parsePostgresLocation(location);
  if (pg === undefined) return knexFactory({ client: 'sqlite3', connection: { filename: location }, useNullAsDefault: true });
  return knexFactory({ client: 'pg', connection: pg.connectionString, searchPath: [pg.schema!], pool: { min: 0, max: 1 } });
}

/** knex's lock table holds exactly one row, unlocked, and every migration ran once. */
async function expectHealthyMigrations(location: string): Promise<void> {
  const knex = rawKnex(location);
  try {
    expect((await knex('knex_migrations_lock').select('is_locked')).map((r) => Number(r.is_locked))).toEqual([0]);
    const names = (await knex('knex_migrations').select('name').orderBy('id')).map((r) => r.name as string);
    expect(names).toEqual(MIGRATION_NAMES);
  } finally {
    await knex.destroy();
  }
}

const expectCleanSuccess = (r: { code: number | null; stderr: string }) => {
  expect(r.stderr).not.toMatch(/internal error|already locked|^\s+at /m);
  expect(r.code).toBe(0);
};

describe('processes opening one new store at the same moment', () => {
  for (const seed of TRIALS) {
    it(`all ${PROCESSES} succeed, and the store works afterwards (seed ${seed})`, async () => {
      // Proves: concurrent first opens migrate once (no second lock row, no "table already exists").
      const store = stores.location(`concurrent-open-${seed}`);
      const prng = new Prng(seed);
      const delays = Array.from({ length: PROCESSES }, () => prng.int(12));
      const results = await runTogether(['status', '--db', store], delays);
      for (const r of results) expectCleanSuccess(r);
      expectCleanSuccess(await runCli(['status', '--db', store]));
      await expectHealthyMigrations(store);
    });
  }
});

describe('opens of one new store from one process', () => {
  // Switching a new SQLite file to WAL used to fail at once (SQLITE_BUSY) in about one round in 15.
  const rounds = testPostgresUrl() ? 3 : 20;
  it(`succeed side by side, ${rounds} new stores in a row (the openers queue in-process before the OS lock)`, async () => {
    // Proves: several handles opened at once in one process (a worker and its enqueuer) migrate once, without deadlock.
    for (let round = 0; round < rounds; round++) {
      const store = stores.location(`in-process-open-${round}`);
      const opened = await Promise.allSettled(Array.from({ length: 4 }, () => openDatabase(store)));
      await Promise.all(opened.map((r) => (r.status === 'fulfilled' ? r.value.close() : undefined)));
      expect(opened.map((r) => (r.status === 'rejected' ? `round ${round}: ${String(r.reason)}` : 'opened'))).toEqual(['opened', 'opened', 'opened', 'opened']);
      await expectHealthyMigrations(store);
    }
  });
});

describe('a store whose knex migration lock was left stale', () => {
  it('two lock rows and no migrations (what racing first opens used to leave) is repaired and migrated', async () => {
    // Proves: the bricked state ("Migration table is already locked" forever) opens and is fixed.
    const store = stores.location('stale-two-rows');
    const knex = rawKnex(store);
    try {
      if (parsePostgresLocation(store)) await knex.raw('CREATE SCHEMA ??', [parsePostgresLocation(store)!.schema!]);
      await knex.schema.createTable('knex_migrations', (t) => { t.increments(); t.string('name'); t.integer('batch'); t.timestamp('migration_time'); });
      await knex.schema.createTable('knex_migrations_lock', (t) => { t.increments('index').primary(); t.integer('is_locked'); });
      await knex('knex_migrations_lock').insert([{ is_locked: 0 }, { is_locked: 0 }]);
    } finally {
      await knex.destroy();
    }
    const r = await runCli(['status', '--db', store]);
    expectCleanSuccess(r);
    expect(r.stderr).toMatch(/reset a stale migration lock/);
    await expectHealthyMigrations(store);
  });

  it('a lock left set (is_locked = 1) on a migrated store is reset on the next open', async () => {
    // Proves: a migration that stopped with the lock set does not brick the store.
    const store = stores.location('stale-locked');
    await (await openDatabase(store)).close();
    const knex = rawKnex(store);
    try {
      await knex('knex_migrations_lock').update({ is_locked: 1 });
    } finally {
      await knex.destroy();
    }
    expectCleanSuccess(await runCli(['status', '--db', store]));
    await expectHealthyMigrations(store);
  });
});

describe.skipIf(Boolean(testPostgresUrl()))('the SQLite migration side lock', () => {
  it('is released by the OS when the process holding it is killed', async () => {
    // Proves: a migration killed halfway never leaves a new store waiting on its lock.
    const store = stores.location('killed-holder');
    const holder = spawn(process.execPath, ['-e', `
      const sqlite3 = require('sqlite3');
      const db = new sqlite3.Database(process.argv[1] + '.migrate-lock');
      db.exec('BEGIN EXCLUSIVE', (e) => { if (e) throw e; process.stdout.write('held\\n'); });
      setInterval(() => {}, 1000);`, store], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    const started = Date.now();
    expectCleanSuccess(await runCli(['status', '--db', store]));
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(existsSync(`${store}.migrate-lock`)).toBe(true);
  });
});
