import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import DecimalJs from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/store/openDatabase';
import { listRejects } from '../../src/adapters/store/deliveryStore';
import { ingestDelivery } from '../../src/app/ingestDelivery';
import { ingestExport } from '../../src/app/ingestExport';
import { importToDelivery } from '../../src/app/importToDelivery';
import { exportFocusToFile } from '../../src/app/exportFocus';
import { queryRecords } from '../../src/app/queryRecords';
import type { ImportFormat } from '../../src/domain/imports/importFormat';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';
import { ROOT } from '../helpers/spawnReckon';

/**
 * Cloud exports into a real store. Every expected figure is computed here from the raw CSV with
 * csv-parse and decimal.js, apart from the import code: the columns each format's amount, period,
 * currency, customer and service come from are written out below, from the public documentation.
 */
const Exact = DecimalJs.clone({ precision: 500 });
const ZONE = 'Asia/Shanghai';
const FOCUS_SAMPLE = join(ROOT, 'fixtures/imports/focus/focus-1.0_sample_1000.csv');
const FIXTURES = join(ROOT, 'fixtures/imports');

/** Per format, the columns this test reads (lower-cased, separators removed), first present wins. */
const COLUMNS: Record<ImportFormat, { amount: string[]; period: string[]; currency: string[]; customer: string[] }> = {
  focus: { amount: ['billedcost'], period: ['billingperiodstart'], currency: ['billingcurrency'], customer: ['subaccountid'] },
  'aws-cur': { amount: ['lineitemunblendedcost'], period: ['billbillingperiodstartdate'], currency: ['lineitemcurrencycode'], customer: ['lineitemusageaccountid'] },
  azure: { amount: ['costinbillingcurrency', 'cost'], period: ['billingperiodstartdate'], currency: ['billingcurrency', 'billingcurrencycode'], customer: ['subscriptionid'] },
  oci: { amount: ['costmycost'], period: ['lineitemintervalusagestart'], currency: ['costcurrencycode'], customer: ['productcompartmentid'] },
};

const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The month a date cell names, as written: YYYY-MM-… or M/D/YYYY. */
function monthOf(text: string): string {
  const us = /^(\d{1,2})\/\d{1,2}\/(\d{4})/.exec(text);
  return us ? `${us[2]}-${us[1]!.padStart(2, '0')}` : text.slice(0, 7);
}

