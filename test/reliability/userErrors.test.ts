import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, parsePostgresLocation } from '../../src/adapters/store/openDatabase';
import { describeEnvironmentError } from '../../src/cli/environmentError';
import { listFiles } from '../helpers/listFiles';
import { makeTempDir } from '../helpers/tempDir';
import { DEMO as DEMOS } from '../helpers/spawnReckon';
import { testPostgresUrl, testStoreLocations } from '../helpers/testDatabase';
import { CLI_BIN, runCli, type CliResult } from './runTogether';

const DEMO = join(DEMOS, '2026-10');
const temp = makeTempDir('user-errors');
const stores = testStoreLocations();
afterAll(async () => {
  await stores.cleanup();
  temp.cleanup();
});
const reckon = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { RECKON_DB: '', ...env });
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const isRoot = process.getuid?.() === 0;

/** A user mistake: exit 1, one line on stderr matching `line`, no stack frame, not an internal error. */
function expectOneLineFailure(r: CliResult, line: RegExp): void {
  expect(r.stderr).not.toMatch(/internal error|^\s+at |EPIPE/m);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr.trimEnd()).toMatch(line);
  expect(r.code).toBe(1);
}

describe('--db naming something that is not a Reckon store', () => {
  it('a folder exits 1 with one line, and nothing is written in or beside it', async () => {
    // Proves: a folder is refused before SQLite opens it (it used to end in exit 70 with a stack).
    const folder = join(temp.dir, 'a-folder');
    mkdirSync(folder);
    expectOneLineFailure(await reckon(['status', '--db', folder]), /^reckon: \[CBC\.0999\] --db \S+a-folder is a folder, not a Reckon store \(give a \.sqlite file path\)$/);
    expect(readdirSync(folder)).toEqual([]);
    expect(existsSync(`${folder}.migrate-lock`)).toBe(false);
  });

  it('a text file and a CSV exit 1 as "not a SQLite database" and stay byte for byte as they were', async () => {
    // Proves: files that are not SQLite are not opened (nor turned into a store).
    for (const [name, content] of [['notes.txt', 'hello\n'], ['consumption.csv', readFileSync(join(DEMO, 'consumption.csv'))]] as const) {
      const file = join(temp.dir, name);
      writeFileSync(file, content);
      const before = sha256(file);
      expectOneLineFailure(await reckon(['records', '--period', '2026-10', '--db', file]), /is not a SQLite database/);
      expect(sha256(file)).toBe(before);
      expect(existsSync(`${file}-wal`) || existsSync(`${file}.migrate-lock`)).toBe(false);
    }
  });

  it("another application's SQLite database is refused, unchanged (not even switched to WAL)", async () => {
    // Proves: Reckon never writes its tables into someone else's database.
    const file = join(temp.dir, 'crm.sqlite');
    const other = knexFactory({ client: 'sqlite3', connection: { filename: file }, useNullAsDefault: true });
    await other.schema.createTable('customers', (t) => { t.integer('id'); });
    await other.destroy();
    const before = sha256(file);
    expectOneLineFailure(await reckon(['status', '--db', file]), /--db \S+crm\.sqlite is a SQLite database but not a Reckon store \(it has other tables: customers\)/);
    expect(sha256(file)).toBe(before);
  });

  it('a path through a file, and a store named by RECKON_DB, say which option named them', async () => {
    // Proves: the folder of a new store that cannot be created is a one-line error naming its source.
    const file = join(temp.dir, 'plain-file');
    writeFileSync(file, 'x');
    expectOneLineFailure(await reckon(['status', '--db', join(file, 'store.sqlite')]), /^reckon: \[CBC\.0999\] --db \S+ cannot be created: its folder \S+plain-file cannot be made/);
    expectOneLineFailure(await reckon(['status'], { RECKON_DB: temp.dir }), /^reckon: \[CBC\.0999\] RECKON_DB \S+ is a folder, not a Reckon store/);
  });

  it('a store migrated by a newer Reckon is refused, not half-migrated', async () => {
    // Proves: migrations this version does not know are named (knex used to fail with "migration directory is corrupt", exit 70).
    const store = stores.location('newer-store');
    const db = await openDatabase(store);
    await db.knex('knex_migrations').insert({ name: '999_from_the_future', batch: 9, migration_time: new Date() });
    await db.close();
    expectOneLineFailure(await reckon(['status', '--db', store]),
      /was migrated by a newer Reckon or by another application \(migrations unknown to this version: 999_from_the_future\)/);
  });

  it('an unreachable PostgreSQL server, and a malformed URL, exit 1 with one line (password hidden)', async () => {
    // Proves: connection failures are the user's to fix, not internal errors; secrets stay out of messages.
    expectOneLineFailure(await reckon(['status', '--db', 'postgres://reckon:secret@127.0.0.1:1/reckon']),
      /^reckon: \[CBC\.0999\] --db postgres:\/\/reckon:\*\*\*@127\.0\.0\.1:1\/reckon cannot be reached \(ECONNREFUSED.*\): check the host and port/);
    expectOneLineFailure(await reckon(['status', '--db', 'postgres://[oops']), /is not a valid URL/);
  });

  it.skipIf(!testPostgresUrl())('a PostgreSQL schema holding other tables is refused, and a wrong database named', async () => {
    // Proves: the foreign-store check and login errors hold on PostgreSQL too.
    const store = stores.location('foreign-schema');
    const pg = parsePostgresLocation(store)!;
    const admin = knexFactory({ client: 'pg', connection: pg.connectionString, pool: { min: 0, max: 1 } });
    try {
      await admin.raw('CREATE SCHEMA ??', [pg.schema!]);
      await admin.raw('CREATE TABLE ??.invoices (id int)', [pg.schema!]);
    } finally {
      await admin.destroy();
    }
    expectOneLineFailure(await reckon(['status', '--db', store]), /is a PostgreSQL schema but not a Reckon store \(it has other tables: invoices\)/);
    const missing = new URL(testPostgresUrl()!);
    missing.pathname = '/no_such_database_here';
    expectOneLineFailure(await reckon(['status', '--db', missing.toString()]), /names a database that does not exist/);
  });
});

