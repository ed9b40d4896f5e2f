import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginRun, loadStatements, saveStatements } from '../../src/adapters/store/closeStore';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';

/**
 * ORDER BY on text gives code point order on both stores (SQLite BINARY; PostgreSQL columns in
 * the "C" collation whatever the database's locale), so that lists and statements come out in
 * the same order, and with the same bytes, on either.
 */
let store: TestDatabase;
beforeAll(async () => {
  store = await openTestDatabase('text-order');
});
afterAll(async () => {
  await store.cleanup();
});

describe('text order does not depend on the store or its locale', () => {
  it('subjects sort by code point', async () => {
    const { run } = await beginRun(store.db, {
      period: '2026-10', scope: 'all', revision: 1, inputFingerprint: 'f'.repeat(64), configHash: 'c'.repeat(64), startedAt: '2026-11-05T04:00:00.000Z',
    });
    const subjects = ['b', 'B', 'a-c', 'ab', '_z', 'Z', 'é', 'e', 'P-10', 'P-9', 'P10'];
    for (const subjectId of subjects) {
      await saveStatements(store.db, run.id, run.period, run.revision, 'partner', subjectId, [
        { kind: 'partner', subjectId, currency: 'CNY', totals: {}, document: {} },
      ]);
    }
    const codePointOrder = [...subjects].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    expect((await loadStatements(store.db, run.id)).map((s) => s.subjectId)).toEqual(codePointOrder);
  });

  it.runIf(process.env.RECKON_TEST_PG)('every text column of the PostgreSQL store uses the C collation', async () => {
    const result = await store.db.knex.raw(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND t.table_name NOT LIKE 'knex%'
         AND c.data_type IN ('text', 'character varying') AND c.collation_name IS DISTINCT FROM 'C'`,
    );
    expect((result as { rows: unknown[] }).rows).toEqual([]);
  });
});
