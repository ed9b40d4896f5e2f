import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getPeriod, listRuns } from '../../src/adapters/store/closeStore';
import type { Database } from '../../src/adapters/store/openDatabase';
import { listParkedPartners } from '../../src/adapters/store/parkedPartners';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { runCloseInline } from '../../jobs/inlineRunner';
import type { JobContext } from '../../jobs/jobContext';
import { listFiles } from '../helpers/listFiles';
import { brokenDemo, parentFixDelivery } from '../helpers/parkedFixtures';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase } from '../helpers/testDatabase';

const temp = makeTempDir('parked');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  temp.cleanup();
});

const ctxOf = (db: Database): JobContext => ({ db, config: DEFAULT_CONFIG, now: () => '2026-11-05T04:00:00.000Z', progress: () => undefined });
const snapshot = (dir: string) => Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
const statementIds = async (db: Database, runId: number) =>
  Object.fromEntries((await db.knex('statements').where({ run_id: runId }).select('id', 'subject_id')).map((r) => [r.subject_id, Number(r.id)]));

describe('the inline runner parks a partner whose compute fails and finishes the rest', () => {
  it('parks P-R12 (unknown parent), closes nothing, retries only it, then closes once the parent is delivered', async () => {
    const store = await openTestDatabase('parked-inline');
    cleanups.push(store.cleanup);
    const db = store.db;
    const broken = brokenDemo(join(temp.dir, 'broken'));
    const out = join(temp.dir, 'out');
    const first = await runCloseInline({ period: '2026-10', inputDir: broken, outDir: out }, ctxOf(db));
    expect(first.status).toBe('parked');
    expect(first.summary.parked).toEqual([expect.objectContaining({ partnerId: 'P-R12', code: 'bill.partner_reference' })]);
    expect((await getPeriod(db, '2026-10'))?.state).toBe('closing');
    const rev = join(out, '2026-10/rev-1');
    const files = listFiles(rev);
    expect(files).toContain('partners/P-D01/statement.json');
    expect(files.some((f) => f.startsWith('partners/P-R12/'))).toBe(false);
    const report = JSON.parse(readFileSync(join(rev, 'reconciliation.json'), 'utf8'));
    const rows = (report.checks ?? report).filter((c: { check: string }) => c.check === 'run.parked');
    expect(rows).toEqual([expect.objectContaining({ status: 'fail', subject: 'P-R12', actual: expect.stringContaining('bill.partner_reference') })]);
    const runId = (await listRuns(db, '2026-10'))[0]!.id;
    const before = { ids: await statementIds(db, runId), files: snapshot(rev) };

    const again = await runCloseInline({ period: '2026-10', outDir: out }, ctxOf(db));
    expect(again.status).toBe('parked');
    expect(await statementIds(db, runId)).toEqual(before.ids); // nobody else was computed again
    expect((await listParkedPartners(db, runId))[0]).toMatchObject({ partnerId: 'P-R12', failures: 2 });

    const fixed = parentFixDelivery(broken, join(temp.dir, 'fix'));
    const last = await runCloseInline({ period: '2026-10', inputDir: fixed, outDir: out }, ctxOf(db));
    expect(last.status).toBe('closed');
    expect(last.summary.runKey).toBe('close-2026-10-all-r1');
    expect(await listRuns(db, '2026-10')).toHaveLength(1);
    expect((await getPeriod(db, '2026-10'))?.state).toBe('closed');
    expect(await listParkedPartners(db, runId)).toEqual([]);
    const after = snapshot(rev);
    for (const f of Object.keys(before.files).filter((f) => f.startsWith('partners/'))) expect(after[f], f).toBe(before.files[f]);
    expect(Object.keys(after)).toContain('partners/P-R12/statement.json');
    expect(Object.keys(after)).toContain('partners/P-D99/statement.json');
  });
});