describe('--out that cannot take the files is refused before the store changes', () => {
  const afile = join(temp.dir, 'out-is-a-file');
  beforeAll(() => writeFileSync(afile, 'not a folder'));

  const cases: [string, (db: string) => string[], RegExp][] = [
    ['close', (db) => ['close', '2026-10', '--input', DEMO, '--out', afile, '--db', db], /--out \S+ is a file, not a folder/],
    ['close (a folder under a file)', (db) => ['close', '2026-10', '--input', DEMO, '--out', join(afile, 'sub'), '--db', db], /--out \S+ cannot be created: \S+out-is-a-file is a file, not a folder/],
    ['close --as-of', (db) => ['close', '2026-10', '--as-of', '2026-11-06T12:00:00+08:00', '--out', afile, '--db', db], /--out \S+ is a file, not a folder/],
    ['preview --out', (db) => ['preview', '2026-10', '--input', DEMO, '--out', afile, '--db', db], /--out \S+ is a file, not a folder/],
  ];
  for (const [what, args, line] of cases) {
    it(`${what}: exit 1 with one line, no run started, no period closing`, async () => {
      // Proves: the check comes first (this used to fail at emit with exit 70, leaving the run running and the period closing).
      const store = stores.location(`out-${what}`);
      expectOneLineFailure(await reckon(args(store)), line);
      if (!testPostgresUrl()) expect(existsSync(store)).toBe(false);
      const status = await reckon(['status', '--db', store]);
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/no period has been closed or started yet/);
    });
  }

  it.skipIf(isRoot)('a folder this user cannot write exits 1 with one line', async () => {
    // Proves: permissions are checked too (skipped as root, who may write anywhere).
    const locked = join(temp.dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const store = stores.location('out-locked');
    expectOneLineFailure(await reckon(['close', '2026-10', '--input', DEMO, '--out', locked, '--db', store]), /--out \S+locked is not writable/);
    chmodSync(locked, 0o755);
  });
});

