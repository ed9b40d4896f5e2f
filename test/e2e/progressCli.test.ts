import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tempDir';
import { DEMO, ROOT } from '../helpers/spawnReckon';

const temp = makeTempDir('progress');
afterAll(() => temp.cleanup());

/** `reckon close 2026-08` on the demo with stderr a pipe, as in a CI log: the plain progress lines. */
function close() {
  const r = spawnSync(process.execPath, [
    join(ROOT, 'bin/reckon.js'), 'close', '2026-08', '--input', join(DEMO, '2026-08'), '--out', join(temp.dir, 'out'), '--db', join(temp.dir, 's.sqlite'),
  ], { cwd: temp.dir, encoding: 'utf8', env: { ...process.env, RECKON_MAX_HEAP_MB: '0' } });
  return { code: r.status, stderr: r.stderr };
}

const STEP_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (ingest|compute|reconcile|emit) /;

describe('progress of reckon close in a log (stderr not a terminal)', () => {
  it('prints one timestamped summary per step that did work: files with their rows, partners done of their total', () => {
    // Proves: every line is timestamped, each file with rows has its summary, empty files and header-only files have none, no "0.0 MiB" line.
    const r = close();
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    // A line naming a step is a timestamped one: none in the old untimed form.
    expect(lines.filter((l) => /\b(ingest|compute|reconcile|emit) /.test(l) && !STEP_LINE.test(l))).toEqual([]);
    expect(r.stderr).not.toMatch(/0\.0 MiB/);
    const ingested = lines.filter((l) => / ingest /.test(l)).map((l) => /ingest (\S+): ([\d,]+) rows \(/.exec(l)?.slice(1, 3));
    expect(ingested).toEqual([
      ['reference/partners.csv', '7'], ['reference/associations.csv', '38'], ['reference/marketplace-products.csv', '9'],
      ['reference/share-tiers.csv', '3'], ['reference/merchant-deposits.csv', '4'], ['reference/incentive-policies.csv', '7'],
      ['reference/special-incentives.csv', '4'], ['reference/service-types.csv', '10'], ['consumption.csv', '4'],
    ]);
    expect(lines.filter((l) => / compute partners: 4\/4, 4 records in /.test(l))).toHaveLength(1);
    expect(lines.filter((l) => / emit files: (\d+)\/\1 in /.test(l))).toHaveLength(1);
    for (const step of ['compute settlements', 'compute incentives', 'reconcile checks']) {
      expect(lines.filter((l) => l.includes(` ${step}: done in `))).toHaveLength(1);
    }
  });

  it('prints no step line when the month is already closed: nothing is ingested, computed or issued again', () => {
    // Proves: a re-close of a closed month (same files, stored result written again) reports no work it did not do.
    const r = close();
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter((l) => STEP_LINE.test(l))).toEqual([]);
  });
});
