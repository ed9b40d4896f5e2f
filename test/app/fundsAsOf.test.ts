import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reopenPeriod } from '../../src/adapters/store/periodLifecycle';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { runDryClose } from '../../jobs/dryRunClose';
import { runCloseInline } from '../../jobs/inlineRunner';
import type { JobContext } from '../../jobs/jobContext';
import type { Database } from '../../src/adapters/store/openDatabase';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase } from '../helpers/testDatabase';

/** Partner funds carried across a revised month, recomputed as of an instant (docs/partner-funds.md, docs/lifecycle.md). */
const CASE = join(__dirname, '../../fixtures/cases/distributor-switch/input');
const temp = makeTempDir('funds-as-of');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  temp.cleanup();
});

const ctxAt = (db: Database, at: string): JobContext => ({ db, config: DEFAULT_CONFIG, now: () => at, progress: () => undefined });
const d1Totals = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { totals: Record<string, string> }).totals;

describe('fund openings of a recomputation as of an instant', () => {
  it('come from the earlier month\'s revision in force at that instant, not from a revision sealed after it', async () => {
    const store = await openTestDatabase('funds-as-of');
    cleanups.push(store.cleanup);
    const { db } = store;
    const out = join(temp.dir, 'out');
    // October rev-1, sealed on 11-05: D1 closes at 520.00.
    await runCloseInline({ period: '2026-10', inputDir: CASE, outDir: out }, ctxAt(db, '2026-11-05T00:00:00.000Z'));
    expect(d1Totals(join(out, '2026-10/rev-1/partners/D1/account-activity.json')).closing_balance).toBe('520.00');
    // October reopened on 11-10 for a top-up of 100.00 that was missed: rev-2 closes D1 at 620.00.
    await reopenPeriod(db, { period: '2026-10', reason: 'missed top-up', actor: 'test', at: '2026-11-10T00:00:00.000Z' });
    const topup = join(temp.dir, 'topup');
    cpSync(CASE, topup, { recursive: true });
    writeFileSync(join(topup, 'fund-movements.csv'), `${readFileSync(join(CASE, 'fund-movements.csv'), 'utf8')}FM-09,2026-10-30T09:00:00+08:00,D1,topup,,,100.00,CNY,missed\n`);
    await runCloseInline({ period: '2026-10', inputDir: topup, outDir: out }, ctxAt(db, '2026-11-10T01:00:00.000Z'));
    expect(d1Totals(join(out, '2026-10/rev-2/partners/D1/account-activity.json')).closing_balance).toBe('620.00');
    await runCloseInline({ period: '2026-11', outDir: out, allowEmpty: true }, ctxAt(db, '2026-12-05T00:00:00.000Z'));
    expect(d1Totals(join(out, '2026-11/rev-1/partners/D1/account-activity.json')).opening_balance).toBe('620.00');

    // November as of 11-06, when October rev-1 was in force: it opens at rev-1's 520.00.
    await runDryClose({ period: '2026-11', outDir: join(temp.dir, 'as-of-1106'), allowEmpty: true }, ctxAt(db, '2026-12-06T00:00:00.000Z'),
      { kind: 'as-of', asOf: '2026-11-06T00:00:00.000Z' });
    expect(d1Totals(join(temp.dir, 'as-of-1106/2026-11/rev-1/partners/D1/account-activity.json')).opening_balance).toBe('520.00');
    // As of now it reproduces the issued November byte for byte.
    const now = await runDryClose({ period: '2026-11', outDir: join(temp.dir, 'as-of-now'), allowEmpty: true }, ctxAt(db, '2026-12-06T00:00:00.000Z'),
      { kind: 'as-of', asOf: '2026-12-06T00:00:00.000Z' });
    expect(now.reproduces).toEqual({ revision: 1, committed: true, identical: true, differing: [] });
  });
});
