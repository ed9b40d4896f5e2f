import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tempDir';
import { testStoreLocations } from '../helpers/testDatabase';
import { DEMO, reckonAsync, treeDigest, type CliResult } from '../helpers/spawnReckon';

/**
 * Closes started at the same moment against one store (SQLite file, or a PostgreSQL schema with
 * RECKON_TEST_PG) give what some sequential order of the same commands gives: never a month
 * sealed without its predecessor's balances, never two runs of one period side by side, never
 * an internal error.
 */

const temp = makeTempDir('concurrent-closes');
const stores = testStoreLocations();
const newStore = (name: string): string => stores.location(name);
afterAll(async () => {
  await stores.cleanup();
  temp.cleanup();
});

const close = (period: string, db: string, out: string): Promise<CliResult> =>
  reckonAsync(['close', period, '--input', join(DEMO, period), '--out', out, '--db', db, '--quiet'], { cwd: temp.dir });

function expectNoInternalError(r: CliResult): void {
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect([0, 1]).toContain(r.code);
}

/** The revision folders a sequential close of `periods` writes, as path → SHA-256. */
async function sequential(name: string, periods: string[]): Promise<Record<string, Record<string, string>>> {
  const db = newStore(name);
  const out = join(temp.dir, name);
  const trees: Record<string, Record<string, string>> = {};
  for (const period of periods) {
    const r = await close(period, db, out);
    expect(r.code, r.stderr).toBe(0);
    trees[period] = treeDigest(join(out, period, 'rev-1'));
  }
  return trees;
}

describe('concurrent closes of one store', () => {
  let inOrder: Record<string, Record<string, string>>;
  let withoutSeptember: Record<string, Record<string, string>>;
  beforeAll(async () => {
    inOrder = await sequential('seq-in-order', ['2026-08', '2026-09', '2026-10']);
    withoutSeptember = await sequential('seq-skip-09', ['2026-08', '2026-10']);
  });

  it.each([1, 2, 3])('trial %i: 2026-09 and 2026-10 started together give a sequential result (both in order, or 2026-10 first and 2026-09 refused)', async (trial) => {
    const db = newStore(`consecutive-${trial}`);
    const out = join(temp.dir, `consecutive-${trial}`);
    expect((await close('2026-08', db, out)).code).toBe(0);
    const [september, october] = await Promise.all([close('2026-09', db, out), close('2026-10', db, out)]);
    expectNoInternalError(september);
    expectNoInternalError(october);
    expect(october.code, october.stderr).toBe(0);
    if (september.code === 0) {
      // September got the store first: October carries its balances, exactly as in order.
      expect(treeDigest(join(out, '2026-09/rev-1'))).toEqual(inOrder['2026-09']);
      expect(treeDigest(join(out, '2026-10/rev-1'))).toEqual(inOrder['2026-10']);
    } else {
      // October got the store before September's delivery was even read: September is refused.
      expect(september.stderr).toMatch(/period\.order: cannot close 2026-09: 2026-10 is closed.*reckon reopen 2026-10/);
      expect(september.stderr.trim().split('\n').filter((l) => l.startsWith('reckon:'))).toHaveLength(1);
      expect(treeDigest(join(out, '2026-10/rev-1'))).toEqual(withoutSeptember['2026-10']);
    }
  });

  it('eight closes of 2026-09 at once: one run computes it, seven report it already closed by that run; files as a single close', async () => {
    const db = newStore('same-period');
    const out = join(temp.dir, 'same-period');
    expect((await close('2026-08', db, out)).code).toBe(0);
    const results = await Promise.all(Array.from({ length: 8 }, () => close('2026-09', db, out)));
    for (const r of results) {
      expectNoInternalError(r);
      expect(r.code, r.stderr).toBe(0);
    }
    const computed = results.filter((r) => /closed 2026-09 rev-1/.test(r.stdout));
    const reported = results.filter((r) => /2026-09 is already closed by run close-2026-09-all-r1 \(rev-1\)/.test(r.stdout));
    expect(computed).toHaveLength(1);
    expect(reported).toHaveLength(7);
    expect(treeDigest(join(out, '2026-09/rev-1'))).toEqual(inOrder['2026-09']);
    const status = await reckonAsync(['status', '2026-09', '--db', db], { cwd: temp.dir });
    expect(status.stdout.match(/close-2026-09-all-r\d+/g)?.every((k) => k === 'close-2026-09-all-r1')).toBe(true);
  });
});
