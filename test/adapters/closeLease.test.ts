import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  currentCloseLease, inlineHolder, LEASE_TTL_MS, releaseCloseLease, renewCloseLease, tryAcquireCloseLease,
} from '../../src/adapters/store/closeLease';
import { acquireCloseLease } from '../../src/app/close/waitForCloseLease';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';

/** The store's close lease on a real SQLite file (or PostgreSQL schema): one holder at a time, dead holders replaced. */

let store: TestDatabase;
beforeAll(async () => { store = await openTestDatabase('close-lease'); });
afterAll(async () => { await store.cleanup(); });

/** A pid that surely runs nothing: a child that has exited. */
const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

describe('close lease', () => {
  it('one holder at a time: a second contender is told who holds it, the holder may take it again, release frees it', async () => {
    const { db } = store;
    const now = Date.now();
    expect(await tryAcquireCloseLease(db, inlineHolder('a'), '2026-09', now)).toEqual({ acquired: true });
    const second = await tryAcquireCloseLease(db, inlineHolder('b'), '2026-10', now);
    expect(second).toMatchObject({ acquired: false, heldBy: { holder: inlineHolder('a'), period: '2026-09' } });
    expect(await tryAcquireCloseLease(db, inlineHolder('a'), '2026-09', now + 1)).toEqual({ acquired: true });
    await releaseCloseLease(db, inlineHolder('b'));
    expect((await currentCloseLease(db))?.holder).toBe(inlineHolder('a'));
    await releaseCloseLease(db, inlineHolder('a'));
    expect(await currentCloseLease(db)).toBeUndefined();
  });

  it('a holder whose process is gone is replaced at once; a silent queued holder after the time to live', async () => {
    const { db } = store;
    const now = Date.now();
    const dead = `inline:${inlineHolder('x').split(':')[1]}:${deadPid()}:gone`;
    expect(await tryAcquireCloseLease(db, dead, '2026-09', now)).toEqual({ acquired: true });
    expect(await tryAcquireCloseLease(db, inlineHolder('c'), '2026-09', now)).toEqual({ acquired: true });
    await releaseCloseLease(db, inlineHolder('c'));
    expect(await tryAcquireCloseLease(db, 'queue:2026-09', '2026-09', now)).toEqual({ acquired: true });
    expect(await renewCloseLease(db, 'queue:2026-09', now + 1000, 'close-2026-09-all-r1')).toBe(true);
    expect(await tryAcquireCloseLease(db, inlineHolder('d'), '2026-10', now + LEASE_TTL_MS)).toMatchObject({ acquired: false, heldBy: { runKey: 'close-2026-09-all-r1' } });
    expect(await tryAcquireCloseLease(db, inlineHolder('d'), '2026-10', now + 1000 + LEASE_TTL_MS + 1)).toEqual({ acquired: true });
    expect(await renewCloseLease(db, 'queue:2026-09', now + 2000)).toBe(false);
    await releaseCloseLease(db, inlineHolder('d'));
  });

  it('a live close on this machine keeps the lease however late its heartbeat (a long transaction delays beats, not deaths)', async () => {
    const { db } = store;
    const longAgo = Date.now() - 10 * LEASE_TTL_MS;
    expect(await tryAcquireCloseLease(db, inlineHolder('busy'), '2026-09', longAgo)).toEqual({ acquired: true });
    expect(await tryAcquireCloseLease(db, inlineHolder('e'), '2026-10', Date.now())).toMatchObject({ acquired: false });
    await releaseCloseLease(db, inlineHolder('busy'));
  });

  it('eight contenders at once in one process: exactly one gets it', async () => {
    const { db } = store;
    const attempts = await Promise.all(Array.from({ length: 8 }, (_, i) => tryAcquireCloseLease(db, inlineHolder(`n${i}`), '2026-09', Date.now())));
    expect(attempts.filter((a) => a.acquired)).toHaveLength(1);
    await releaseCloseLease(db, (await currentCloseLease(db))!.holder);
  });

  it('a waiting close gives up after its timeout with a message naming the close it waited for', async () => {
    const { db } = store;
    await tryAcquireCloseLease(db, inlineHolder('holder'), '2026-09', Date.now());
    await renewCloseLease(db, inlineHolder('holder'), Date.now(), 'close-2026-09-all-r1');
    const waited: string[] = [];
    await expect(acquireCloseLease(db, { holder: inlineHolder('waiter'), period: '2026-10', timeoutMs: 300, onWaiting: (h) => waited.push(h.period) }))
      .rejects.toMatchObject({ code: 'close.lock_timeout', message: expect.stringMatching(/waiting for the close of 2026-09 \(run close-2026-09-all-r1, pid \d+ on .+\) to finish before closing 2026-10/) });
    expect(waited).toEqual(['2026-09']);
    await releaseCloseLease(db, inlineHolder('holder'));
  });
});
