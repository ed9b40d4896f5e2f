import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRunByKey, getPeriod, listRuns, loadStatements } from '../../src/adapters/store/closeStore';
import type { Database } from '../../src/adapters/store/openDatabase';
import { reopenPeriod } from '../../src/adapters/store/periodLifecycle';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { ingestDelivery } from '../../src/app/ingestDelivery';
import { runDryClose } from '../../jobs/dryRunClose';
import { runCloseInline } from '../../jobs/inlineRunner';
import type { JobContext } from '../../jobs/jobContext';
import { listFiles } from '../helpers/listFiles';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase } from '../helpers/testDatabase';

const INPUT = join(__dirname, '../../fixtures/cases/basic-resale/input');
const temp = makeTempDir('lifecycle');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  temp.cleanup();
});

async function freshDb(name: string): Promise<Database> {
  const store = await openTestDatabase(`lifecycle-${name}`);
  cleanups.push(store.cleanup);
  return store.db;
}
/** A runner whose clock reads `at`: arrival times and run instants are under the test's control. */
const ctxAt = (db: Database, at: string): JobContext => ({ db, config: DEFAULT_CONFIG, now: () => at, progress: () => undefined });
const snapshot = (dir: string) => Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

const REFUND_HEADER = 'record_id,bill_cycle,trade_time,customer_id,trade_id,bill_type,charging_mode,service_type_code,region_code,official_amount,discount_amount,payable_amount,cash_amount,coupon_amount,original_trade_id,refund_reason\n';

/** A delivery holding one refund of October's order ORD-1 (customer C1): late once October is closed. */
function lateRefundDelivery(name: string): string {
  const dir = join(temp.dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'refunds.csv'), `${REFUND_HEADER}F9,2026-10,2026-10-28T10:00:00+08:00,C1,RF-9,4,1,hws.service.type.ec2,cn-north-4,6.00,1.00,5.00,5.00,0,ORD-1,unsubscribe\n`);
  return dir;
}

