import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tempDir';
import { testDatabaseLocation } from '../helpers/testDatabase';

const ROOT = join(__dirname, '../..');
const DEMO = join(ROOT, 'fixtures/demo/2026-10');
const temp = makeTempDir('e2e-period-range');
const store = testDatabaseLocation('e2e-period-range');
afterAll(async () => {
  await store.cleanup();
  temp.cleanup();
});

/** Runs the built CLI as a user would (npm test builds dist/ first); never queued. */
function reckon(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/reckon.js'), ...args, '--db', store.location], {
    cwd: temp.dir, encoding: 'utf8', env: { ...process.env, REDIS_URL: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const out = join(temp.dir, 'out');
const RANGE = 'is outside the supported periods 1970-01 to 9999-12';

describe('periods outside 1970-01 … 9999-12 on the command line', () => {
  it.each([
    [['close', '0000-01', '--out', out], '"0000-01"'],
    [['close', '1969-12', '--input', DEMO, '--out', out], '"1969-12"'],
    [['preview', '0000-01'], '"0000-01"'],
    [['reopen', '0001-01', '--reason', 'x'], '"0001-01"'],
    [['status', '1969-12'], '"1969-12"'],
    [['rejects', '0000-01'], '"0000-01"'],
    [['records', '--period', '0000-01'], '--period "0000-01"'],
    [['ingest', DEMO, '--period', '0000-01'], '--period "0000-01"'],
    [['settlement', 'list', '--period', '0000-01'], '--period "0000-01"'],
    [['runs', '--period', '0000-01'], '--period "0000-01"'],
  ])('reckon %j exits 2 with one line saying the range', (args, what) => {
    // Proves: every command taking a period refuses an unsupported one as a wrong argument, before any work.
    const r = reckon(args);
    expect(r.stderr).toBe(`reckon: [CBC.0100] ${what} ${RANGE}\n`);
    expect(r.code).toBe(2);
  });

  it('no refused period was left behind in the store (close 0000-01 used to leave it closing)', () => {
    // Proves: the refusals above changed nothing; the store knows no period at all.
    const r = reckon(['status']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/0000-01|0001-01|1969-12/);
  });

  it('a delivery with bill_cycle 1969-12 and 0001-01 rows ingests (exit 0) and quarantines those rows as row.period', () => {
    // Proves: an out-of-range period in a file is a row error, not exit 70; the rest of the file is stored.
    const dir = join(temp.dir, 'old-rows');
    cpSync(DEMO, dir, { recursive: true });
    const path = join(dir, 'consumption.csv');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[1] = lines[1]!.replace(',2026-10,', ',1969-12,');
    lines[2] = lines[2]!.replace(',2026-10,', ',0001-01,');
    writeFileSync(path, lines.join('\n'));
    const r = reckon(['ingest', dir, '--period', '2026-10', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The demo's own 5 rejected rows and 1 duplicate, plus these 2; the other rows are stored.
    expect(r.stdout).toContain('consumption.csv: 725 rows = 717 accepted + 7 rejected + 1 duplicates + 0 conflicts');
    const rejects = reckon(['rejects', '2026-10', '--csv']);
    expect(rejects.code).toBe(0);
    expect(rejects.stdout).toContain('consumption.csv,2,bill_cycle,1969-12,row.period');
    expect(rejects.stdout).toContain('consumption.csv,3,bill_cycle,0001-01,row.period');
  });
});
