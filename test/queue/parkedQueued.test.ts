import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockingConnection } from '../../jobs/bullmq/connections';
import { QUEUE_NAMES } from '../../jobs/bullmq/queueConfig';
import { startWorkers, type RunningWorkers } from '../../jobs/bullmq/startWorkers';
import { getPeriod, listRuns } from '../../src/adapters/store/closeStore';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { brokenDemo, parentFixDelivery } from '../helpers/parkedFixtures';
import { obliterateQueues, queueEnv, queueTestConfig, reckonAsync } from '../helpers/queueHarness';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';

/** Parking through BullMQ and the CLI: `reckon close --wait`, `reckon status`, `reckon runs`, manual retries. */
const config = queueTestConfig('parked');
const temp = makeTempDir('parked-queued');
let store: TestDatabase;
let running: RunningWorkers;

beforeAll(async () => {
  store = await openTestDatabase('parked-queued');
  running = await startWorkers(config, { db: store.db, config: DEFAULT_CONFIG, queues: QUEUE_NAMES, concurrency: 2 });
});

afterAll(async () => {
  await running?.close(5000);
  await obliterateQueues(config);
  await store?.cleanup();
  temp.cleanup();
});

const statementIds = async () => Object.fromEntries(
  (await store.db.knex('statements').select('id', 'subject_id')).map((r) => [r.subject_id, Number(r.id)]));

async function computeJobIds(): Promise<string[]> {
  const connection = blockingConnection(config);
  const queue = new Queue('compute', { connection, prefix: config.prefix });
  try {
    return (await queue.getJobs(['completed', 'failed'])).map((j) => String(j.id)).sort();
  } finally {
    await queue.close();
    await connection.quit();
  }
}

describe('a partner whose compute fails, through the queue', () => {
  it('is parked and named by the run report and status; a retry computes only it; the fixed parent lets the period close', async () => {
    const env = queueEnv(config, store.location);
    const broken = brokenDemo(join(temp.dir, 'broken'));
    const out = join(temp.dir, 'out');
    const first = await reckonAsync(['close', '2026-10', '--input', broken, '--out', out, '--wait', '--quiet'], env);
    expect(first.stderr).not.toMatch(/internal error/);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/parked partner P-R12: bill\.partner_reference/);
    expect(first.stdout).toMatch(/2026-10 is NOT closed/);
    expect(existsSync(join(out, '2026-10/rev-1/partners/P-D01/statement.json'))).toBe(true);
    expect(existsSync(join(out, '2026-10/rev-1/partners/P-R12'))).toBe(false);
    const status = await reckonAsync(['status', '2026-10'], env);
    expect(status.stdout).toMatch(/closing/);
    expect(status.stdout).toMatch(/parked partner P-R12: bill\.partner_reference/);
    const before = await statementIds();

    const retry = await reckonAsync(['close', '2026-10', '--out', out, '--wait', '--quiet'], env);
    expect(retry.stderr).not.toMatch(/internal error/);
    expect(retry.code).toBe(1);
    expect(retry.stdout).toMatch(/parked partner P-R12: bill\.partner_reference/);
    expect(await statementIds()).toEqual(before);
    expect((await computeJobIds()).filter((id) => id.includes('-retry1-'))).toEqual(['compute-2026-10-all-r1-retry1-P-R12']);

    const fixed = parentFixDelivery(broken, join(temp.dir, 'fix'));
    const last = await reckonAsync(['close', '2026-10', '--input', fixed, '--out', out, '--wait', '--quiet'], env);
    expect(last.stderr).toBe('');
    expect(last.code).toBe(0);
    expect(last.stdout).toMatch(/closed 2026-10 rev-1/);
    expect((await getPeriod(store.db, '2026-10'))?.state).toBe('closed');
    expect(await listRuns(store.db, '2026-10')).toHaveLength(1);
    const after = await statementIds();
    for (const [partner, id] of Object.entries(before)) expect(after[partner], partner).toBe(id);
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), 'P-D99', 'P-R12'].sort());
    const runs = await reckonAsync(['runs', '--period', '2026-10'], env);
    expect(runs.stdout).toMatch(/close-2026-10-all-r1 +completed +/);
  });
});
