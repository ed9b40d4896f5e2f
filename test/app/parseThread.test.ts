import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/store/openDatabase';
import { ingestDelivery, type DeliveryReport } from '../../src/app/ingestDelivery';
import { parseThreadScript } from '../../src/app/ingest/validateInWorker';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';

/**
 * A large file is parsed and validated on a parse thread while the ingest's thread stores it.
 * The same deliveries ingested both ways must store exactly the same thing: records (payload,
 * hash, line, flags), rejects, conflicts and counts; a file failure keeps its code and line.
 */
const ZONE = 'Asia/Shanghai';
const DEMO = join(__dirname, '../../fixtures/demo/2026-10');
const FEE_HEADER = 'record_id,bill_cycle,trade_time,customer_id,trade_id,bill_type,charging_mode,service_type_code,official_amount,discount_amount,payable_amount,cash_amount';

const temp = makeTempDir('parse-thread');
const stores: TestDatabase[] = [];
afterAll(async () => {
  for (const s of stores) await s.cleanup();
  temp.cleanup();
});

async function freshStore(name: string): Promise<Database> {
  const store = await openTestDatabase(`parse-thread-${name}-${stores.length}`);
  stores.push(store);
  return store.db;
}

/** Several insert chunks (more than the parse thread may run ahead), with every kind of bad row, duplicates, a conflict and a quoted line break. */
function mixedDelivery(): string {
  const dir = join(temp.dir, 'mixed');
  mkdirSync(dir, { recursive: true });
  const rows = [FEE_HEADER];
  for (let i = 0; i < 7_500; i++) {
    const cash = (i % 7) + 1;
    rows.push(`PT${i},2026-10,2026-10-03T08:15:00+08:00,C${i % 41},T${i},5,3,ebs,${cash}.10,0,${cash}.10,${cash}.10`);
    if (i % 1000 === 17) rows.push(`PT-BAD${i},2026-10,2026-10-03T08:15:00+08:00,C1,TB${i},5,3,ebs,abc,0,1.00,1.00`);
    if (i % 1500 === 3) rows.push(`PT-RAGGED${i},2026-10`);
    if (i % 2000 === 5) rows.push(`PT${i - 2},2026-10,2026-10-03T08:15:00+08:00,C${(i - 2) % 41},T${i - 2},5,3,ebs,9.99,0,9.99,9.99`);
    if (i === 4321) rows.push(`"PT-Q\nX",2026-10,2026-10-03T08:15:00+08:00,C2,TQ,5,3,ebs,1.00,0,1.00,1.00`);
  }
  rows.push('PT10,2026-10,2026-10-03T08:15:00+08:00,C10,T10,5,3,ebs,4.10,0,4.10,4.10'); // a duplicate
  writeFileSync(join(dir, 'consumption.csv'), `${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'refunds.csv'), `${FEE_HEADER},original_trade_id\nPR1,2026-10,2026-10-04T00:00:00+08:00,C1,TR1,4,1,ebs,-1,0,-1,-1,T1\n`);
  return dir;
}

/** What a store holds after an ingest, without its surrogate ids. */
async function stored(db: Database): Promise<Record<string, unknown[]>> {
  const records = async (table: string) => db.knex(table)
    .select('record_id', 'line', 'content_hash', 'bill_cycle', 'customer_id', 'period_ok', 'extra', 'payload').orderBy('record_id');
  return {
    consumption: await records('consumption_records'),
    refunds: await records('refund_records'),
    adjustments: await records('adjustment_records'),
    rejects: await db.knex('rejects').select('file_name', 'line', 'column', 'raw_value', 'code', 'message', 'period').orderBy(['file_name', 'line', 'column', 'code']),
    conflicts: await db.knex('ingest_conflicts').select('kind', 'record_id', 'line', 'existing_hash', 'incoming_hash').orderBy(['kind', 'line']),
    references: await db.knex('reference_rows').select('kind', 'line', 'data').orderBy(['kind', 'line']),
  };
}

const summary = (report: DeliveryReport) => report.files.map(({ fileName, status, rowsRead, accepted, rejected, duplicates, conflicts, error }) =>
  ({ fileName, status, rowsRead, accepted, rejected, duplicates, conflicts, error }));

describe('parse thread', () => {
  beforeAll(() => {
    expect(parseThreadScript(), 'the compiled parse thread (npm run build)').toBeDefined();
  });

  for (const [name, dirOf] of [['a delivery with bad rows, duplicates and a conflict', mixedDelivery], ['the demo month', () => DEMO]] as const) {
    it(`stores ${name} exactly as parsing on the ingest's thread does`, async () => {
      const dir = dirOf();
      const here = await freshStore('here');
      const thread = await freshStore('thread');
      const a = await ingestDelivery(here, dir, { zone: ZONE, periodHint: '2026-10', parse: 'here' });
      const b = await ingestDelivery(thread, dir, { zone: ZONE, periodHint: '2026-10', parse: 'thread' });
      expect(summary(b)).toEqual(summary(a));
      const expected = await stored(here);
      expect(expected.consumption!.length).toBeGreaterThan(0);
      expect(await stored(thread)).toEqual(expected);
    }, 60_000);
  }

  it('the mixed delivery really has rejects, a duplicate and conflicts', async () => {
    const db = await freshStore('check');
    const report = await ingestDelivery(db, mixedDelivery(), { zone: ZONE, periodHint: '2026-10', parse: 'thread' });
    const file = report.files.find((f) => f.fileName === 'consumption.csv')!;
    expect(file.rejected).toBe(8 + 5);
    expect(file.duplicates).toBe(1);
    expect(file.conflicts).toBe(4);
    expect(file.accepted).toBe(7_501);
  }, 60_000);

  it('a file the parse thread cannot read fails with its code and line, and the other files go on', async () => {
    const dir = join(temp.dir, 'broken');
    mkdirSync(dir, { recursive: true });
    const good = Array.from({ length: 3_000 }, (_, i) => `PB${i},2026-10,2026-10-03T08:15:00+08:00,C1,TB${i},5,3,ebs,1.00,0,1.00,1.00`);
    writeFileSync(join(dir, 'consumption.csv'), `${[FEE_HEADER, ...good, 'PBX,2026-10,"unclosed'].join('\n')}\n`);
    writeFileSync(join(dir, 'refunds.csv'), 'record_id,nonsense\nX,1\n');
    writeFileSync(join(dir, 'adjustments.csv'), 'record_id,bill_cycle,trade_time,customer_id,currency,adjustment_type,amount\nPA1,2026-10,2026-10-05T00:00:00+08:00,C1,CNY,compensation,-1.00\n');
    const db = await freshStore('broken');
    const report = await ingestDelivery(db, dir, { zone: ZONE, periodHint: '2026-10', parse: 'thread' });
    const byName = new Map(report.files.map((f) => [f.fileName, f]));
    expect(byName.get('consumption.csv')).toMatchObject({ status: 'failed', accepted: 0, error: { code: 'file.csv' } });
    expect(byName.get('consumption.csv')!.error!.message).toMatch(/consumption\.csv line 3002/);
    expect(byName.get('refunds.csv')).toMatchObject({ status: 'failed', error: { code: 'file.header' } });
    expect(byName.get('adjustments.csv')).toMatchObject({ status: 'ingested', rowsRead: 1 });
    // Nothing of a failed file is kept.
    expect(Number((await db.knex('consumption_records').count({ n: '*' }))[0]!.n)).toBe(0);
  }, 60_000);
});
