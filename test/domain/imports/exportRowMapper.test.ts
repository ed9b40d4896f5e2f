import DecimalJs from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExportRowMapper } from '../../../src/domain/imports/exportRowMapper';
import { FORMAT_SPECS } from '../../../src/domain/imports/formats/formatSpecs';
import type { ImportFormat } from '../../../src/domain/imports/importFormat';
import { OccurrenceCounter } from '../../../src/domain/imports/occurrenceCounter';
import { shortId } from '../../../src/domain/imports/shortId';
import { checkFeeIdentities } from '../../../src/domain/records/identities';
import type { FeeRecord } from '../../../src/domain/records/types';

const Exact = DecimalJs.clone({ precision: 500 });
const FOCUS_HEADER = ['BilledCost', 'ListCost', 'BillingCurrency', 'BillingPeriodStart', 'ChargePeriodStart', 'ChargeCategory', 'ChargeClass',
  'SubAccountId', 'SubAccountName', 'ServiceName', 'RegionId', 'ResourceId', 'Tags'];

function focusRow(cells: Partial<Record<string, string>>): string[] {
  const base: Record<string, string> = {
    BilledCost: '1.5', ListCost: '2', BillingCurrency: 'USD', BillingPeriodStart: '2024-09-01 00:00:00', ChargePeriodStart: '2024-09-18 22:00:00',
    ChargeCategory: 'Usage', ChargeClass: 'NULL', SubAccountId: '11353890204', SubAccountName: 'Atlas Orion', ServiceName: 'Amazon EC2',
    RegionId: 'us-east-1', ResourceId: 'i-1', Tags: '{"env":"prod"}',
  };
  return FOCUS_HEADER.map((h) => cells[h] ?? base[h]!);
}

function mapperOf(format: ImportFormat, header: readonly string[]): ExportRowMapper {
  const opened = ExportRowMapper.open(FORMAT_SPECS[format], 'export.csv', header);
  if (!opened.ok) throw new Error(opened.problem);
  return opened.mapper;
}

function record(result: FeeRecord | 'skipped' | undefined): FeeRecord {
  if (result === undefined || result === 'skipped') throw new Error(`not a record: ${String(result)}`);
  return result;
}

