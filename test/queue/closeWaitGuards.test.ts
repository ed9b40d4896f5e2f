import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '../../jobs/bullmq/queueConfig';
import { startWorkers, type RunningWorkers } from '../../jobs/bullmq/startWorkers';
import { getPeriod, listRuns } from '../../src/adapters/store/closeStore';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { obliterateQueues, queueEnv, queueTestConfig, reckonAsync, ROOT } from '../helpers/queueHarness';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase } from '../helpers/testDatabase';

/** `reckon close --wait` against a real Redis: no worker, --timeout, --fail-on (exit codes 4 and 3). */
const temp = makeTempDir('close-wait-guards');
// One warned check (reconciliation of DOMAIN's incentive-tier example).
const WARNED = join(ROOT, 'fixtures/cases/incentive-tiers/input');
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const c of cleanups) await c();
  temp.cleanup();
});

describe('close --wait', () => {
  it('says within seconds that no worker is connected, and --timeout ends the wait with exit 4 leaving the close queued', async () => {
    const config = queueTestConfig('no-worker');
    const store = await openTestDatabase('close-no-worker');
    cleanups.push(async () => { await obliterateQueues(config); await store.cleanup(); });
    const started = Date.now();
    const run = await reckonAsync(['close', '2026-10', '--input', WARNED, '--out', join(temp.dir, 'out-1'), '--wait', '--timeout', '6s', '--quiet'], queueEnv(config, store.location));
    expect(run.stderr).toMatch(/no worker is connected to the queues \(prefix [^)]+\): nothing will run this close until one starts/);
    expect(run.stderr).toMatch(/^reckon: \[CBC\.0999\] stopped waiting for run close-2026-10-all-r1 after 6s; the close stays queued/m);
    expect(run.code).toBe(4);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect((await getPeriod(store.db, '2026-10'))?.state ?? 'open').toBe('open');
  });

  it('--fail-on warn holds a close with a warned check (exit 3, checks printed, period not closed); --fail-on never then seals it', async () => {
    const config = queueTestConfig('fail-on');
    const store = await openTestDatabase('close-fail-on');
    let running: RunningWorkers | undefined;
    cleanups.push(async () => { await running?.close(5000); await obliterateQueues(config); await store.cleanup(); });
    running = await startWorkers(config, { db: store.db, config: DEFAULT_CONFIG, queues: QUEUE_NAMES, concurrency: 2 });
    const env = queueEnv(config, store.location);
    const out = join(temp.dir, 'out-2');
    const held = await reckonAsync(['close', '2026-10', '--input', WARNED, '--out', out, '--wait', '--fail-on', 'warn', '--quiet'], env);
    expect(held.stderr).not.toMatch(/no worker is connected/);
    expect(held.code).toBe(3);
    expect(held.stdout).toMatch(/run close-2026-10-all-r1 held by --fail-on warn: 1 warned check\(s\); 2026-10 is NOT closed/);
    expect(held.stdout).toMatch(/^ {2}WARN [a-z_.]+: 1 subject\(s\)$/m);
    expect(held.stdout).toMatch(/the period stays open: correct the inputs and close again/);
    expect((await getPeriod(store.db, '2026-10'))?.state).toBe('closing');

    const sealed = await reckonAsync(['close', '2026-10', '--out', out, '--wait', '--quiet'], env);
    expect(sealed.code).toBe(0);
    expect(sealed.stdout).toMatch(/closed 2026-10 rev-1/);
    expect((await getPeriod(store.db, '2026-10'))?.state).toBe('closed');
    expect((await listRuns(store.db, '2026-10')).map((r) => r.state)).toEqual(['completed']);
  });
});
