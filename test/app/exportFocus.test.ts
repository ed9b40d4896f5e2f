import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/store/openDatabase';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { exportFocusToFile, FOCUS_CHUNK_ROWS, isKnownPeriod, writeFocusCsv } from '../../src/app/exportFocus';
import { ingestDelivery } from '../../src/app/ingestDelivery';
import { queryRecords, type RecordView } from '../../src/app/queryRecords';
import { exportFocusCommand } from '../../src/cli/commands/exportCommand';
import { EXIT_FAILED, EXIT_USAGE, UserError } from '../../src/cli/exitCodes';
import { focusBillingPeriod, focusDateTime } from '../../src/domain/exports/focusRow';
import { unescapeTextCell } from '../../src/domain/statements/formulaEscape';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';

/**
 * `reckon export focus` on a real store: the demo's 2026-10 delivery (CNY and USD, consumption
 * and refunds, attributed and unattributed customers) plus a small delivery of its own:
 * - CSM-FOCUS-FORMULA: a customer (no association) whose name is a spreadsheet formula;
 * - CSM-FOCUS-NEG: a consumption record with a negative amount (a correction);
 * - RFD-FOCUS-TINY: a USD refund of 0.0000008, delivered positive, stored negative.
 */
const DEMO = join(__dirname, '../../fixtures/demo/2026-10');
const PERIOD = '2026-10';
const FORMULA_NAME = '=HYPERLINK("http://evil.example","click")';

/** FOCUS 1.0's columns (the FinOps Foundation's sample file's header without its non-FOCUS Id), then Reckon's x_ columns. */
const EXPECTED_HEADER = [
  ...(parse(readFileSync(join(__dirname, '../../fixtures/imports/focus/focus-1.0_sample_1000.csv')), { bom: true, to_line: 1 }) as string[][])[0]!
    .filter((column) => column !== 'Id'),
  'x_RecordId', 'x_RecordKind', 'x_PartnerId', 'x_AssociationType', 'x_TradeId', 'x_BillType', 'x_ChargingMode',
];

const FEE_HEADER = 'record_id,bill_cycle,trade_time,customer_id,customer_name,account_name,trade_id,bill_type,charging_mode,'
  + 'service_type_code,resource_type_code,region_code,resource_id,resource_name,provider_type,'
  + 'official_amount,discount_amount,payable_amount,cash_amount,currency';

const csvText = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

let store: TestDatabase;
let db: Database;
const temp = makeTempDir('export-focus');
let views: RecordView[] = [];

beforeAll(async () => {
  store = await openTestDatabase('export-focus');
  db = store.db;
  await ingestDelivery(db, DEMO, { periodHint: PERIOD, zone: DEFAULT_CONFIG.zone });
  const extra = join(temp.dir, 'extra');
  mkdirSync(extra);
  writeFileSync(join(extra, 'consumption.csv'), [
    FEE_HEADER,
    ['CSM-FOCUS-FORMULA', PERIOD, '2026-10-15T10:00:00.250+08:00', 'CUST-9901', csvText(FORMULA_NAME), 'hw_formula', 'TXN-FOCUS-1', '5', '3',
      'hws.service.type.ec2', 'hws.resource.type.vm', 'cn-north-4', 'vm-formula', 'ecs-formula', '1', '12.30', '0', '12.30', '12.30', 'CNY'].join(','),
    ['CSM-FOCUS-NEG', PERIOD, '2026-10-20T00:00:00+08:00', 'CUST-0001', '', 'hw_neg', 'TXN-FOCUS-2', '5', '3',
      'hws.service.type.ec2', 'hws.resource.type.vm', 'cn-north-4', 'vm-neg', '-ecs-neg', '1', '-4.56', '0', '-4.56', '-4.56', 'CNY'].join(','),
  ].join('\n') + '\n');
  writeFileSync(join(extra, 'refunds.csv'), [
    `${FEE_HEADER},original_trade_id,refund_reason`,
    ['RFD-FOCUS-TINY', PERIOD, '2026-10-21T09:30:00+08:00', 'CUST-0022', '', 'hw_tiny', 'TXN-FOCUS-3', '4', '3',
      'hws.service.type.ec2', 'hws.resource.type.vm', 'cn-north-4', 'vm-tiny', 'ecs-tiny', '1', '0.0000008', '0', '0.0000008', '0.0000008', 'USD',
      'ORD-FOCUS-0', 'unsubscribe'].join(','),
  ].join('\n') + '\n');
  const report = await ingestDelivery(db, extra, { periodHint: PERIOD, zone: DEFAULT_CONFIG.zone });
  expect(report.files.map((f) => [f.fileName, f.accepted, f.rejected])).toEqual([['consumption.csv', 2, 0], ['refunds.csv', 1, 0]]);
  views = [];
  await queryRecords(db, { period: PERIOD, kind: 'all' }, (v) => views.push(v));
});
afterAll(async () => {
  await store.cleanup();
  temp.cleanup();
});

