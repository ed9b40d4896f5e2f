import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tempDir';
import { testDatabaseLocation } from '../helpers/testDatabase';

const ROOT = join(__dirname, '../..');
// One warned check (record.association), no failed one.
const WARNED = join(ROOT, 'fixtures/cases/incentive-tiers/input');
const temp = makeTempDir('e2e-close-guards');
const store = testDatabaseLocation('e2e-close-guards');
afterAll(async () => {
  await store.cleanup();
  temp.cleanup();
});

/** Runs the built CLI as a user would (npm test builds dist/ first), without REDIS_URL: the inline runner. */
function reckon(args: string[]) {
  const env = { ...process.env };
  delete env.REDIS_URL;
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/reckon.js'), ...args, '--db', store.location], { cwd: temp.dir, encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('reckon close: checks that speak, guards, no false alarms', () => {
  const out = join(temp.dir, 'out');

  it('holds a close with --fail-on warn (exit 3), seals it without, then says "nothing new"; refuses an empty month unless --allow-empty', () => {
    const held = reckon(['close', '2026-10', '--input', WARNED, '--out', out, '--fail-on', 'warn', '-q']);
    expect(held.stderr).toBe('');
    expect(held.code).toBe(3);
    expect(held.stdout).toMatch(/^run close-2026-10-all-r1 held by --fail-on warn: 1 warned check\(s\); 2026-10 is NOT closed/m);
    expect(held.stdout).toMatch(/^reconciliation: \d+ ok, 1 warn, 0 fail/m);
    expect(held.stdout).toMatch(/^ {2}WARN record\.association: 1 subject\(s\)\n {6}consumption\.csv \[[^\]]+\]: expected /m);
    expect(held.stdout).toMatch(/^files of the unsealed run: /m);
    // The report files of the held run are there to read, failures first.
    const csv = readFileSync(join(out, '2026-10/rev-1/reconciliation.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('\uFEFFcheck,status,subject,expected,actual,difference,records,note');
    expect(csv[1]).toMatch(/^record\.association,warn,/);
    expect(reckon(['status', '2026-10']).stdout).toMatch(/held by --fail-on warn/);

    const sealed = reckon(['close', '2026-10', '--out', out, '-q']);
    expect(sealed.code).toBe(0);
    expect(sealed.stdout).toMatch(/^closed 2026-10 rev-1/m);
    expect(sealed.stdout).toMatch(/^ {2}WARN record\.association/m);

    const again = reckon(['close', '2026-10', '--input', WARNED, '--out', out, '-q']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^2026-10 is already closed by run close-2026-10-all-r1 \(rev-1\): nothing new;/m);
    expect(again.stdout).not.toMatch(/arrived after it was closed|reopen/);

    const empty = reckon(['close', '2026-11', '--out', out, '-q']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^reckon: \[CBC\.0151\] period\.empty: cannot close 2026-11: no records for 2026-11 have been delivered .* pass --allow-empty to close an empty month\n$/);
    expect(empty.stdout).toBe('');
    const allowed = reckon(['close', '2026-11', '--out', out, '--allow-empty', '-q']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/^closed 2026-11 rev-1/m);
  });

  it('rejects --timeout without --wait, --wait without REDIS_URL and an unknown --fail-on level as usage errors (exit 2)', () => {
    expect(reckon(['close', '2026-12', '--out', out, '--timeout', '5s'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--timeout goes with --wait/) });
    expect(reckon(['close', '2026-12', '--out', out, '--wait'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--wait follows a queued close: it needs REDIS_URL/) });
    const level = reckon(['close', '2026-12', '--out', out, '--fail-on', 'sometimes']);
    expect(level.code).toBe(2);
    expect(level.stderr).toMatch(/^reckon: \[CBC\.0100\] .*--fail-on.*sometimes/m);
  });
});
