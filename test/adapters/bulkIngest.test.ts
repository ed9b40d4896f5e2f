import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/store/openDatabase';
import { ingestDelivery, type DeliveryReport } from '../../src/app/ingestDelivery';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';

/**
 * Deliveries large enough that the record writer splits them into several statements on either
 * store (SQLite: 1 000 rows; PostgreSQL: up to 65 535 bound values, 4 681 rows of a refund), with
 * duplicates and conflicts spread over several statements, and the same delivery ingested by two
 * writers at once (on PostgreSQL through separate connection pools, as from two workers).
 */
const ZONE = 'Asia/Shanghai';
const CONSUMPTIONS = 12_000;
const REFUNDS = 10_000;
const FEE_HEADER = 'record_id,bill_cycle,trade_time,customer_id,trade_id,bill_type,charging_mode,service_type_code,official_amount,discount_amount,payable_amount,cash_amount';

const temp = makeTempDir('bulk');
let store: TestDatabase;
let db: Database;

function writeDelivery(name: string, prefix: string, change: (i: number) => boolean): string {
  const dir = join(temp.dir, name);
  mkdirSync(dir, { recursive: true });
  const consumption = [FEE_HEADER];
  for (let i = 0; i < CONSUMPTIONS; i++) {
    const cash = change(i) ? '2.00' : '1.00';
    consumption.push(`${prefix}B${i},2026-10,2026-10-03T08:15:00+08:00,C${i % 97},${prefix}T${i},5,3,ebs,${cash},0,${cash},${cash}`);
  }
  // The first 1 500 rows once more at the end: duplicates of rows written by earlier statements.
  for (let i = 0; i < 1500; i++) consumption.push(`${prefix}B${i},2026-10,2026-10-03T08:15:00+08:00,C${i % 97},${prefix}T${i},5,3,ebs,1.00,0,1.00,1.00`);
  const refunds = [`${FEE_HEADER},original_trade_id`];
  for (let i = 0; i < REFUNDS; i++) refunds.push(`${prefix}G${i},2026-10,2026-10-04T00:00:00+08:00,C${i % 97},${prefix}TG${i},4,1,ebs,1,0,1,1,${prefix}T${i}`);
  writeFileSync(join(dir, 'consumption.csv'), `${consumption.join('\n')}\n`);
  writeFileSync(join(dir, 'refunds.csv'), `${refunds.join('\n')}\n`);
  return dir;
}

const count = async (table: string) => Number((await db.knex(table).count({ n: '*' }))[0]!.n);
const fileOf = (report: DeliveryReport, name: string) => report.files.find((f) => f.fileName === name)!;

beforeAll(async () => {
  store = await openTestDatabase('bulk');
  db = store.db;
});
afterAll(async () => {
  await store.cleanup();
  temp.cleanup();
});

describe('bulk ingest on the test store', () => {
  it('writes every record once across statements; in-file repeats are duplicates', async () => {
    const report = await ingestDelivery(db, writeDelivery('d1', '', () => false), { zone: ZONE, periodHint: '2026-10' });
    expect(fileOf(report, 'consumption.csv')).toMatchObject({ status: 'ingested', rowsRead: CONSUMPTIONS + 1500, accepted: CONSUMPTIONS, duplicates: 1500, conflicts: 0 });
    expect(fileOf(report, 'refunds.csv')).toMatchObject({ status: 'ingested', rowsRead: REFUNDS, accepted: REFUNDS });
    expect(await count('consumption_records')).toBe(CONSUMPTIONS);
    expect(await count('refund_records')).toBe(REFUNDS);
  });

  it('a re-delivery with other content for every third record: conflicts, the stored records unchanged', async () => {
    const report = await ingestDelivery(db, writeDelivery('d2', '', (i) => i % 3 === 0), { zone: ZONE, periodHint: '2026-10' });
    const conflicts = Math.ceil(CONSUMPTIONS / 3);
    expect(fileOf(report, 'consumption.csv')).toMatchObject({ accepted: 0, conflicts, duplicates: CONSUMPTIONS - conflicts + 1500 });
    expect(fileOf(report, 'refunds.csv').status).toBe('already-ingested');
    expect(await count('ingest_conflicts')).toBe(conflicts);
    expect(await count('consumption_records')).toBe(CONSUMPTIONS);
  });

  it('two writers ingesting the same new delivery at once store each file and record once', async () => {
    const dir = writeDelivery('d3', 'N', () => false);
    const other = store.dialect === 'postgres' ? await openDatabase(store.location) : db;
    try {
      const reports = await Promise.all([db, other].map((h) => ingestDelivery(h, dir, { zone: ZONE, periodHint: '2026-10' })));
      const statuses = reports.map((r) => fileOf(r, 'consumption.csv').status).sort();
      expect(statuses).toEqual(['already-ingested', 'ingested']);
      const accepted = reports.map((r) => fileOf(r, 'consumption.csv').accepted + fileOf(r, 'refunds.csv').accepted);
      expect(accepted.reduce((a, b) => a + b, 0)).toBe(CONSUMPTIONS + REFUNDS);
    } finally {
      if (other !== db) await other.close();
    }
    expect(await count('consumption_records')).toBe(2 * CONSUMPTIONS);
    expect(await count('refund_records')).toBe(2 * REFUNDS);
  });
});
