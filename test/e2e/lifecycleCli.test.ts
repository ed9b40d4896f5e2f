import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listFiles } from '../helpers/listFiles';
import { makeTempDir } from '../helpers/tempDir';
import { testDatabaseLocation } from '../helpers/testDatabase';

const ROOT = join(__dirname, '../..');
const CASE = join(ROOT, 'fixtures/cases/late-correction/input');
const temp = makeTempDir('e2e-lifecycle');
const store = testDatabaseLocation('e2e-lifecycle');
afterAll(async () => {
  await store.cleanup();
  temp.cleanup();
});

/** Runs the built CLI as a user would (npm test builds dist/ first). */
function reckon(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/reckon.js'), ...args, '--db', store.location], { cwd: temp.dir, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('month-end in practice: reckon preview, close, reopen, close --as-of', () => {
  const out = join(temp.dir, 'out');

  it('walks a late refund from preview to correction, reopen and reproduction', () => {
    expect(reckon(['close', '2026-10', '--input', join(CASE, '2026-10'), '--out', out, '-q']).code).toBe(0);
    const rev1 = Object.fromEntries(listFiles(join(out, '2026-10/rev-1')).map((f) => [f, readFileSync(join(out, '2026-10/rev-1', f), 'utf8')]));

    const preview = reckon(['preview', '2026-11', '--input', join(CASE, '2026-11'), '-q']);
    expect(preview.stderr).toBe('');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/nothing was committed/);
    expect(preview.stdout).toMatch(/first close/);
    expect(reckon(['status']).stdout).not.toMatch(/2026-11\s+closed/);

    const close = reckon(['close', '2026-11', '--input', join(CASE, '2026-11'), '--out', out, '-q']);
    expect(close.code).toBe(0);
    const november = JSON.parse(readFileSync(join(out, '2026-11/rev-1/partners/P1/statement.json'), 'utf8'));
    expect(november.totals.corrections).toBe('-4.00');

    expect(reckon(['reopen', '2026-10']).code).toBe(2);
    const reopen = reckon(['reopen', '2026-10', '--reason', 'platform corrected its summary', '--actor', 'finance']);
    expect(reopen.code).toBe(0);
    expect(reckon(['status']).stdout).toMatch(/2026-10\s+open\s+rev-1 \(reopened/);
    expect(reckon(['status', '2026-10']).stdout).toMatch(/reopen at rev-1 by finance: platform corrected its summary/);
    // The late records are November's corrections already: October's inputs did not change.
    const again = reckon(['close', '2026-10', '--out', out, '-q']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/inputs unchanged since rev-1/);
    expect(listFiles(join(out, '2026-10')).some((f) => f.startsWith('rev-2/'))).toBe(false);
    for (const [file, content] of Object.entries(rev1)) expect(readFileSync(join(out, '2026-10/rev-1', file), 'utf8')).toBe(content);

    // The README walk: a November record after November closed, reopen, preview, rev-2, as-of rev-1.
    const novemberRev1 = readFileSync(join(out, '2026-11/rev-1/partners/P1/statement.json'), 'utf8');
    const beforeLate = new Date().toISOString();
    expect(reckon(['ingest', join(CASE, '../after-close'), '-q']).code).toBe(0);
    expect(reckon(['reopen', '2026-11', '--reason', 'N2 arrived after the close']).code).toBe(0);
    const diffPreview = reckon(['preview', '2026-11', '-q']);
    expect(diffPreview.code).toBe(0);
    expect(diffPreview.stdout).toMatch(/rev-1 → rev-2/);
    expect(diffPreview.stdout).toMatch(/totals\.consumption\s+40\.00 → 52\.50\s+\(\+?12\.50\)/);
    const rev2 = reckon(['close', '2026-11', '--out', out, '-q']);
    expect(rev2.code).toBe(0);
    const diff = JSON.parse(readFileSync(join(out, '2026-11/rev-2/diff.json'), 'utf8'));
    expect(diff.statements[0].changes).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'totals.consumption', old: '40.00', new: '52.50', difference: '12.50' }),
    ]));
    expect(readFileSync(join(out, '2026-11/rev-1/partners/P1/statement.json'), 'utf8')).toBe(novemberRev1);

    const asOf = reckon(['close', '2026-11', '--as-of', beforeLate, '--out', out, '-q']);
    expect(asOf.code).toBe(0);
    expect(asOf.stdout).toMatch(/reproduces the committed rev-1 byte for byte/);
    expect(reckon(['close', '2026-11', '--as-of', new Date().toISOString(), '--out', out, '-q']).stdout).toMatch(/reproduces the committed rev-2 byte for byte/);
    expect(reckon(['close', '2026-10', '--as-of', 'yesterday', '--out', out]).code).toBe(2);
  });
});
