import { cpSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getPeriod, listRuns, loadStatements } from '../../src/adapters/store/closeStore';
import type { Database } from '../../src/adapters/store/openDatabase';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { computePartnerBills } from '../../src/app/close/computePartnerBills';
import { prepareClose } from '../../src/app/close/prepareClose';
import { ingestDelivery } from '../../src/app/ingestDelivery';
import { runCloseInline } from '../../jobs/inlineRunner';
import type { JobContext } from '../../jobs/jobContext';
import { listFiles } from '../helpers/listFiles';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase } from '../helpers/testDatabase';

const CASES = join(__dirname, '../../fixtures/cases');
const temp = makeTempDir('close');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  temp.cleanup();
});

async function freshDb(name: string): Promise<Database> {
  const store = await openTestDatabase(`close-${name}`);
  cleanups.push(store.cleanup);
  return store.db;
}
const ctxOf = (db: Database): JobContext => ({ db, config: DEFAULT_CONFIG, now: () => '2026-11-05T04:00:00.000Z', progress: () => undefined });
const snapshot = (dir: string) => Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('closing a period on a real store (SQLite file, or PostgreSQL with RECKON_TEST_PG)', () => {
  it('a second close returns the stored run, computes nothing and writes byte-identical files', async () => {
    const db = await freshDb('twice');
    const out = join(temp.dir, 'twice-out');
    try {
      const first = await runCloseInline({ period: '2026-10', inputDir: join(CASES, 'basic-resale/input'), outDir: out }, ctxOf(db));
      const before = snapshot(join(out, '2026-10/rev-1'));
      const second = await runCloseInline({ period: '2026-10', inputDir: join(CASES, 'basic-resale/input'), outDir: out }, ctxOf(db));
      expect(first.status).toBe('closed');
      expect(second.status).toBe('already-closed');
      expect(second.lateRecords).toBe(0);
      expect(second.summary).toEqual(first.summary);
      expect(snapshot(join(out, '2026-10/rev-1'))).toEqual(before);
      expect(await listRuns(db, '2026-10')).toHaveLength(1);
    } finally {
      await db.close();
    }
  });

  it('closing a closed period again leaves issued files in place untouched and restores a deleted or altered one, lineage included', async () => {
    const db = await freshDb('reissue');
    const out = join(temp.dir, 'reissue-out');
    const dir = join(out, '2026-10/rev-1');
    try {
      await runCloseInline({ period: '2026-10', inputDir: join(CASES, 'basic-resale/input'), outDir: out }, ctxOf(db));
      const before = snapshot(dir);
      const lineage = listFiles(dir).find((f) => f.endsWith('.lineage.csv'))!;
      const statement = listFiles(dir).find((f) => f.endsWith('statement.json'))!;
      const untouched = listFiles(dir).find((f) => f.endsWith('statement.csv'))!;
      utimesSync(join(dir, untouched), new Date(0), new Date(0));
      rmSync(join(dir, lineage));
      writeFileSync(join(dir, statement), '{"tampered":true}\n');
      const again = await runCloseInline({ period: '2026-10', outDir: out }, ctxOf(db));
      expect(again.status).toBe('already-closed');
      expect(snapshot(dir)).toEqual(before);
      expect(statSync(join(dir, untouched)).mtimeMs).toBe(0);
      expect(again.emitted.files.find((f) => f.path === lineage)?.bytes).toBe(Buffer.byteLength(before[lineage]!));
    } finally {
      await db.close();
    }
  });

  it('a record arriving for a closed period leaves its statements untouched and is reported as late', async () => {
    const db = await freshDb('late');
    const out = join(temp.dir, 'late-out');
    const late = join(temp.dir, 'late-delivery');
    try {
      await runCloseInline({ period: '2026-10', inputDir: join(CASES, 'basic-resale/input'), outDir: out }, ctxOf(db));
      const before = snapshot(join(out, '2026-10/rev-1'));
      mkdirSync(late, { recursive: true });
      writeFileSync(join(late, 'consumption.csv'),
        'record_id,bill_cycle,trade_time,customer_id,trade_id,bill_type,charging_mode,service_type_code,official_amount,discount_amount,payable_amount,cash_amount\n' +
        'LATE-1,2026-10,2026-10-30T10:00:00+08:00,C1,TX-L1,5,3,hws.service.type.ec2,9.99,0,9.99,9.99\n');
      const again = await runCloseInline({ period: '2026-10', inputDir: late, outDir: out }, ctxOf(db));
      expect(again.status).toBe('already-closed');
      expect(again.lateRecords).toBe(1);
      expect(snapshot(join(out, '2026-10/rev-1'))).toEqual(before);
      expect((await getPeriod(db, '2026-10'))?.state).toBe('closed');
      // The next month has no records of its own, but a late record to book: it closes, and books it.
      const next = await runCloseInline({ period: '2026-11', outDir: out }, ctxOf(db));
      expect(next.status).toBe('closed');
      const reclosed = await runCloseInline({ period: '2026-10', outDir: out }, ctxOf(db));
      expect(reclosed.status).toBe('already-closed');
      expect(reclosed.lateRecords).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('refuses to close a month without records or late records unless allowEmpty, and closes it when asked', async () => {
    const db = await freshDb('empty');
    const out = join(temp.dir, 'empty-out');
    try {
      await runCloseInline({ period: '2026-10', inputDir: join(CASES, 'basic-resale/input'), outDir: out }, ctxOf(db));
      await expect(runCloseInline({ period: '2026-11', outDir: out }, ctxOf(db))).rejects.toMatchObject({ code: 'period.empty' });
      expect((await getPeriod(db, '2026-11'))?.state ?? 'open').toBe('open');
      const closed = await runCloseInline({ period: '2026-11', outDir: out, allowEmpty: true }, ctxOf(db));
      expect(closed.status).toBe('closed');
      expect((await getPeriod(db, '2026-11'))?.state).toBe('closed');
    } finally {
      await db.close();
    }
  });

  it('with failOn a run whose checks breach the level is not sealed, and closing again without it seals the same figures', async () => {
    const db = await freshDb('fail-on');
    const out = join(temp.dir, 'fail-on-out');
    // Its reconciliation has one warned check (DOMAIN's own worked example of incentive tiers).
    const input = join(CASES, 'incentive-tiers/input');
    try {
      const warned = await runCloseInline({ period: '2026-10', inputDir: input, outDir: out, failOn: 'warn' }, ctxOf(db));
      expect(warned.summary.checks.warn).toBeGreaterThan(0);
      expect(warned.status).toBe('held');
      expect(warned.summary.held).toMatch(/^held by --fail-on warn: /);
      expect((await getPeriod(db, '2026-10'))?.state).toBe('closing');
      expect((await listRuns(db, '2026-10')).map((r) => r.state)).toEqual(['failed']);
      const sealed = await runCloseInline({ period: '2026-10', outDir: out }, ctxOf(db));
      expect(sealed.status).toBe('closed');
      expect(sealed.summary.checks).toEqual(warned.summary.checks);
      expect((await getPeriod(db, '2026-10'))?.state).toBe('closed');
    } finally {
      await db.close();
    }
  });

  it('a close interrupted after compute is finished under the same run key, without doubling statements', async () => {
    const db = await freshDb('crash');
    const out = join(temp.dir, 'crash-out');
    try {
      await ingestDelivery(db, join(CASES, 'distributor-switch/input'), { periodHint: '2026-10', zone: DEFAULT_CONFIG.zone });
      const prepared = await prepareClose(db, DEFAULT_CONFIG, '2026-10', '2026-11-05T04:00:00.000Z');
      if (prepared.status !== 'ready') throw new Error('expected a ready close');
      await computePartnerBills(db, DEFAULT_CONFIG, prepared.run.id, prepared.partnerIds);
      expect((await getPeriod(db, '2026-10'))?.state).toBe('closing');
      const resumed = await runCloseInline({ period: '2026-10', outDir: out }, ctxOf(db));
      expect(resumed.status).toBe('closed');
      expect(resumed.summary.runKey).toBe(prepared.run.runKey);
      expect(await listRuns(db, '2026-10')).toHaveLength(1);
      expect((await loadStatements(db, prepared.run.id)).map((s) => s.subjectId)).toEqual(['D1', 'R1', 'R2']);
      const golden = join(CASES, 'distributor-switch/expected');
      expect(snapshot(join(out, '2026-10/rev-1'))).toEqual(snapshot(golden));
    } finally {
      await db.close();
    }
  });

  it('credit carried out of a closed period is brought forward into the next period', async () => {
    const db = await freshDb('credit');
    const out = join(temp.dir, 'credit-out');
    const november = join(temp.dir, 'november');
    try {
      await runCloseInline({ period: '2026-10', inputDir: join(CASES, 'credit-and-residual/input'), outDir: out }, ctxOf(db));
      cpSync(join(CASES, 'credit-and-residual/input/reference'), join(november, 'reference'), { recursive: true });
      writeFileSync(join(november, 'consumption.csv'),
        'record_id,bill_cycle,trade_time,customer_id,trade_id,bill_type,charging_mode,service_type_code,official_amount,discount_amount,payable_amount,cash_amount\n' +
        'N1,2026-11,2026-11-03T09:00:00+08:00,C22,TX-N1,5,3,hws.service.type.ec2,10.00,0,10.00,10.00\n');
      await runCloseInline({ period: '2026-11', inputDir: november, outDir: out }, ctxOf(db));
      const s = JSON.parse(readFileSync(join(out, '2026-11/rev-1/partners/P3/statement.json'), 'utf8'));
      expect(s.totals).toMatchObject({ consumption: '10.00', credit_brought_forward: '4.99', amount_due: '5.01', credit_carried: '0.00' });
    } finally {
      await db.close();
    }
  });

  it('an unreadable input file stops the close before anything is computed', async () => {
    const db = await freshDb('broken');
    const broken = join(temp.dir, 'broken');
    try {
      cpSync(join(CASES, 'basic-resale/input'), broken, { recursive: true });
      writeFileSync(join(broken, 'refunds.csv'), 'record_id,bill_cycle\nX,2026-10\n');
      await expect(runCloseInline({ period: '2026-10', inputDir: broken, outDir: join(temp.dir, 'broken-out') }, ctxOf(db)))
        .rejects.toMatchObject({ code: 'close.input_failed', message: expect.stringContaining('refunds.csv') });
      // The records that could be read are kept: their period is open, no close began.
      expect(await getPeriod(db, '2026-10')).toMatchObject({ state: 'open', revision: 0 });
      expect(Number((await db.knex('consumption_records').count({ n: '*' }))[0]!.n)).toBe(5);
    } finally {
      await db.close();
    }
  });
});
