import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tempDir';
import { testDatabaseLocation } from '../helpers/testDatabase';

const ROOT = join(__dirname, '../..');
const DEMO = join(ROOT, 'fixtures/demo/2026-10');
const temp = makeTempDir('e2e-export-focus');
const store = testDatabaseLocation('e2e-export-focus');
afterAll(async () => {
  await store.cleanup();
  temp.cleanup();
});

/** Runs the built CLI as a user would (npm test builds dist/ first); stdout kept as bytes. */
function reckon(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/reckon.js'), ...args], { cwd: temp.dir, env: { ...process.env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

describe('reckon export focus (CLI)', () => {
  it('writes the same FOCUS CSV to --out and to stdout, says how many records on stderr', () => {
    // Proves: the command is wired into the CLI; stdout and --out carry identical bytes; the summary stays off stdout.
    const ingest = reckon(['ingest', DEMO, '--db', store.location, '--quiet']);
    expect(ingest.stderr).not.toMatch(/internal error/);
    expect(ingest.code).toBe(0);
    const out = join(temp.dir, 'exports', 'focus-2026-10.csv');
    const toFile = reckon(['export', 'focus', '2026-10', '--out', out, '--db', store.location]);
    expect(toFile.code).toBe(0);
    expect(toFile.stdout.length).toBe(0);
    const count = Number(/^(\d+) record\(s\) written to (.*)$/m.exec(toFile.stderr)?.[1]);
    expect(toFile.stderr).toBe(`${count} record(s) written to ${out}\n`);
    const file = readFileSync(out);
    expect(file.toString('utf8').split('\r\n').filter((line) => line !== '')).toHaveLength(count + 1);
    const toStdout = reckon(['export', 'focus', '2026-10', '--db', store.location]);
    expect(toStdout.code).toBe(0);
    expect(toStdout.stderr).toBe(`${count} record(s) written to stdout\n`);
    expect(toStdout.stdout.equals(file)).toBe(true);
    const provider = reckon(['export', 'focus', '2026-10', '--db', store.location, '--provider', 'Huawei Cloud']);
    expect(provider.stdout.toString('utf8').split('\r\n')[1]).toContain(',Huawei Cloud,');
  });

  it('a malformed period exits 2, a period the store does not know exits 1, each with one line', () => {
    const malformed = reckon(['export', 'focus', '2026-13', '--db', store.location]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toBe('reckon: [CBC.0100] "2026-13" is not a period: use YYYY-MM, e.g. 2026-10\n');
    const unknown = reckon(['export', 'focus', '2031-01', '--db', store.location]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('reckon: [CBC.0999] period 2031-01 is not in the store: no delivery brought records for it (`reckon status` lists the periods)\n');
    expect(unknown.stdout.length).toBe(0);
  });

  it('--help describes the command with an example', () => {
    const help = reckon(['export', 'focus', '--help']);
    expect(help.code).toBe(0);
    const text = help.stdout.toString('utf8');
    expect(text).toContain('FOCUS 1.0');
    expect(text).toContain('reckon export focus 2026-10 --out exports/focus-2026-10.csv');
    expect(text).toContain('--provider <name>');
  });
});
