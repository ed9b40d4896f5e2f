import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileStatsForPeriod, listConflicts, listRejects } from '../../src/adapters/store/deliveryStore';
import type { Database } from '../../src/adapters/store/openDatabase';
import { adjustmentRecordFromRow, feeRecordFromRow } from '../../src/adapters/store/recordRows';
import { loadReferenceData } from '../../src/adapters/store/referenceStore';
import { canonicalRecordJson, hashCanonicalJson } from '../../src/domain/records/contentHash';
import { IngestError, ingestDelivery, type DeliveryReport } from '../../src/app/ingestDelivery';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';

const ZONE = 'Asia/Shanghai';
const CONSUMPTION_HEADER = 'record_id,bill_cycle,trade_time,customer_id,customer_name,trade_id,bill_type,charging_mode,service_type_code,official_amount,discount_amount,payable_amount,cash_amount,note';
const CONSUMPTION = [
  `\uFEFF${CONSUMPTION_HEADER}`,
  'R1,2026-10,2026-10-03T08:15:00+08:00,C1,"Acme, Inc.",T1,5,3,ebs,12.50,2.50,10,10,first',
  'R2,2026-10,2026-10-31T23:59:59+08:00,C1,"Multi\r\nline",T2,usage,on-demand,ebs,1.3E-9,0,1.3E-9,1.3E-9,',
  'R3,2026-10,2026-11-01T00:00:00+08:00,C2,,T3,5,3,ebs,5,0,5,4,', // period outside, A1 broken: still accepted
  'R4,2026-10,2026-10-03T08:15:00+08:00,C2,,T4,5,3,ebs,"12,50",0,10,10,', // bad amount
  'R5,2026-13,not-a-time,C2,,T5,99,3,ebs,1,0,1,1,', // several problems, one rejected row
  'R6,2026-10,2026-10-03T08:15:00+08:00,C2,,T6,5,3', // ragged
  'R1,2026-10,2026-10-03T08:15:00+08:00,C1,"Acme, Inc.",T1,5,3,ebs,12.5,2.5,10.00,10,other note', // duplicate of R1
  '',
].join('\r\n');
const REFUNDS = 'record_id,bill_cycle,trade_time,customer_id,trade_id,bill_type,charging_mode,service_type_code,official_amount,discount_amount,payable_amount,cash_amount,original_trade_id\n' +
  'F1,2026-10,2026-10-04T00:00:00+08:00,C1,TF1,4,1,ebs,10,0,10,10,T1\n';
const ADJUSTMENTS = 'record_id,bill_cycle,trade_time,customer_id,adjustment_type,amount\nA1,2026-10,2026-10-05T00:00:00+08:00,C1,compensation,3\nA2,2026-10,2026-10-05T00:00:00+08:00,C1,charge,0\n';
const PARTNERS = 'partner_id,name,roles\nP1,Partner One,distributor;reseller\n';
const ASSOCIATIONS = 'customer_id,partner_id,association_type,valid_from,valid_to\nC1,P1,resale,2026-01-01,\nC2,P1,referral,2026-01-01T00:00:00+08:00,2027-01-01\n';

let root: string;
let store: TestDatabase;
let db: Database;

async function writeDelivery(name: string, files: Record<string, string | Buffer>): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, 'reference'), { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(join(dir, file), content);
  return dir;
}

const fileOf = (report: DeliveryReport, name: string) => report.files.find((f) => f.fileName === name)!;
const countOf = async (table: string) => Number((await db.knex(table).count({ n: '*' }))[0]!.n);

/** A stored fee record: its row and the record rebuilt from the payload, checked against its own hash. */
async function storedRecord(table: 'consumption_records' | 'refund_records', recordId: string) {
  const row = await db.knex(table).where({ record_id: recordId }).first();
  const record = feeRecordFromRow(row, table === 'consumption_records' ? 'consumption' : 'refund');
  expect(canonicalRecordJson(record)).toBe(row.payload);
  expect(hashCanonicalJson(row.payload)).toBe(row.content_hash);
  expect(row).toMatchObject({ record_id: record.recordId, bill_cycle: record.billCycle, customer_id: record.customerId, trade_id: record.tradeId });
  expect(Number(row.trade_time_ms)).toBe(record.tradeTimeMs); // BIGINT: a string on PostgreSQL
  return { row, record };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'reckon-ingest-'));
  store = await openTestDatabase('ingest');
  db = store.db;
});
afterAll(async () => {
  await store.cleanup();
  await rm(root, { recursive: true, force: true });
});

