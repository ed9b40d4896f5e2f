import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tempDir';
import { testStoreLocations } from '../helpers/testDatabase';
import { tryAcquireCloseLease } from '../../src/adapters/store/closeLease';
import { openDatabase } from '../../src/adapters/store/openDatabase';
import { Prng } from '../helpers/prng';
import { DEMO, reckonAsync, startReckon, treeDigest, type CliResult } from '../helpers/spawnReckon';

/**
 * A close killed with SIGKILL at a random moment (ingest, compute, reconcile or emit), then run
 * again with the same command, writes byte-identical statements to an uninterrupted close, and
 * leaves nothing else in the revision folder. Seeded: the seed and trial give the same kill time.
 */

const SEED = Number(process.env.RECKON_KILL_SEED ?? 20261206);
/** 8 trials; the PostgreSQL pass of `npm test` runs 4 (RECKON_KILL_TRIALS), the kills being the same kinds. */
const TRIALS = Number(process.env.RECKON_KILL_TRIALS ?? 8);
const temp = makeTempDir('kill-rerun');
const stores = testStoreLocations();
const newStore = (name: string): string => stores.location(name);
afterAll(async () => {
  await stores.cleanup();
  temp.cleanup();
});

const closeArgs = (period: string, db: string, out: string) => ['close', period, '--input', join(DEMO, period), '--out', out, '--db', db];
const close = (period: string, db: string, out: string): Promise<CliResult> => reckonAsync([...closeArgs(period, db, out), '--quiet'], { cwd: temp.dir });

/** The last stage the close reported before it died (progress lines go to stderr when not a terminal). */
const stageReached = (stderr: string): string => [...stderr.matchAll(/\b(ingest|compute|reconcile|emit|finalise)\b/g)].pop()?.[1] ?? 'start';

describe('SIGKILL during a close, then the same close again', () => {
  let expected: Record<string, string>;
  let fullMs = 0;
  beforeAll(async () => {
    const db = newStore('kill-reference');
    const out = join(temp.dir, 'reference');
    expect((await close('2026-08', db, out)).code).toBe(0);
    const started = Date.now();
    expect((await close('2026-09', db, out)).code).toBe(0);
    fullMs = Date.now() - started;
    expected = treeDigest(join(out, '2026-09/rev-1'));
  });

  const random = new Prng(SEED);
  const delays = Array.from({ length: TRIALS }, () => random.fraction());
  it.each(delays.map((fraction, i) => [i + 1, fraction] as const))(`seed ${SEED} trial %i: killed at %f of a close's duration, the rerun gives the uninterrupted files`, async (trial, fraction) => {
    const db = newStore(`kill-${trial}`);
    const out = join(temp.dir, `kill-${trial}`);
    expect((await close('2026-08', db, out)).code).toBe(0);
    const victim = startReckon(closeArgs('2026-09', db, out), { cwd: temp.dir });
    await new Promise((resolve) => setTimeout(resolve, Math.round(fraction * fullMs * 1.2)));
    victim.child.kill('SIGKILL');
    const killed = await victim.done;
    const rerun = await close('2026-09', db, out);
    expect(rerun.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(rerun.code, `killed after ${stageReached(killed.stderr)}: ${rerun.stderr}`).toBe(0);
    expect(treeDigest(join(out, '2026-09/rev-1'))).toEqual(expected);
    const status = await reckonAsync(['status', '2026-09', '--db', db], { cwd: temp.dir });
    expect(status.stdout).toMatch(/period 2026-09: closed, revision 1/);
  });

  it('a close stuck in closing is abandoned with close --abandon; the next close computes it afresh', async () => {
    const db = newStore('abandon');
    const out = join(temp.dir, 'abandon');
    expect((await close('2026-08', db, out)).code).toBe(0);
    // A failed emit (a file where the revision folder goes) leaves the run failed and 2026-09 closing.
    const blocked = join(temp.dir, 'abandon-blocked');
    mkdirSync(join(blocked, '2026-09'), { recursive: true });
    writeFileSync(join(blocked, '2026-09/rev-1'), 'not a folder');
    const failed = await close('2026-09', db, blocked);
    expect(failed.code).toBe(1);
    expect(failed.stderr).not.toMatch(/internal error|\n\s+at /);
    expect((await reckonAsync(['status', '2026-09', '--db', db], { cwd: temp.dir })).stdout).toMatch(/period 2026-09: closing/);
    const abandon = await reckonAsync(['close', '--abandon', '2026-09', '--reason', 'emit failed', '--db', db], { cwd: temp.dir });
    expect(abandon.code, abandon.stderr).toBe(0);
    expect(abandon.stdout).toMatch(/2026-09 is open again/);
    const again = await reckonAsync(['close', '--abandon', '2026-09', '--db', db], { cwd: temp.dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/period\.not_closing: 2026-09 is open: only a period stuck in closing can be abandoned/);
    expect((await close('2026-09', db, out)).code).toBe(0);
    expect(treeDigest(join(out, '2026-09/rev-1'))).toEqual(expected);
    expect((await reckonAsync(['status', '2026-09', '--db', db], { cwd: temp.dir })).stdout).toMatch(/abandon/);
  });
  it('status names a close left over by a process that is gone, and the next close takes the store over at once', async () => {
    const db = newStore('left-over');
    const out = join(temp.dir, 'left-over');
    expect((await close('2026-08', db, out)).code).toBe(0);
    const store = await openDatabase(db);
    const gonePid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    await tryAcquireCloseLease(store, `inline:${hostname()}:${gonePid}:killed`, '2026-09', Date.now());
    await store.close();
    const status = await reckonAsync(['status', '--db', db], { cwd: temp.dir });
    expect(status.stdout).toMatch(new RegExp(`^left over \\(its holder is gone; the next close takes over\\): the close of 2026-09 \\(pid ${gonePid} on `));
    const next = await close('2026-09', db, out);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).not.toMatch(/waiting for/);
    expect(treeDigest(join(out, '2026-09/rev-1'))).toEqual(expected);
  });
});

describe('period order', () => {
  it('closing a month earlier than a closed month of the store is refused (exit 1) saying what to reopen; the first close may start anywhere', async () => {
    const db = newStore('order');
    const out = join(temp.dir, 'order');
    expect((await close('2026-10', db, out)).code).toBe(0);
    const earlier = await close('2026-09', db, out);
    expect(earlier.code).toBe(1);
    expect(earlier.stderr.trim()).toBe("reckon: [CBC.0151] period.order: cannot close 2026-09: 2026-10 is closed, computed without 2026-09's balances; first reckon reopen 2026-10 --reason …, then close 2026-09 through 2026-10 in order");
    expect(existsSync(join(out, '2026-09'))).toBe(false);
  });

  it('a month with records cannot be skipped once an earlier month is closed (exit 1, close it first)', async () => {
    const db = newStore('gap');
    const out = join(temp.dir, 'gap');
    expect((await close('2026-08', db, out)).code).toBe(0);
    expect((await reckonAsync(['ingest', join(DEMO, '2026-09'), '--db', db, '--quiet'], { cwd: temp.dir })).code).toBe(0);
    const skipped = await close('2026-10', db, out);
    expect(skipped.code).toBe(1);
    expect(skipped.stderr).toMatch(/period\.blocked: cannot close 2026-10: 2026-09 is open \(never closed\); close the earlier period first/);
  });
});
