import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  beginRun, listStatementFiles, loadRunDocument, loadStatementFileContent, loadStatements, saveRunDocument, saveStatementFiles, saveStatements,
  type StoredStatement,
} from '../../src/adapters/store/closeStore';
import { openDatabase, type Database } from '../../src/adapters/store/openDatabase';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';

/**
 * Writers of a close that a queue may run several times at once (a re-delivered job, two workers
 * on one partner) leave one row set. On SQLite the calls share the one pooled connection; on
 * PostgreSQL (RECKON_TEST_PG) they go through separate connection pools, as from separate
 * worker processes, and really overlap.
 */
const N = 12;
let store: TestDatabase;
let handles: Database[];

beforeAll(async () => {
  store = await openTestDatabase('concurrent');
  handles = [store.db];
  if (store.dialect === 'postgres') {
    for (let i = 1; i < 4; i++) handles.push(await openDatabase(store.location));
  }
});
afterAll(async () => {
  for (const h of handles.slice(1)) await h.close();
  await store.cleanup();
});

const handle = (i: number): Database => handles[i % handles.length]!;
const runInput = { period: '2026-10', scope: 'all', revision: 1, inputFingerprint: 'f'.repeat(64), configHash: 'c'.repeat(64), startedAt: '2026-11-05T04:00:00.000Z' };

function statementsOf(subjectId: string, variant: number): StoredStatement[] {
  return ['CNY', 'USD'].map((currency) => ({
    kind: 'partner', subjectId, currency,
    totals: { amount_due: `${variant}.00` },
    document: { partner_id: subjectId, currency, variant },
  }));
}

describe('concurrent writes of the same keys leave one row set', () => {
  it('beginRun: one run is created, every caller gets it', async () => {
    const results = await Promise.all(Array.from({ length: N }, (_, i) => beginRun(handle(i), runInput)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.run.id)).size).toBe(1);
    expect(Number((await store.db.knex('close_runs').count({ n: '*' }))[0]!.n)).toBe(1);
    expect(await store.db.knex('periods').select('period', 'state')).toEqual([{ period: '2026-10', state: 'closing' }]);
  });

  it('saveStatements: concurrent replacements of one partner leave exactly one statement per currency', async () => {
    const { run } = await beginRun(store.db, runInput);
    await Promise.all(Array.from({ length: N }, (_, i) =>
      saveStatements(handle(i), run.id, run.period, run.revision, 'partner', i % 2 === 0 ? 'P1' : 'P2', statementsOf(i % 2 === 0 ? 'P1' : 'P2', i))));
    const stored = await loadStatements(store.db, run.id);
    expect(stored.map((s) => [s.subjectId, s.currency])).toEqual([['P1', 'CNY'], ['P1', 'USD'], ['P2', 'CNY'], ['P2', 'USD']]);
    // One writer's set per partner, never a mix of two.
    for (const subject of ['P1', 'P2']) {
      const variants = new Set(stored.filter((s) => s.subjectId === subject).map((s) => (s.document as { variant: number }).variant));
      expect(variants.size).toBe(1);
    }
    expect(Number((await store.db.knex('statements').count({ n: '*' }))[0]!.n)).toBe(4);
  });

  it('saveRunDocument and saveStatementFiles: one row per name and per path', async () => {
    const { run } = await beginRun(store.db, runInput);
    await Promise.all(Array.from({ length: N }, (_, i) => Promise.all([
      saveRunDocument(handle(i), run.id, 'reconciliation', { checks: i % 3 }),
      saveStatementFiles(handle(i), run.id, [
        { path: 'partners/P1/statement.json', sha256: 'a'.repeat(64), content: `{"v":${i}}` },
        { path: 'manifest.json', sha256: 'b'.repeat(64), content: `{"v":${i}}` },
      ]),
    ])));
    expect(await loadRunDocument(store.db, run.id, 'reconciliation')).toMatchObject({ checks: expect.any(Number) });
    expect(Number((await store.db.knex('run_documents').count({ n: '*' }))[0]!.n)).toBe(1);
    const files = await listStatementFiles(store.db, run.id);
    expect(files.map((f) => f.path)).toEqual(['manifest.json', 'partners/P1/statement.json']);
    expect(new Set(await Promise.all(files.map((f) => loadStatementFileContent(store.db, run.id, f.path)))).size).toBe(1);
  });
});