describe('FOCUS rows become fee records', () => {
  it('keeps every digit and the sign of BilledCost, takes ListCost as the list price, and A1/A2 hold', () => {
    const m = mapperOf('focus', FOCUS_HEADER);
    const r = record(m.map(focusRow({ BilledCost: '6.266090E-12', ListCost: '0.0000000000000000000000000123' }), 2));
    expect(r.amounts.payable).toBe('0.00000000000626609');
    expect(r.amounts.official).toBe('0.0000000000000000000000000123');
    expect(r.amounts.cash).toBe(r.amounts.payable);
    expect(checkFeeIdentities(r.amounts)).toEqual({ payableOk: true, officialOk: true });
    expect(r).toMatchObject({ kind: 'consumption', billCycle: '2024-09', customerId: '11353890204', customerName: 'Atlas Orion', serviceTypeCode: 'Amazon EC2', currency: 'USD', billType: 5, regionCode: 'us-east-1' });
    expect(r.tradeTimeMs).toBe(Date.UTC(2024, 8, 18, 22));
  });

  it('skips a row whose amount is empty or NULL, and reads a NULL elsewhere as empty', () => {
    const m = mapperOf('focus', FOCUS_HEADER);
    expect(m.map(focusRow({ BilledCost: 'NULL' }), 2)).toBe('skipped');
    expect(m.map(focusRow({ BilledCost: '' }), 3)).toBe('skipped');
    const r = record(m.map(focusRow({ ListCost: 'NULL', RegionId: 'NULL' }), 4));
    expect(r.amounts.official).toBe('1.5');
    expect(r.regionCode).toBe('');
    expect(m.tally.data()).toMatchObject({ rowsRead: 3, records: 1, skipped: 2, rejected: 0 });
  });

  it('makes a credit a refund with its own sign that refunds no order, and a credit taken back a charge', () => {
    const m = mapperOf('focus', FOCUS_HEADER);
    const credit = record(m.map(focusRow({ ChargeCategory: 'Credit', BilledCost: '-2.61370000000', ListCost: '-2.6137' }), 2));
    expect(credit).toMatchObject({ kind: 'refund', billType: 4 });
    expect(credit.amounts.payable).toBe('-2.6137');
    expect(credit.originalTradeId).toBe(credit.tradeId);
    const back = record(m.map(focusRow({ ChargeCategory: 'Credit', BilledCost: '2.6137', ListCost: '2.6137' }), 3));
    expect(back.kind).toBe('consumption');
    expect(back.amounts.payable).toBe('2.6137');
    const correction = record(m.map(focusRow({ ChargeCategory: 'Usage', ChargeClass: 'Correction', BilledCost: '-0.5' }), 4));
    expect(correction).toMatchObject({ kind: 'consumption' });
    expect(correction.amounts.payable).toBe('-0.5');
  });

  it('rejects an amount that is not a number, naming file, line, column and value, and keeps it out of both sums', () => {
    const m = mapperOf('focus', FOCUS_HEADER);
    expect(m.map(focusRow({ BilledCost: '12,50' }), 7)).toBeUndefined();
    expect(m.reader.issues).toHaveLength(1);
    expect(m.reader.issues[0]).toMatchObject({ line: 7, column: 'BilledCost', rawValue: '12,50', code: 'row.amount' });
    expect(m.reader.issues[0]!.message).toContain('export.csv line 7, column BilledCost');
    expect(m.map(focusRow({ BillingPeriodStart: 'September' }), 8)).toBeUndefined();
    expect(m.reader.issues[0]).toMatchObject({ column: 'BillingPeriodStart', code: 'row.period' });
    const t = m.tally.data();
    expect(t).toMatchObject({ rowsRead: 2, records: 0, rejected: 2, notNumbers: 1 });
    // The rejected row with a real amount is in the column sum and not in the records: the check shows the loss.
    expect(t.totals.map((x) => [x.period, x.columnSum, x.recordSum])).toEqual([['2024-09', '0', '0'], ['September', '1.5', '0']]);
  });

  it('shortens a customer id longer than 64 characters the documented way (47 code points, ~, 16 hex of SHA-256)', () => {
    const ocid = 'ocid6.tenancy.oc6..aaaaaaaalnpeq6xok1okj8vknc9pzancima2g8bwvk2kk9jgwhgycacrie2q';
    const r = record(mapperOf('focus', FOCUS_HEADER).map(focusRow({ SubAccountId: ocid }), 2));
    expect(r.customerId).toBe(shortId(ocid));
    expect(r.customerId).toBe('ocid6.tenancy.oc6..aaaaaaaalnpeq6xok1okj8vknc9p~7f394fc3013977b4');
    expect([...r.customerId].length).toBe(64);
    expect(shortId('x'.repeat(64))).toBe('x'.repeat(64));
  });

  it('says which columns a file lacks, ignoring case, separators and backslashes in header names', () => {
    const missing = ExportRowMapper.open(FORMAT_SPECS.focus, 'costs.csv', ['BilledCost', 'BillingCurrency']);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problem).toContain('costs.csv line 1 (header): not a FOCUS 1.x export: no column for periodStart, customerId, service');
    const cur = ExportRowMapper.open(FORMAT_SPECS['aws-cur'], 'cur.csv', ['lineItem\\/UnblendedCost', 'BILL/BillingPeriodStartDate', 'line_item_usage_account_id', 'lineItem/ProductCode', 'lineitem_currency_code']);
    expect(cur.ok).toBe(true);
  });
});

