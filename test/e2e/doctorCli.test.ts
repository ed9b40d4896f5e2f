import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tempDir';
import { testDatabaseLocation } from '../helpers/testDatabase';

/** `reckon doctor` as an operator runs it, against a real store and a real Redis. */
const ROOT = join(__dirname, '../..');
const temp = makeTempDir('doctor');
const store = testDatabaseLocation('doctor');
afterAll(async () => {
  await store.cleanup();
  temp.cleanup();
});

function reckon(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/reckon.js'), ...args], { cwd: temp.dir, encoding: 'utf8', env: { ...process.env, REDIS_URL: '', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const line = (stdout: string, check: string) => stdout.split('\n').find((l) => l.slice(5).startsWith(`${check}:`)) ?? '';

describe('reckon doctor', () => {
  it('reports each check on one line; a new store is fine, and after an ingest its migrations are current', () => {
    const before = reckon(['doctor', '--db', store.location, '--out', join(temp.dir, 'out')]);
    expect(before.code, before.stdout).toBe(0);
    expect(line(before.stdout, 'node')).toMatch(/^ok {3}node: Node v\d+/);
    expect(line(before.stdout, 'sqlite driver')).toBe('ok   sqlite driver: the native SQLite driver loads');
    expect(line(before.stdout, 'store')).toMatch(store.dialect === 'sqlite' ? /^ok {3}store: no store yet at / : /^warn store: .* migrations are pending/);
    expect(line(before.stdout, 'disk')).toMatch(/^(ok   |warn )disk: [\d.]+ GiB free under /);
    expect(reckon(['ingest', join(ROOT, 'fixtures/demo/2026-10'), '--db', store.location, '-q']).code).toBe(0);
    const after = reckon(['doctor', '--db', store.location]);
    expect(line(after.stdout, 'store')).toMatch(/^ok {3}store: .* opens; migrations current \(\d+\)$/);
    expect(after.stdout.trim().split('\n').pop()).toMatch(/^all (checks pass|needed checks pass \(\d+ warning\(s\)\))$/);
  });

  it('fails, exit 1, on what a close cannot use, saying what to do', () => {
    const folder = join(temp.dir, 'a-folder');
    mkdirSync(folder);
    const r = reckon(['doctor', '--db', folder, '--out', join(temp.dir, 'out')], { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(r.code).toBe(1);
    expect(line(r.stdout, 'store')).toBe(`fail store: ${folder} is a folder: give a .sqlite file path (--db or RECKON_DB)`);
    expect(line(r.stdout, 'redis')).toMatch(/^fail redis: redis:\/\/127\.0\.0\.1:1 does not answer \(.*ECONNREFUSED.*\): start Redis or fix REDIS_URL$/);
    expect(r.stdout).toContain('2 check(s) failed: fix them before a close');
    expect(r.stderr).toBe('');
  });

  it('reads the running Redis\'s eviction policy and persistence', () => {
    const r = reckon(['doctor', '--db', join(temp.dir, 'none.sqlite')], { REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(line(r.stdout, 'redis')).toMatch(/^(ok {3}redis: redis:\/\/127\.0\.0\.1:6379 answers; maxmemory-policy \S+, appendonly \S+|warn redis: redis:\/\/127\.0\.0\.1:6379 answers, but .*(maxmemory-policy|appendonly))/);
  });
});
