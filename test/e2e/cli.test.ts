import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listFiles } from '../helpers/listFiles';
import { makeTempDir } from '../helpers/tempDir';
import { testDatabaseLocation, type TestDatabaseLocation } from '../helpers/testDatabase';

const ROOT = join(__dirname, '../..');
const DEMO = join(ROOT, 'fixtures/demo/2026-10');
const temp = makeTempDir('e2e');
/** The `--db` of each store the tests use: a SQLite file, or a PostgreSQL schema with RECKON_TEST_PG. */
const stores = new Map<string, TestDatabaseLocation>();
const dbOf = (name: string): string => {
  let store = stores.get(name);
  if (store === undefined) {
    store = testDatabaseLocation(`e2e-${name}`);
    stores.set(name, store);
  }
  return store.location;
};
afterAll(async () => {
  for (const store of stores.values()) await store.cleanup();
  temp.cleanup();
});

/** Runs the built CLI as a user would (npm test builds dist/ first). */
function reckon(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/reckon.js'), ...args], {
    cwd: temp.dir, encoding: 'utf8', env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('reckon CLI end to end on the demo month', () => {
  const outA = join(temp.dir, 'out-a');
  const outB = join(temp.dir, 'out-b');

  it('close exits 0 and writes statements, reconciliation, rejects and a manifest under rev-1', () => {
    const r = reckon(['close', '2026-10', '--input', DEMO, '--out', outA, '--db', dbOf('a')]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/closed 2026-10 rev-1/);
    const files = listFiles(join(outA, '2026-10/rev-1'));
    expect(files).toContain('manifest.json');
    expect(files).toContain('reconciliation.json');
    expect(files).toContain('rejects.csv');
    expect(files.some((f) => /^partners\/[^/]+\/statement\.json$/.test(f))).toBe(true);
  });

  it('a close of the same inputs on a fresh database, in another host time zone, gives byte-identical files', () => {
    const r = reckon(['close', '2026-10', '--input', DEMO, '--out', outB, '--db', dbOf('b'), '--quiet'], { TZ: 'America/New_York' });
    expect(r.code).toBe(0);
    const a = join(outA, '2026-10/rev-1');
    const b = join(outB, '2026-10/rev-1');
    expect(listFiles(b)).toEqual(listFiles(a));
    for (const f of listFiles(a)) expect(sha256(join(b, f)), f).toBe(sha256(join(a, f)));
  });

  it('manifest.json lists every other output file with its true SHA-256, and the input files', () => {
    const dir = join(outA, '2026-10/rev-1');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const listed = manifest.files.map((f: { path: string }) => f.path).sort();
    expect(listed).toEqual(listFiles(dir).filter((f) => f !== 'manifest.json'));
    for (const f of manifest.files) expect(sha256(join(dir, f.path)), f.path).toBe(f.sha256);
    const consumption = manifest.inputs.find((i: { file: string }) => i.file === 'consumption.csv');
    expect(consumption.sha256).toBe(sha256(join(DEMO, 'consumption.csv')));
    expect(manifest.engine_version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.config_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects.csv names file, line, column and value for every bad row, and status counts add up', () => {
    const text = readFileSync(join(outA, '2026-10/rev-1/rejects.csv'), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('file,line,column,value,code,error_code,message');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines.slice(1)) expect(line).toMatch(/^[a-z/-]+\.csv,\d+,[a-z_]+,/);
    const status = reckon(['status', '2026-10', '--db', dbOf('a')]);
    expect(status.code).toBe(0);
    for (const m of status.stdout.matchAll(/(\d+) read = (\d+) accepted \+ (\d+) rejected \+ (\d+) duplicates \+ (\d+) conflicts/g)) {
      expect(Number(m[1])).toBe(Number(m[2]) + Number(m[3]) + Number(m[4]) + Number(m[5]));
    }
    expect(status.stdout).toMatch(/closed, revision 1/);
  });

  it('closing the closed period again returns the stored result and rewrites identical files', () => {
    const before = sha256(join(outA, '2026-10/rev-1/manifest.json'));
    const r = reckon(['close', '2026-10', '--input', DEMO, '--out', outA, '--db', dbOf('a'), '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/already closed/);
    expect(sha256(join(outA, '2026-10/rev-1/manifest.json'))).toBe(before);
  });

  it('records filters by customer and bill type, printing CSV', () => {
    const r = reckon(['records', '--period', '2026-10', '--bill-type', '5', '--limit', '5', '--db', dbOf('a')]);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\r\n');
    expect(rows[0]).toMatch(/^kind,record_id,/);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.length).toBeLessThanOrEqual(6);
    for (const row of rows.slice(1)) expect(row.split(',')[10]).toBe('5');
    // trade_time in the billing zone, with its offset (the store keeps UTC).
    for (const row of rows.slice(1)) expect(row.split(',')[3]).toMatch(/^2026-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+08:00$/);
  });

  it('user errors exit non-zero with a message and no stack trace', () => {
    const badPeriod = reckon(['close', '2026-13', '--out', outA, '--db', dbOf('a')]);
    expect(badPeriod.code).toBe(2);
    expect(badPeriod.stderr).toMatch(/not a period/);
    expect(badPeriod.stderr).not.toMatch(/at .*\.js:\d+/);
    const broken = join(temp.dir, 'broken');
    cpSync(DEMO, broken, { recursive: true });
    writeFileSync(join(broken, 'consumption.csv'), 'record_id,bill_cycle\nX1,2026-10\n');
    const r = reckon(['close', '2026-11', '--input', broken, '--out', outA, '--db', dbOf('c')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/consumption\.csv/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(join(outA, '2026-11'))).toBe(false);
  });
});