describe('record ids', () => {
  it('are the same for the same row in any file and column order, count repeats, and survive a changed figure', () => {
    const a = mapperOf('focus', FOCUS_HEADER);
    const first = record(a.map(focusRow({}), 2)).recordId;
    const second = record(a.map(focusRow({}), 3)).recordId;
    expect(first).toMatch(/^focus-[0-9a-f]{32}-1$/);
    expect(second).toBe(first.replace(/-1$/, '-2'));
    const reordered = [...FOCUS_HEADER].reverse();
    const b = mapperOf('focus', [...reordered, 'EmptyExtra']);
    const row = focusRow({ BilledCost: '99.99', ListCost: '100' }); // same charge, other figures
    expect(record(b.map([...[...row].reverse(), ''], 2)).recordId).toBe(first);
    expect(record(b.map(focusRow({ ResourceId: 'i-2' }).reverse().concat(''), 3)).recordId).not.toMatch(first.slice(0, 38));
  });

  it('are the export\'s own line-item ids where it has them (CUR with its time interval, OCI referenceNo)', () => {
    const header = ['identity/LineItemId', 'identity/TimeInterval', 'bill/BillingPeriodStartDate', 'lineItem/UsageAccountId', 'lineItem/ProductCode', 'lineItem/CurrencyCode', 'lineItem/UnblendedCost', 'lineItem/LineItemType'];
    const cur = mapperOf('aws-cur', header);
    const row = ['go6hn5vwsqdetvhhiwyc4hydbjxeveq2cwqslzf27nxplbbbtyjq', '2023-11-01T00:00:00Z/2023-11-02T00:00:00Z', '2023-11-01T00:00:00Z', '100000000011', 'AmazonEC2', 'USD', '1.3E-9', 'Usage'];
    const r1 = record(cur.map(row, 2));
    expect(r1.recordId).toMatch(/^go6hn5vwsqdetvhhiwyc4hydbjxeveq2cwqslzf27nxplbb~[0-9a-f]{16}$/);
    expect(r1.tradeId).toBe(r1.recordId);
    expect(r1.amounts.payable).toBe('0.0000000013');
    const nextDay = record(cur.map([row[0]!, '2023-11-02T00:00:00Z/2023-11-03T00:00:00Z', ...row.slice(2)], 3));
    expect(nextDay.recordId).not.toBe(r1.recordId);
    const oci = mapperOf('oci', ['lineItem/referenceNo', 'lineItem/intervalUsageStart', 'product/compartmentId', 'product/service', 'cost/currencyCode', 'cost/myCost', 'lineItem/isCorrection']);
    const o = record(oci.map(['ref-1', '2023-11-13T10:00Z', 'ocid1.compartment.oc1..aaaa', 'COMPUTE', 'GBP', '-0.045', 'true'], 2));
    expect(o).toMatchObject({ recordId: 'ref-1', billCycle: '2023-11', kind: 'consumption' });
    expect(o.amounts.payable).toBe('-0.045');
  });
});

describe('every amount an export may write', () => {
  const amountText = fc.tuple(
    fc.constantFrom('', '-', '+'),
    fc.bigInt({ min: 0n, max: 10n ** 15n }),
    fc.integer({ min: 0, max: 28 }),
    // Up to 28 decimals and an exponent down to -12: at most 40 places, the amount doorway's limit.
    fc.option(fc.integer({ min: -12, max: 2 }), { nil: undefined }),
  ).map(([sign, digits, scale, exponent]) => {
    const text = digits.toString().padStart(scale + 1, '0');
    const plain = scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
    return exponent === undefined ? `${sign}${plain}` : `${sign}${plain}E${exponent}`;
  });

  it('is kept exactly (to the last digit and sign), A1/A2 hold, and the column sum equals the records sum', () => {
    fc.assert(fc.property(fc.array(fc.tuple(amountText, amountText), { minLength: 1, maxLength: 20 }), (rows) => {
      const m = mapperOf('focus', FOCUS_HEADER);
      let expected = new Exact(0);
      rows.forEach(([billed, list], i) => {
        const mapped = m.map(focusRow({ BilledCost: billed, ListCost: list, ResourceId: `i-${i}` }), i + 2);
        if (mapped === undefined) throw new Error(`${billed} / ${list}: ${m.reader.issues.map((x) => x.message).join('; ')}`);
        const r = record(mapped);
        expect(new Exact(r.amounts.payable).eq(new Exact(billed))).toBe(true);
        expect(new Exact(r.amounts.official).eq(new Exact(list))).toBe(true);
        expect(checkFeeIdentities(r.amounts)).toEqual({ payableOk: true, officialOk: true });
        expected = expected.plus(new Exact(billed));
      });
      const [total] = m.tally.data().totals;
      expect(new Exact(total!.columnSum).eq(expected)).toBe(true);
      expect(new Exact(total!.recordSum).eq(expected)).toBe(true);
    }), { numRuns: 200 });
  });
});

describe('OccurrenceCounter', () => {
  it('counts like a Map, through growth', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 5000 }), (keys) => {
      const counter = new OccurrenceCounter();
      const reference = new Map<number, number>();
      for (const k of keys) {
        const hex = k.toString(16).padStart(16, '0');
        const n = (reference.get(k) ?? 0) + 1;
        reference.set(k, n);
        expect(counter.next(hex)).toBe(n);
      }
    }), { numRuns: 30 });
  });
});