/** Exports the period to a new file and returns its bytes, text and parsed rows (header first). */
async function exportToFile(name: string, provider = 'Reckon') {
  const path = join(temp.dir, name);
  const count = await exportFocusToFile(db, { period: PERIOD, provider }, path);
  const bytes = readFileSync(path);
  const text = bytes.toString('utf8');
  const rows: string[][] = parse(text, { bom: false });
  return { path, count, bytes, text, header: rows[0]!, data: rows.slice(1) };
}

function rowOf(data: string[][], recordId: string): Record<string, string> {
  const row = data.find((r) => r[EXPECTED_HEADER.indexOf('x_RecordId')] === recordId);
  if (row === undefined) throw new Error(`no row for ${recordId}`);
  return Object.fromEntries(EXPECTED_HEADER.map((column, i) => [column, row[i]!]));
}

describe('reckon export focus: a period as a FOCUS 1.0 CSV', () => {
  it('the header is the FOCUS 1.0 columns, then the x_ columns; UTF-8 without BOM, CRLF line ends', async () => {
    // Proves: FOCUS tools find every column under its FOCUS name, and the first column name is not "\uFEFFAvailabilityZone".
    const out = await exportToFile('header.csv');
    expect(out.header).toEqual(EXPECTED_HEADER);
    expect(out.text.startsWith('AvailabilityZone,BilledCost,')).toBe(true);
    expect(out.bytes[0]).not.toBe(0xef);
    expect(out.text.split('\r\n')[0]).toBe(EXPECTED_HEADER.join(','));
    expect(out.text.endsWith('\r\n')).toBe(true);
    for (const row of out.data) expect(row).toHaveLength(EXPECTED_HEADER.length);
  });

  it('writes one row per fee record of the period, in the order queryRecords yields them', async () => {
    // Proves: nothing is dropped or repeated, consumption and refunds alike (the demo's refunds and the extra delivery's).
    const out = await exportToFile('rows.csv');
    expect(views.length).toBeGreaterThan(700);
    expect(out.count).toBe(views.length);
    expect(out.data).toHaveLength(views.length);
    expect(out.data.map((r) => r[EXPECTED_HEADER.indexOf('x_RecordId')])).toEqual(views.map((v) => v.record.recordId));
    expect(new Set(out.data.map((r) => r[EXPECTED_HEADER.indexOf('x_RecordKind')]))).toEqual(new Set(['consumption', 'refund']));
  });

  it('Σ BilledCost per currency is Σ payable of the records, exactly (and Σ ListCost is Σ official)', async () => {
    // Proves: amounts are written as stored, never rounded or converted to floating point.
    const out = await exportToFile('sums.csv');
    const sum = (pairs: [string, string][]) => {
      const totals = new Map<string, Decimal>();
      for (const [currency, amount] of pairs) totals.set(currency, (totals.get(currency) ?? new Decimal(0)).plus(new Decimal(amount)));
      return Object.fromEntries([...totals].sort(([a], [b]) => a.localeCompare(b)).map(([c, d]) => [c, d.toFixed()]));
    };
    const col = (name: string) => EXPECTED_HEADER.indexOf(name);
    const billed = sum(out.data.map((r) => [r[col('BillingCurrency')]!, r[col('BilledCost')]!]));
    const payable = sum(views.map((v) => [v.record.currency, v.record.amounts.payable]));
    expect(Object.keys(billed)).toEqual(['CNY', 'USD']);
    expect(billed).toEqual(payable);
    expect(sum(out.data.map((r) => [r[col('BillingCurrency')]!, r[col('ListCost')]!])))
      .toEqual(sum(views.map((v) => [v.record.currency, v.record.amounts.official])));
    for (const name of ['EffectiveCost', 'ContractedCost']) {
      expect(out.data.map((r) => r[col(name)])).toEqual(out.data.map((r) => r[col('BilledCost')]));
    }
  });

  it('a refund of 0.0000008 is a Credit of exactly -0.0000008', async () => {
    // Proves: the smallest amounts survive (no 2-dp rounding, no exponent), negative and unescaped.
    const out = await exportToFile('refund.csv');
    const row = rowOf(out.data, 'RFD-FOCUS-TINY');
    expect(row).toMatchObject({
      BilledCost: '-0.0000008', ListCost: '-0.0000008', EffectiveCost: '-0.0000008', ContractedCost: '-0.0000008',
      BillingCurrency: 'USD', ChargeCategory: 'Credit', ChargeClass: '', ChargeDescription: 'refund: unsubscribe',
      ChargeFrequency: 'Usage-Based', ChargePeriodStart: '2026-10-21T01:30:00Z', ChargePeriodEnd: '2026-10-21T01:30:00Z',
      x_RecordKind: 'refund', x_BillType: '4', x_TradeId: 'TXN-FOCUS-3',
    });
    expect(out.text).toContain(',-0.0000008,');
  });

  it('a negative consumption record is a Correction; text cells starting with "-" are escaped, amounts are not', async () => {
    const out = await exportToFile('negative.csv');
    const row = rowOf(out.data, 'CSM-FOCUS-NEG');
    expect(row).toMatchObject({
      BilledCost: '-4.56', ChargeCategory: 'Usage', ChargeClass: 'Correction', ChargeFrequency: 'Usage-Based',
      ResourceName: "'-ecs-neg", SubAccountName: 'hw_neg', BillingAccountId: 'P-D01', BillingAccountName: '华东云汇科技有限公司',
      x_PartnerId: 'P-D01', x_AssociationType: 'resale',
    });
  });

  it('a formula-like customer name is escaped as in every other exported CSV', async () => {
    // Proves: opening the export in a spreadsheet does not run =HYPERLINK(…); the apostrophe is undone by unescapeTextCell.
    const out = await exportToFile('formula.csv');
    const row = rowOf(out.data, 'CSM-FOCUS-FORMULA');
    expect(row.SubAccountName).toBe(`'${FORMULA_NAME}`);
    expect(unescapeTextCell(row.SubAccountName!)).toBe(FORMULA_NAME);
    expect(out.text).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    // An unattributed customer: no billing account; a sub-second trade time is written in whole seconds.
    expect(row).toMatchObject({ SubAccountId: 'CUST-9901', BillingAccountId: '', BillingAccountName: '', x_PartnerId: '', ChargePeriodStart: '2026-10-15T02:00:00Z' });
  });

  it('maps bill types and charging modes to FOCUS charge and pricing columns', async () => {
    const out = await exportToFile('mapping.csv', 'Huawei Cloud');
    const col = (name: string) => EXPECTED_HEADER.indexOf(name);
    const byKey = new Map<string, Set<string>>();
    for (const r of out.data) {
      const key = `${r[col('x_RecordKind')]} bill ${r[col('x_BillType')]} mode ${r[col('x_ChargingMode')]}`;
      const value = [r[col('ChargeCategory')], r[col('ChargeFrequency')], r[col('PricingCategory')], r[col('CommitmentDiscountType')]].join('|');
      byKey.set(key, (byKey.get(key) ?? new Set()).add(value));
    }
    // Each (kind, bill type, charging mode) maps to one answer.
    for (const [key, values] of byKey) expect(values.size, key).toBe(1);
    const of = (key: string) => [...byKey.get(key)!][0];
    expect(of('consumption bill 1 mode 1')).toBe('Purchase|Recurring|Standard|');
    expect(of('consumption bill 1 mode 10')).toBe('Purchase|One-Time|Committed|Reservation');
    expect(of('consumption bill 1 mode 11')).toBe('Purchase|One-Time|Committed|Savings Plan');
    expect(of('consumption bill 5 mode 3')).toBe('Usage|Usage-Based|Standard|');
    expect(of('consumption bill 12 mode 3')).toBe('Usage|Usage-Based|Standard|');
    expect(of('consumption bill 18 mode 10')).toBe('Usage|Usage-Based|Committed|Reservation');
    expect(of('consumption bill 23 mode 11')).toBe('Usage|Usage-Based|Committed|Savings Plan');
    expect(of('consumption bill 103 mode 1')).toBe('Usage|Recurring|Standard|');
    expect(of('refund bill 4 mode 1')).toBe('Credit|Recurring|Standard|');
    // No order is ever Usage-Based (FOCUS: ChargeFrequency is not "Usage-Based" when ChargeCategory is "Purchase").
    expect(out.data.filter((r) => r[col('ChargeCategory')] === 'Purchase' && r[col('ChargeFrequency')] === 'Usage-Based')).toEqual([]);
    for (const r of out.data) {
      expect(r[col('BillingPeriodStart')]).toBe('2026-10-01T00:00:00Z');
      expect(r[col('BillingPeriodEnd')]).toBe('2026-11-01T00:00:00Z');
      expect(r[col('ChargePeriodStart')]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(r[col('ChargePeriodEnd')]).toBe(r[col('ChargePeriodStart')]);
      expect([r[col('ProviderName')], r[col('PublisherName')], r[col('InvoiceIssuerName')]]).toEqual(['Huawei Cloud', 'Huawei Cloud', 'Huawei Cloud']);
    }
    const first = views[0]!.record;
    const firstRow = rowOf(out.data, first.recordId);
    expect(firstRow).toMatchObject({
      SubAccountId: first.customerId, ServiceName: first.serviceTypeCode, RegionId: first.regionCode, ResourceId: first.resourceId,
      ResourceType: first.resourceTypeCode, ChargePeriodStart: new Date(first.tradeTimeMs).toISOString().replace('.000Z', 'Z'),
    });
  });

  it('two exports of the same store are byte-identical, to a file or to a stream (stdout)', async () => {
    const a = await exportToFile('a.csv');
    const b = await exportToFile('b.csv');
    expect(b.bytes.equals(a.bytes)).toBe(true);
    const chunks: Buffer[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const count = await writeFocusCsv(db, { period: PERIOD, provider: 'Reckon' }, stream);
    stream.end();
    expect(count).toBe(a.count);
    expect(Buffer.concat(chunks).equals(a.bytes)).toBe(true);
    expect(existsSync(`${a.path}.tmp-${process.pid}`)).toBe(false);
  });

  it('writes in chunks of FOCUS_CHUNK_ROWS rows, not as one string', async () => {
    // Proves: the stream gets the header, then one write per chunk (here: fewer rows than a chunk, so one).
    const writes: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        writes.push(chunk.toString('utf8'));
        done();
      },
    });
    await writeFocusCsv(db, { period: PERIOD, provider: 'Reckon' }, stream);
    expect(views.length).toBeLessThan(FOCUS_CHUNK_ROWS);
    expect(writes).toHaveLength(2);
    expect(writes[0]).toBe(`${EXPECTED_HEADER.join(',')}\r\n`);
  });

  it('the command writes --out and refuses an unknown period (exit 1) or a malformed one (exit 2), leaving no file', async () => {
    const failure = async (run: Promise<number>): Promise<UserError> => {
      try {
        await run;
      } catch (error) {
        if (error instanceof UserError) return error;
        throw error;
      }
      throw new Error('expected a UserError');
    };
    const out = join(temp.dir, 'cli', 'focus.csv');
    expect(await exportFocusCommand(PERIOD, { out, db: store.location })).toBe(0);
    expect(readFileSync(out).equals((await exportToFile('same-as-cli.csv')).bytes)).toBe(true);

    const unknown = await failure(exportFocusCommand('2031-01', { out: join(temp.dir, 'unknown.csv'), db: store.location }));
    expect(unknown.exitCode).toBe(EXIT_FAILED);
    expect(unknown.message).toBe('period 2031-01 is not in the store: no delivery brought records for it (`reckon status` lists the periods)');
    expect(existsSync(join(temp.dir, 'unknown.csv'))).toBe(false);
    expect(await isKnownPeriod(db, '2031-01')).toBe(false);
    expect(await isKnownPeriod(db, PERIOD)).toBe(true);

    const malformed = await failure(exportFocusCommand('2026-13', { out: join(temp.dir, 'bad.csv'), db: store.location }));
    expect(malformed.exitCode).toBe(EXIT_USAGE);
    expect(malformed.message).toBe('"2026-13" is not a period: use YYYY-MM, e.g. 2026-10');
    expect((await failure(exportFocusCommand(PERIOD, { provider: ' ', db: store.location }))).exitCode).toBe(EXIT_USAGE);

    const folder = await failure(exportFocusCommand(PERIOD, { out: temp.dir, db: store.location }));
    expect(folder.exitCode).toBe(EXIT_FAILED);
    expect(folder.message).toMatch(/is a folder: give a file name, e\.g\. --out .*focus-2026-10\.csv$/);
  });
});

describe('FOCUS date columns', () => {
  it('a period label is its first day and the next month\'s at midnight UTC; December runs into January', () => {
    expect(focusBillingPeriod('2026-10')).toEqual({ start: '2026-10-01T00:00:00Z', end: '2026-11-01T00:00:00Z' });
    expect(focusBillingPeriod('2026-12')).toEqual({ start: '2026-12-01T00:00:00Z', end: '2027-01-01T00:00:00Z' });
    expect(focusBillingPeriod('1970-01')).toEqual({ start: '1970-01-01T00:00:00Z', end: '1970-02-01T00:00:00Z' });
  });

  it('an instant is written in UTC in whole seconds', () => {
    expect(focusDateTime(Date.UTC(2026, 9, 31, 16, 0, 0))).toBe('2026-10-31T16:00:00Z');
    expect(focusDateTime(Date.UTC(2026, 9, 31, 16, 0, 0, 999))).toBe('2026-10-31T16:00:00Z');
  });
});