/** Every row of every table, in a fixed order: the store's content, whatever the dialect. */
async function dumpStore(db: Database): Promise<string> {
  const tables = db.dialect === 'postgres'
    ? (await db.knex.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1")).rows
    : await db.knex.raw("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1");
  const parts: string[] = [];
  for (const { name } of tables as { name: string }[]) {
    const rows = await db.knex(name).select('*');
    parts.push(`${name} ${JSON.stringify(rows.map((r: Record<string, unknown>) => JSON.stringify(r)).sort())}`);
  }
  return parts.join('\n');
}

function partnerOf(dir: string): string {
  const partner = listFiles(dir).find((f) => f.startsWith('partners/') && f.endsWith('/statement.json'));
  if (!partner) throw new Error(`no partner statement under ${dir}`);
  return partner;
}

describe('period lifecycle (DOMAIN §3) on a real store', () => {
  it('a late refund for a closed month is booked next month as a prior-period correction naming its period', async () => {
    const db = await freshDb('late');
    const out = join(temp.dir, 'late-out');
    try {
      await runCloseInline({ period: '2026-10', inputDir: INPUT, outDir: out }, ctxAt(db, '2026-11-05T04:00:00.000Z'));
      const october = snapshot(join(out, '2026-10/rev-1'));
      await ingestDelivery(db, lateRefundDelivery('late-refund'), { zone: DEFAULT_CONFIG.zone, now: () => new Date('2026-11-10T02:00:00.000Z') });
      const november = await runCloseInline({ period: '2026-11', outDir: out }, ctxAt(db, '2026-12-05T04:00:00.000Z'));
      expect(november.status).toBe('closed');

      const rev = join(out, '2026-11/rev-1');
      const statement = JSON.parse(readFileSync(join(rev, partnerOf(join(out, '2026-10/rev-1'))), 'utf8'));
      expect(statement.period).toBe('2026-11');
      expect(statement.totals.corrections).toBe('-5.00');
      expect(statement.corrections.lines).toEqual([expect.objectContaining({ original_period: '2026-10', amount: '-5.00' })]);
      const late = JSON.parse(readFileSync(join(rev, 'reconciliation.json'), 'utf8')).checks.filter((c: { check: string }) => c.check === 'record.late');
      expect(late).toEqual([expect.objectContaining({ status: 'warn', subject: '2026-10 refund', records: ['F9'] })]);
      // October is closed: its files and statements are as issued, and the refund is not counted twice.
      expect(snapshot(join(out, '2026-10/rev-1'))).toEqual(october);
      const again = await runCloseInline({ period: '2026-10', outDir: out }, ctxAt(db, '2026-12-06T04:00:00.000Z'));
      expect(again.status).toBe('already-closed');
    } finally {
      await db.close();
    }
  });

  it('reopen → rev-2 with a diff, rev-1 intact; preview commits nothing; --as-of reproduces rev-1; closed data cannot be modified', async () => {
    const db = await freshDb('reopen');
    const out = join(temp.dir, 'reopen-out');
    try {
      const first = await runCloseInline({ period: '2026-10', inputDir: INPUT, outDir: out }, ctxAt(db, '2026-11-05T04:00:00.000Z'));
      expect(first.status).toBe('closed');
      const rev1 = snapshot(join(out, '2026-10/rev-1'));
      const file = partnerOf(join(out, '2026-10/rev-1'));
      const refundsBefore = JSON.parse(rev1[file]!).totals.refunds as string;

      // Preview of the reopened close with the late refund: the diff is computed, the store is untouched.
      const storeBefore = await dumpStore(db);
      const preview = await runDryClose({ period: '2026-10', inputDir: lateRefundDelivery('preview'), outDir: join(temp.dir, 'preview-out') },
        ctxAt(db, '2026-11-09T00:00:00.000Z'), { kind: 'preview' });
      expect(preview.diff.from_revision).toBe(1);
      expect(preview.diff.to_revision).toBe(2);
      expect(preview.diff.statements.map((s) => s.file)).toContain(file);
      expect(await dumpStore(db)).toBe(storeBefore);
      expect((await getPeriod(db, '2026-10'))?.state).toBe('closed');

      await ingestDelivery(db, lateRefundDelivery('late'), { zone: DEFAULT_CONFIG.zone, now: () => new Date('2026-11-10T02:00:00.000Z') });
      await reopenPeriod(db, { period: '2026-10', reason: 'late refund F9', actor: 'test', at: '2026-11-11T00:00:00.000Z' });
      expect((await getPeriod(db, '2026-10'))?.state).toBe('open');
      const second = await runCloseInline({ period: '2026-10', outDir: out }, ctxAt(db, '2026-11-11T01:00:00.000Z'));
      expect(second.status).toBe('closed');
      expect(second.summary.revision).toBe(2);

      // rev-2 carries the refund and a diff naming the changed figure and the record behind it.
      const rev2 = join(out, '2026-10/rev-2');
      const statement = JSON.parse(readFileSync(join(rev2, file), 'utf8'));
      expect(statement.revision).toBe(2);
      const diff = JSON.parse(readFileSync(join(rev2, 'diff.json'), 'utf8'));
      expect(diff).toMatchObject({ period: '2026-10', from_revision: 1, to_revision: 2, first_close: false });
      const changed = diff.statements.find((s: { file: string }) => s.file === file);
      const refunds = changed.changes.find((c: { field: string }) => c.field === 'totals.refunds');
      expect(refunds).toMatchObject({ old: refundsBefore, new: statement.totals.refunds, difference: '-5.00' });
      expect(changed.records_added).toContain('F9');
      expect(readFileSync(join(rev2, 'diff.csv'), 'utf8')).toContain('totals.refunds');
      expect(JSON.parse(readFileSync(join(rev2, 'manifest.json'), 'utf8')).files.map((f: { path: string }) => f.path)).toContain('diff.json');
      // rev-1 untouched on disk and in the store.
      expect(snapshot(join(out, '2026-10/rev-1'))).toEqual(rev1);
      const rev1Run = await findRunByKey(db, first.summary.runKey);
      expect(JSON.parse(JSON.stringify((await loadStatements(db, rev1Run!.id, 'partner'))[0]!.document)).revision).toBe(1);

      // As of a moment between rev-1 and the late delivery: rev-1, byte for byte.
      const asOf = await runDryClose({ period: '2026-10', outDir: join(temp.dir, 'as-of') }, ctxAt(db, '2026-11-12T00:00:00.000Z'),
        { kind: 'as-of', asOf: '2026-11-06T00:00:00.000Z' });
      expect(asOf.reproduces).toEqual({ revision: 1, committed: true, identical: true, differing: [] });
      expect(snapshot(join(temp.dir, 'as-of/2026-10/rev-1'))).toEqual(rev1);
      // As of now: rev-2.
      const asOfNow = await runDryClose({ period: '2026-10', outDir: join(temp.dir, 'as-of-now') }, ctxAt(db, '2026-11-12T00:00:00.000Z'),
        { kind: 'as-of', asOf: '2026-11-12T00:00:00.000Z' });
      expect(asOfNow.reproduces).toMatchObject({ revision: 2, identical: true });

      // The store refuses to change what a closed revision issued, whoever asks.
      const runId = rev1Run!.id;
      await expect(db.knex('statements').where({ run_id: runId }).update({ totals: '{}' })).rejects.toThrow(/reckon\.closed/);
      await expect(db.knex('statements').where({ run_id: runId }).delete()).rejects.toThrow(/reckon\.closed/);
      await expect(db.knex('statement_files').where({ run_id: runId }).update({ content: 'x' })).rejects.toThrow(/reckon\.closed/);
      await expect(db.knex('run_documents').where({ run_id: runId }).delete()).rejects.toThrow(/reckon\.closed/);
      await expect(db.knex('close_runs').where({ id: runId }).update({ state: 'failed' })).rejects.toThrow(/reckon\.closed/);
      await expect(db.knex('refund_records').where({ record_id: 'F1' }).update({ line: 99 })).rejects.toThrow(/reckon\.closed/);
      await expect(db.knex('consumption_records').where({ bill_cycle: '2026-10' }).delete()).rejects.toThrow(/reckon\.closed/);
      await expect(db.knex('statements').insert({
        run_id: runId, period: '2026-10', revision: 1, kind: 'partner', subject_id: 'X', currency: 'CNY', totals: '{}', document: '{}',
      })).rejects.toThrow(/reckon\.closed/);
      expect(snapshot(join(out, '2026-10/rev-1'))).toEqual(rev1);

      // Reopened again with nothing new: the close says so and issues no rev-3.
      await reopenPeriod(db, { period: '2026-10', reason: 'check', actor: 'test', at: '2026-11-13T00:00:00.000Z' });
      const third = await runCloseInline({ period: '2026-10', outDir: out }, ctxAt(db, '2026-11-13T01:00:00.000Z'));
      expect(third.status).toBe('unchanged');
      expect(third.summary.revision).toBe(2);
      expect(existsSync(join(out, '2026-10/rev-3'))).toBe(false);
      expect((await getPeriod(db, '2026-10'))).toMatchObject({ state: 'closed', revision: 2 });
      expect((await listRuns(db, '2026-10')).filter((r) => r.sealed)).toHaveLength(2);
    } finally {
      await db.close();
    }
  });

  it('a later period cannot close while an earlier one is reopened', async () => {
    const db = await freshDb('blocked');
    const out = join(temp.dir, 'blocked-out');
    try {
      await runCloseInline({ period: '2026-10', inputDir: INPUT, outDir: out }, ctxAt(db, '2026-11-05T04:00:00.000Z'));
      await reopenPeriod(db, { period: '2026-10', reason: 'x', actor: 'test', at: '2026-11-06T00:00:00.000Z' });
      await expect(runCloseInline({ period: '2026-11', outDir: out }, ctxAt(db, '2026-12-05T04:00:00.000Z')))
        .rejects.toMatchObject({ code: 'period.blocked', message: expect.stringContaining('2026-10 is reopened') });
      await expect(reopenPeriod(db, { period: '2026-10', reason: 'x', actor: 'test', at: '2026-11-07T00:00:00.000Z' }))
        .rejects.toMatchObject({ code: 'period.not_closed' });
    } finally {
      await db.close();
    }
  });
});