/** Runs the CLI with its stdout closed at once, as when the reader (`| head -1`) has gone. */
function reckonIntoClosedPipe(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RECKON_DB: '' } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: '', stderr }));
  });
}

describe('output into a reader that stops early (reckon … | head -1)', () => {
  let store: string;
  const out = join(temp.dir, 'piped-out');
  beforeAll(async () => {
    store = stores.location('epipe');
    // Proves (batch commands, run in the launcher's child): a close whose summary nobody reads still completes and exits 0.
    const close = await reckonIntoClosedPipe(['close', '2026-10', '--input', DEMO, '--out', out, '--db', store, '--quiet']);
    expect(close.stderr).not.toMatch(/EPIPE|internal error/);
    expect(close.code).toBe(0);
  }, 120_000);

  it('the close behind it completed: the period is closed and its files are written', async () => {
    const status = await reckon(['status', '--db', store]);
    expect(status.stdout).toMatch(/2026-10\s+closed\s+rev-1/);
    expect(listFiles(join(out, '2026-10/rev-1'))).toContain('manifest.json');
  });

  it('status, records, rejects, runs, settlement list and explain stop quietly with exit 0', async () => {
    // Proves: EPIPE on stdout is handled once, centrally, instead of an unhandled 'error' event.
    const statement = join(out, '2026-10/rev-1', listFiles(join(out, '2026-10/rev-1')).find((f) => /^partners\/.+\/statement\.json$/.test(f))!);
    const commands = [
      ['status'], ['status', '2026-10'], ['records', '--period', '2026-10'], ['rejects', '2026-10'], ['runs'], ['settlement', 'list'],
    ].map((args) => [...args, '--db', store]);
    commands.push(['explain', statement, 'totals.consumption']);
    const results = await Promise.all(commands.map((args) => reckonIntoClosedPipe(args)));
    results.forEach((r, i) => {
      expect(r.stderr, commands[i]!.join(' ')).not.toMatch(/EPIPE|Unhandled|internal error|^\s+at /m);
      expect(r.code, commands[i]!.join(' ')).toBe(0);
    });
  });
});

describe('which errors are the environment, not a bug', () => {
  it('errno errors on a path, and locked/full/damaged SQLite files, become one line; others stay internal', () => {
    // Proves: main.ts exits 1 only for these; a TypeError or an SQL error keeps exit 70 and its stack.
    let missing: unknown;
    try { statSync(join(temp.dir, 'nowhere', 'x.csv')); } catch (error) { missing = error; }
    expect(describeEnvironmentError(missing)).toMatch(/^cannot read \S+nowhere\/x\.csv: no such file or folder \(ENOENT\)$/);
    const sqlite = (code: string, message: string) => Object.assign(new Error(`select 1 - ${code}: ${message}`), { code });
    expect(describeEnvironmentError(sqlite('SQLITE_BUSY', 'database is locked'))).toMatch(/^the store is locked by another process, still after waiting \(SQLITE_BUSY: database is locked\): try again/);
    expect(describeEnvironmentError(sqlite('SQLITE_FULL', 'database or disk is full'))).toMatch(/disk is full/);
    expect(describeEnvironmentError(Object.assign(new Error('write ENOSPC'), { code: 'ENOSPC' }))).toMatch(/^the disk is full/);
    expect(describeEnvironmentError(sqlite('SQLITE_ERROR', 'no such column: x'))).toBeUndefined();
    expect(describeEnvironmentError(sqlite('SQLITE_CONSTRAINT', 'UNIQUE constraint failed'))).toBeUndefined();
    expect(describeEnvironmentError(new TypeError('x is undefined'))).toBeUndefined();
    expect(describeEnvironmentError(Object.assign(new Error('read ECONNRESET'), { code: 'EPIPE' }))).toBeUndefined();
  });
});