/** The documented id rule for ids over 64 characters, written again here. */
function expectedCustomerId(id: string): string {
  const points = [...id];
  return points.length <= 64 ? id : `${points.slice(0, 47).join('')}~${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}

interface RawRow { cells: Record<string, string> }

async function rawRows(path: string): Promise<RawRow[]> {
  const rows = parse(await readFile(path), { bom: true, relax_column_count: false }) as string[][];
  const header = rows[0]!.map(key);
  return rows.slice(1).filter((r) => !(r.length === 1 && r[0] === '')).map((r) => ({ cells: Object.fromEntries(header.map((h, i) => [h, r[i]!.trim()])) }));
}

function pick(row: RawRow, names: string[]): string {
  for (const n of names) if (row.cells[n] !== undefined) return row.cells[n]!;
  throw new Error(`none of ${names.join(', ')}`);
}

const isNull = (v: string) => v === '' || v.toUpperCase() === 'NULL';

/** Σ amount per `by` of the rows with an amount, and how many rows were skipped. */
async function expectedSums(paths: string[], format: ImportFormat, by: (row: RawRow) => string): Promise<{ sums: Map<string, string>; rows: number; skipped: number }> {
  const sums = new Map<string, DecimalJs>();
  let rows = 0;
  let skipped = 0;
  for (const path of paths) {
    for (const row of await rawRows(path)) {
      rows++;
      const amount = pick(row, COLUMNS[format].amount);
      if (isNull(amount)) {
        skipped++;
        continue;
      }
      const k = by(row);
      sums.set(k, (sums.get(k) ?? new Exact(0)).plus(new Exact(amount)));
    }
  }
  return { sums: new Map([...sums].map(([k, v]) => [k, v.toFixed()])), rows, skipped };
}

/** Σ payable per `by` of every fee record of these periods in the store. */
async function storedSums(db: Database, periods: Iterable<string>, by: (r: { currency: string; billCycle: string; customerId: string; serviceTypeCode: string }) => string): Promise<Map<string, string>> {
  const sums = new Map<string, DecimalJs>();
  for (const period of periods) {
    await queryRecords(db, { period, kind: 'all' }, ({ record }) => {
      const k = by(record);
      sums.set(k, (sums.get(k) ?? new Exact(0)).plus(new Exact(record.amounts.payable)));
    });
  }
  return new Map([...sums].map(([k, v]) => [k, v.toFixed()]));
}

async function storedIds(db: Database): Promise<string[]> {
  const rows = await db.knex('consumption_records').select('record_id', 'content_hash')
    .unionAll((q) => q.select('record_id', 'content_hash').from('refund_records'));
  return rows.map((r) => `${r.record_id} ${r.content_hash}`).sort();
}

let root: string;
const stores: TestDatabase[] = [];

async function freshStore(name: string): Promise<Database> {
  const store = await openTestDatabase(name);
  stores.push(store);
  return store.db;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'reckon-imports-'));
});

afterAll(async () => {
  for (const s of stores) await s.cleanup();
  await rm(root, { recursive: true, force: true });
});

describe('the FOCUS 1.0 sample', () => {
  it('ingests with 0 rejects; its totals per period, sub-account and service equal the sums of BilledCost; again, it adds nothing', async () => {
    const db = await freshStore('focus-sample');
    const report = await ingestExport(db, FOCUS_SAMPLE, 'focus', { zone: ZONE });
    expect(report.files).toHaveLength(1);
    expect(report.files[0]).toMatchObject({ status: 'ingested', rowsRead: 1000, accepted: 1000, rejected: 0, duplicates: 0, conflicts: 0, skipped: 0 });
    const by = (period: string, customer: string, service: string) => `${period} | ${customer} | ${service}`;
    const expected = await expectedSums([FOCUS_SAMPLE], 'focus', (r) => by(monthOf(r.cells.billingperiodstart!), expectedCustomerId(r.cells.subaccountid!), r.cells.servicename!));
    const periods = new Set([...expected.sums.keys()].map((k) => k.slice(0, 7)));
    expect([...periods].sort()).toEqual(['2024-09', '2024-10']);
    const stored = await storedSums(db, periods, (r) => by(r.billCycle, r.customerId, r.serviceTypeCode));
    expect(stored.size).toBeGreaterThan(100);
    expect(stored).toEqual(expected.sums);

    const again = await ingestExport(db, FOCUS_SAMPLE, 'focus', { zone: ZONE });
    expect(again.files[0]!.status).toBe('already-ingested');
    const copy = join(root, 'focus-copy.csv');
    await copyFile(FOCUS_SAMPLE, copy);
    const renamed = await ingestExport(db, copy, 'focus', { zone: ZONE });
    expect(renamed.files[0]).toMatchObject({ status: 'ingested', rowsRead: 1000, accepted: 0, duplicates: 1000, conflicts: 0 });
    expect(await storedSums(db, periods, (r) => by(r.billCycle, r.customerId, r.serviceTypeCode))).toEqual(expected.sums);
  });

  it('a re-delivered row whose BilledCost changed is a conflict, never a second record', async () => {
    const db = await freshStore('focus-conflict');
    await ingestExport(db, FOCUS_SAMPLE, 'focus', { zone: ZONE });
    const lines = (await readFile(FOCUS_SAMPLE, 'utf8')).split('\n');
    lines[1] = lines[1]!.replace('NULL,0.00000080000,', 'NULL,0.00000090000,');
    const changed = join(root, 'focus-changed.csv');
    await writeFile(changed, lines.join('\n'));
    const report = await ingestExport(db, changed, 'focus', { zone: ZONE });
    expect(report.files[0]).toMatchObject({ rowsRead: 1000, accepted: 0, duplicates: 999, conflicts: 1 });
  });
});

const HAND_MADE: ImportFormat[] = ['aws-cur', 'azure', 'oci'];

describe.each(HAND_MADE)('the hand-made %s exports (exponents, 28 decimals, NULLs, BOM, CRLF, credits, US dates)', (format) => {
  it('ingest exactly: per currency and period the records sum to the amount column; rows = records + skipped; again, nothing new', async () => {
    const dir = join(FIXTURES, format);
    const paths = (await readdir(dir)).filter((n) => n.endsWith('.csv')).sort().map((n) => join(dir, n));
    const db = await freshStore(`hand-${format}`);
    const report = await ingestExport(db, dir, format, { zone: ZONE });
    const expected = await expectedSums(paths, format, (r) => `${pick(r, COLUMNS[format].currency)} ${monthOf(pick(r, COLUMNS[format].period))}`);
    expect(report.files.map((f) => f.status)).toEqual(paths.map(() => 'ingested'));
    const rows = report.files.reduce((n, f) => n + f.rowsRead, 0);
    const records = report.files.reduce((n, f) => n + f.accepted + f.duplicates + f.conflicts, 0);
    const skipped = report.files.reduce((n, f) => n + f.skipped, 0);
    expect(report.files.map((f) => f.rejected)).toEqual(paths.map(() => 0));
    expect({ rows, skipped }).toEqual({ rows: expected.rows, skipped: expected.skipped });
    expect(records + skipped).toBe(rows);
    expect(skipped).toBeGreaterThan(0);
    const periods = new Set([...expected.sums.keys()].map((k) => k.slice(4)));
    expect(await storedSums(db, periods, (r) => `${r.currency} ${r.billCycle}`)).toEqual(expected.sums);
    for (const f of report.files) {
      for (const t of f.importTally!.totals) expect(new Exact(t.columnSum).eq(new Exact(t.recordSum)), `${f.fileName} ${t.currency} ${t.period}`).toBe(true);
    }
    const again = await ingestExport(db, dir, format, { zone: ZONE });
    expect(again.files.map((f) => f.status)).toEqual(paths.map(() => 'already-ingested'));
  });

  it('reckon import writes a delivery that ingests to the very same records', async () => {
    const direct = await freshStore(`direct-${format}`);
    await ingestExport(direct, join(FIXTURES, format), format, { zone: ZONE });
    const out = join(root, `delivery-${format}`);
    const written = await importToDelivery(join(FIXTURES, format), format, out);
    expect(written.rejects).toBe(0);
    const viaDelivery = await freshStore(`delivery-${format}`);
    const report = await ingestDelivery(viaDelivery, out, { zone: ZONE });
    expect(report.files.every((f) => f.status === 'ingested' && f.rejected === 0)).toBe(true);
    expect(await storedIds(viaDelivery)).toEqual(await storedIds(direct));
    await expect(importToDelivery(join(FIXTURES, format), format, out)).rejects.toThrow(/already exists/);
  });
});

describe('bad rows of an export', () => {
  it('are quarantined with file, line, column and value; the good rows go on', async () => {
    const db = await freshStore('focus-bad');
    const file = join(root, 'focus-bad.csv');
    await writeFile(file, [
      '\uFEFFBilledCost,ListCost,BillingCurrency,BillingPeriodStart,ChargePeriodStart,ChargeCategory,SubAccountId,ServiceName',
      '1.3E-9,NULL,USD,2024-09-01 00:00:00,2024-09-02T10:00Z,Usage,A1,S3',
      'twelve,1,USD,2024-09-01 00:00:00,2024-09-02T10:00Z,Usage,A1,S3',
      '2,2,USD,9/1/2024,yesterday,Usage,A1,S3',
      'NULL,1,USD,2024-09-01,2024-09-02,Usage,A1,S3',
      '-0.5,-0.5,usd,2024-09-01,2024-09-02,Credit,A2,S3',
    ].join('\r\n'));
    const report = await ingestExport(db, file, 'focus', { zone: ZONE });
    expect(report.files[0]).toMatchObject({ rowsRead: 5, accepted: 2, rejected: 2, skipped: 1 });
    const rejects = await listRejects(db, '2024-09');
    expect(rejects.map((r) => [r.fileName, r.line, r.column, r.rawValue, r.code])).toEqual([
      ['focus-bad.csv', 3, 'BilledCost', 'twelve', 'row.amount'],
      ['focus-bad.csv', 4, 'ChargePeriodStart', 'yesterday', 'row.time'],
    ]);
    const total = report.files[0]!.importTally!.totals.find((t) => t.period === '2024-09')!;
    // The row with a time nobody can read still has an amount: the import check shows the 2 missing.
    expect([total.columnSum, total.recordSum]).toEqual(['1.5000000013', '-0.4999999987']);
  });
});

describe('the same export, however it comes in', () => {
  it('gives the same records parsed on a parse thread or here', async () => {
    const here = await freshStore('parse-here');
    const thread = await freshStore('parse-thread');
    const a = await ingestExport(here, FOCUS_SAMPLE, 'focus', { zone: ZONE, parse: 'here' });
    const b = await ingestExport(thread, FOCUS_SAMPLE, 'focus', { zone: ZONE, parse: 'thread' });
    expect(b.files[0]!.importTally).toEqual(a.files[0]!.importTally);
    expect(await storedIds(thread)).toEqual(await storedIds(here));
  });

  it('reckon import escapes formula-like text for spreadsheets, and the delivery still ingests to the same records', async () => {
    const file = join(root, 'focus-formula.csv');
    await writeFile(file, [
      'BilledCost,BillingCurrency,BillingPeriodStart,SubAccountId,SubAccountName,ServiceName,ResourceName',
      '1.25,USD,2024-09-01,A1,"=HYPERLINK(""http://x"",""y"")",S3,-rm',
      "2,USD,2024-09-01,A2,'@SUM(1),S3,plain",
    ].join('\n'));
    const out = join(root, 'delivery-formula');
    await importToDelivery(file, 'focus', out);
    const text = await readFile(join(out, 'consumption.csv'), 'utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(text).toContain(",'-rm,");
    // The export's own apostrophe-protected cell reads as its text (docs/input-contract.md), and is protected again.
    expect(text).toContain(",'@SUM(1),");
    const direct = await freshStore('formula-direct');
    await ingestExport(direct, file, 'focus', { zone: ZONE });
    const viaDelivery = await freshStore('formula-delivery');
    await ingestDelivery(viaDelivery, out, { zone: ZONE });
    expect(await storedIds(viaDelivery)).toEqual(await storedIds(direct));
    const names: string[] = [];
    await queryRecords(viaDelivery, { period: '2024-09', kind: 'all' }, ({ record }) => names.push(record.customerName, record.resourceName));
    expect(names).toEqual(['=HYPERLINK("http://x","y")', '-rm', '@SUM(1)', 'plain']);
  });
});

describe('gzipped exports (AWS delivers .csv.gz)', () => {
  it('are read as they stream: the same records as the plain file; a damaged one fails alone with a clear message', async () => {
    const dir = join(root, 'gz');
    await mkdir(dir);
    const plain = join(FIXTURES, 'aws-cur/cur-legacy-2023-11.csv');
    await writeFile(join(dir, 'cur-00001.csv.gz'), gzipSync(await readFile(plain)));
    await writeFile(join(dir, 'cur-00002.csv.gz'), (await readFile(plain)).subarray(0, 200)); // not gzip at all
    const fromGz = await freshStore('gz');
    const report = await ingestExport(fromGz, dir, 'aws-cur', { zone: ZONE });
    expect(report.files.map((f) => [f.fileName, f.status])).toEqual([['cur-00001.csv.gz', 'ingested'], ['cur-00002.csv.gz', 'failed']]);
    expect(report.files[1]!.error!.message).toMatch(/^cur-00002\.csv\.gz: the file cannot be read \(incorrect header check\)/);
    const fromPlain = await freshStore('gz-plain');
    await ingestExport(fromPlain, plain, 'aws-cur', { zone: ZONE });
    expect(await storedIds(fromGz)).toEqual(await storedIds(fromPlain));
    expect(report.files[0]!.importTally).toEqual((await ingestExport(await freshStore('gz-plain-2'), plain, 'aws-cur', { zone: ZONE })).files[0]!.importTally);
  });
});

describe('Reckon\'s own FOCUS export', () => {
  it('reads back through the FOCUS import: the same exact sums per currency, period, customer and service', async () => {
    const source = await freshStore('roundtrip-source');
    await ingestDelivery(source, join(ROOT, 'fixtures/demo/2026-10'), { zone: ZONE });
    const file = join(root, 'reckon-focus-2026-10.csv');
    await exportFocusToFile(source, { period: '2026-10', provider: 'Reckon' }, file);
    const target = await freshStore('roundtrip-target');
    const report = await ingestExport(target, file, 'focus', { zone: ZONE });
    expect(report.files[0]).toMatchObject({ status: 'ingested', rejected: 0, skipped: 0 });
    const by = (r: { currency: string; billCycle: string; customerId: string; serviceTypeCode: string }) => `${r.currency} ${r.billCycle} ${r.customerId} ${r.serviceTypeCode}`;
    const before = await storedSums(source, ['2026-10'], by);
    expect(before.size).toBeGreaterThan(10);
    expect(await storedSums(target, ['2026-10'], by)).toEqual(before);
  });
});