describe('ingestDelivery on a real store (SQLite file, or PostgreSQL with RECKON_TEST_PG)', () => {
  let first: DeliveryReport;

  it('ingests a delivery: counts add up, rejects name file/line/column/value, flags are set', async () => {
    const dir = await writeDelivery('d1', {
      'consumption.csv': CONSUMPTION, 'refunds.csv': REFUNDS, 'adjustments.csv': ADJUSTMENTS,
      'reference/partners.csv': PARTNERS, 'reference/associations.csv': ASSOCIATIONS, 'unknown.csv': 'x\n1\n',
    });
    const progress: number[] = [];
    first = await ingestDelivery(db, dir, { zone: ZONE, periodHint: '2026-10', onProgress: (p) => progress.push(p.rowsDone) });
    expect(first.files.map((f) => [f.fileName, f.status])).toEqual([
      ['reference/partners.csv', 'ingested'], ['reference/associations.csv', 'ingested'],
      ['consumption.csv', 'ingested'], ['refunds.csv', 'ingested'], ['adjustments.csv', 'ingested'],
    ]);
    expect(fileOf(first, 'consumption.csv')).toMatchObject({ rowsRead: 7, accepted: 3, rejected: 3, duplicates: 1, conflicts: 0 });
    expect(fileOf(first, 'adjustments.csv')).toMatchObject({ rowsRead: 2, accepted: 1, rejected: 1 });
    expect(progress.length).toBeGreaterThan(0);
    const rejects = (await listRejects(db, '2026-10')).map((r) => [r.fileName, r.line, r.column, r.rawValue, r.code]);
    expect(rejects).toEqual([
      ['adjustments.csv', 3, 'amount', '0', 'row.rule'],
      ['consumption.csv', 6, 'official_amount', '12,50', 'row.amount'],
      ['consumption.csv', 7, 'bill_cycle', '2026-13', 'row.period'], // unreadable bill_cycle: the delivery's period
      ['consumption.csv', 7, 'bill_type', '99', 'row.enum'],
      ['consumption.csv', 7, 'trade_time', 'not-a-time', 'row.time'],
      ['consumption.csv', 8, '', '', 'row.columns'],
    ]);
    const r5 = (await db.knex('rejects').where({ line: 7 }).orderBy('id')).map((r) => [r.column, r.raw_value, r.code, r.period]);
    expect(r5).toEqual([
      ['bill_cycle', '2026-13', 'row.period', '2026-10'], ['trade_time', 'not-a-time', 'row.time', '2026-10'],
      ['bill_type', '99', 'row.enum', '2026-10'],
    ]);
    const r1 = await storedRecord('consumption_records', 'R1');
    expect(r1.row).toMatchObject({ extra: '{"note":"first"}', line: 2, period_ok: 1 });
    expect(r1.record).toMatchObject({ customerName: 'Acme, Inc.', amounts: { official: '12.5' } });
    const r2 = await storedRecord('consumption_records', 'R2');
    expect(r2.record).toMatchObject({ customerName: 'Multi\r\nline', amounts: { payable: '0.0000000013' }, billType: 5 });
    expect(r2.row).toMatchObject({ line: 4 });
    const r3 = await storedRecord('consumption_records', 'R3');
    expect(r3.row).toMatchObject({ period_ok: 0, identity_payable_ok: 0, identity_official_ok: 1 });
    const refund = await db.knex('refund_records').first();
    expect(refund).toMatchObject({ identity_payable_ok: 1 });
    expect(feeRecordFromRow(refund, 'refund').amounts).toMatchObject({ payable: '-10', official: '-10' });
    expect(adjustmentRecordFromRow(await db.knex('adjustment_records').first())).toMatchObject({ signedAmount: '-3' });
    const reference = await loadReferenceData(db);
    expect(reference.partners.map((p) => p.roles)).toEqual([['distributor', 'reseller']]);
    expect(reference.associations[0]).toMatchObject({ validFromMs: Date.parse('2025-12-31T16:00:00Z'), validToMs: undefined });
    expect(reference.providerSummary).toBeUndefined();
    const stats = await fileStatsForPeriod(db, '2026-10');
    expect(stats.every((s) => s.rowsRead === s.accepted + s.rejected + s.duplicates + s.conflicts)).toBe(true);
    expect(stats.map((s) => s.deliveryId)).toEqual(Array(5).fill(first.deliveryId));
  });

  it('re-ingesting the same delivery changes nothing', async () => {
    const before = await Promise.all(['consumption_records', 'rejects', 'reference_rows', 'delivery_files', 'deliveries'].map(countOf));
    const again = await ingestDelivery(db, join(root, 'd1'), { zone: ZONE, periodHint: '2026-10' });
    expect(again.files.every((f) => f.status === 'already-ingested')).toBe(true);
    expect(again.deliveryId).toBe(first.deliveryId);
    expect(await Promise.all(['consumption_records', 'rejects', 'reference_rows', 'delivery_files', 'deliveries'].map(countOf))).toEqual(before);
  });

  it('a record delivered again with other content is a conflict; the stored record is unchanged', async () => {
    const changed = CONSUMPTION.replace('R2,2026-10,2026-10-31T23:59:59+08:00,C1', 'R2,2026-10,2026-10-31T23:59:59+08:00,C9');
    const dir = await writeDelivery('d2', { 'consumption.csv': changed });
    const report = await ingestDelivery(db, dir, { zone: ZONE, periodHint: '2026-10' });
    expect(fileOf(report, 'consumption.csv')).toMatchObject({ status: 'ingested', rowsRead: 7, accepted: 0, rejected: 3, duplicates: 3, conflicts: 1 });
    expect((await db.knex('consumption_records').where({ record_id: 'R2' }).first()).customer_id).toBe('C1');
    expect((await storedRecord('consumption_records', 'R2')).record.customerId).toBe('C1');
    const conflicts = await listConflicts(db, '2026-10');
    expect(conflicts.map((c) => [c.fileName, c.recordId, c.line])).toEqual([['consumption.csv', 'R2', 4]]);
  });

  it('the same record_id twice in one file: the first is kept, the second is a duplicate or a conflict', async () => {
    const rows = [
      'record_id,bill_cycle,trade_time,customer_id,adjustment_type,amount',
      'X1,2026-10,2026-10-05T00:00:00+08:00,C1,charge,1', 'X1,2026-10,2026-10-05T00:00:00+08:00,C1,charge,1.0',
      'X1,2026-10,2026-10-05T00:00:00+08:00,C1,charge,2', '',
    ].join('\n');
    const report = await ingestDelivery(db, await writeDelivery('d2b', { 'adjustments.csv': rows }), { zone: ZONE });
    expect(fileOf(report, 'adjustments.csv')).toMatchObject({ rowsRead: 3, accepted: 1, duplicates: 1, conflicts: 1 });
    expect(adjustmentRecordFromRow(await db.knex('adjustment_records').where({ record_id: 'X1' }).first()).signedAmount).toBe('1');
    expect((await listConflicts(db, '2026-10')).map((c) => [c.recordId, c.line])).toContainEqual(['X1', 4]);
  });

  it('a file with a missing header column fails with a clear message; the other files are ingested', async () => {
    const noPayable = CONSUMPTION.replace(',payable_amount,', ',payable,').replace(/R(\d),/g, 'N$1,');
    const dir = await writeDelivery('d3', {
      'consumption.csv': noPayable, 'reference/partners.csv': 'partner_id,name,roles\nP2,Partner Two,reseller\n',
    });
    const report = await ingestDelivery(db, dir, { zone: ZONE });
    expect(fileOf(report, 'reference/partners.csv').status).toBe('ingested');
    const failed = fileOf(report, 'consumption.csv');
    expect(failed).toMatchObject({ status: 'failed', rowsRead: 0, error: { code: 'file.header' } });
    expect(failed.error?.message).toBe(
      'consumption.csv line 1 (header): missing required column payable_amount (required: record_id, bill_cycle, trade_time, customer_id, trade_id, bill_type, charging_mode, service_type_code, official_amount, discount_amount, payable_amount)',
    );
    expect(await db.knex('consumption_records').where('record_id', 'like', 'N%')).toEqual([]);
    expect((await loadReferenceData(db)).partners.map((p) => p.partnerId)).toEqual(['P2']);
    const row = await db.knex('delivery_files').where({ delivery_id: report.deliveryId, file_name: 'consumption.csv' }).first();
    expect(row.status).toBe('failed');
  });

  it('a file that is not UTF-8, or has a quote error, fails and applies none of its rows', async () => {
    const latin1 = Buffer.concat([Buffer.from(`${CONSUMPTION_HEADER}\nL1,2026-10,2026-10-03T08:15:00+08:00,C1,Caf`), Buffer.from([0xe9]), Buffer.from(',T1,5,3,ebs,1,0,1,1,\n')]);
    const quote = `${CONSUMPTION_HEADER}\nQ1,2026-10,2026-10-03T08:15:00+08:00,C1,x,T1,5,3,ebs,1,0,1,1,\nQ2,2026-10,2026-10-03T08:15:00+08:00,C1,"x"y,T1,5,3,ebs,1,0,1,1,\n`;
    const r1 = await ingestDelivery(db, await writeDelivery('d4', { 'consumption.csv': latin1 }), { zone: ZONE });
    expect(fileOf(r1, 'consumption.csv')).toMatchObject({ status: 'failed', error: { code: 'file.encoding' } });
    expect(fileOf(r1, 'consumption.csv').error?.message).toMatch(/^consumption\.csv line 2: the file is not valid UTF-8/);
    const r2 = await ingestDelivery(db, await writeDelivery('d5', { 'consumption.csv': quote }), { zone: ZONE });
    expect(fileOf(r2, 'consumption.csv')).toMatchObject({ status: 'failed', error: { code: 'file.csv' } });
    expect(fileOf(r2, 'consumption.csv').error?.message).toMatch(/^consumption\.csv line 3: /);
    expect(await db.knex('consumption_records').whereIn('record_id', ['L1', 'Q1', 'Q2'])).toEqual([]);
  });

  it('a folder without any known file is an error with a stable code', async () => {
    const dir = await writeDelivery('d6', { 'readme.txt': 'nothing' });
    await expect(ingestDelivery(db, dir, { zone: ZONE })).rejects.toBeInstanceOf(IngestError);
    await expect(ingestDelivery(db, dir, { zone: ZONE })).rejects.toMatchObject({ code: 'ingest.empty_delivery' });
  });
});
