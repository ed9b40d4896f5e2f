import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../../src/domain/statements/csvFormat';
import {
  compareWithShown, enclosingElementKeys, exactValueAt, LINEAGE_HEADER, LineageFormatError, lineageFileNameOf, lineageIndex, lineagePathOf,
  parseFigurePath, parseLineageCsv, renderLineageCsv, sampleLineKeys, selectLineage, valueAt, withLineageRefs, type LineageRow,
} from '../../../src/domain/statements/lineage';
import { flattenFigures } from '../../../src/domain/revisions/diffStatements';

const row = (line: string, figure: string, record_kind: string, record_id: string, amount: string, rule = 'r', bill_cycle = '2026-10'): LineageRow =>
  ({ line, figure, record_kind, record_id, bill_cycle, amount, rule });

const cellsOf = (r: LineageRow) => [r.line, r.figure, r.record_kind, r.record_id, r.bill_cycle, { amount: r.amount }, r.rule];

/** A partner bill's shape, as far as lineage cares: customers, referral, corrections, totals. */
const partner = {
  period: '2026-10', revision: 1, partner_id: 'P-001', currency: 'CNY',
  totals: { consumption: '100.01', refunds: '-20.00', adjustments: '0.00', corrections: '5.00', settlement: '85.01' },
  customers: [
    { customer_id: 'C-001', consumption: '60.01', refunds: '-20.00', adjustments: '0.00', records: 3 },
    { customer_id: 'C-002', consumption: '40.00', refunds: '0.00', adjustments: '0.00', records: 1 },
  ],
  totals_exact: { consumption: '100.005', refunds: '-20', adjustments: '0', corrections: '5', settlement: '85.005' },
  referral: { customers: [{ customer_id: 'C-009', consumption: '7.00', refunds: '0.00', records: 1 }], rounding_residual: { consumption: '0.00', refunds: '0.00' }, total: { consumption: '7.00', refunds: '0.00' } },
  corrections: { lines: [{ original_period: '2026-08', amount: '5.00', amount_exact: '5', records: 1 }], rounding_residual: '0.00', total: '5.00' },
};

const partnerRows: LineageRow[] = [
  row('corrections.lines[2026-08].amount', 'corrections', 'consumption', 'L-1', '5.00', 'late', '2026-08'),
  row('customers[C-001].consumption', 'consumption', 'consumption', 'R-1', '30.005'),
  row('customers[C-001].consumption', 'consumption', 'consumption', 'R-2', '30.00'),
  row('customers[C-001].refunds', 'refunds', 'refund', 'F-1', '-20.00'),
  row('customers[C-002].consumption', 'consumption', 'consumption', 'R-3', '40.00'),
  row('referral.customers[C-009].consumption', 'referral_consumption', 'consumption', 'R-9', '7.00'),
];

describe('lineage file paths', () => {
  it('sits beside its statement JSON, any currency', () => {
    expect(lineagePathOf('partners/P-001/statement.json')).toBe('partners/P-001/statement.lineage.csv');
    expect(lineagePathOf('merchants/M-1/settlement.USD.json')).toBe('merchants/M-1/settlement.USD.lineage.csv');
    expect(lineageFileNameOf('incentives/P-S02/incentive.json')).toBe('incentive.lineage.csv');
  });
});

describe('lineage CSV', () => {
  it('is renderCsv: BOM, header, CRLF, escaped text cells, plain amounts', () => {
    const rows = [
      row('customers[C-001].consumption', 'consumption', 'consumption', '-R1', '-12.345'),
      row('customers[=C]', 'refunds', 'refund', '@x', '0.10', 'a rule, with "quotes"'),
      row('products[P].paid', 'gross', 'consumption', 'R2', '7.00', 'line\nbreak'),
    ];
    expect(renderLineageCsv(rows)).toBe(renderCsv(LINEAGE_HEADER, rows.map(cellsOf)));
    expect(renderLineageCsv([])).toBe('\uFEFFline,figure,record_kind,record_id,bill_cycle,amount,rule\r\n');
  });

  it('renders many rows (chunked) exactly as one renderCsv call would', () => {
    const rows = Array.from({ length: 25_003 }, (_, i) => row(`customers[C-${i % 7}].consumption`, 'consumption', 'consumption', `R-${i}`, `${i}.5`, i % 3 === 0 ? 'x, y' : 'z'));
    expect(renderLineageCsv(rows)).toBe(renderCsv(LINEAGE_HEADER, rows.map(cellsOf)));
  });

  it('parses back what it renders, escapes and quoting undone', () => {
    const rows = [
      row('customers[C-001].consumption', 'consumption', 'consumption', '-R1', '-12.345'),
      row('customers[=C]', 'refunds', 'refund', '+x', '0.10', 'a rule, with "quotes"'),
      row('products[P].paid', 'gross', 'consumption', 'R2', '7.00', 'line\r\nbreak'),
      row('services[hws.service.type.ec2].consumption', 'performance', 'consumption', "'quoted", '1.00', '§5.3 中文'),
    ];
    expect(parseLineageCsv(renderLineageCsv(rows))).toEqual(rows);
    // LF line ends and no BOM are read too.
    const oneLine = rows.slice(0, 2);
    expect(parseLineageCsv(renderLineageCsv(oneLine).slice(1).replace(/\r\n/g, '\n'))).toEqual(oneLine);
  });

  it('refuses what is not a lineage file', () => {
    expect(() => parseLineageCsv('')).toThrow(LineageFormatError);
    expect(() => parseLineageCsv('\uFEFFa,b\r\n1,2\r\n')).toThrow(/header/);
    expect(() => parseLineageCsv(`${LINEAGE_HEADER.join(',')}\r\nx,y\r\n`)).toThrow(/2 cells/);
  });
});

describe('line keys', () => {
  it('parses figure paths with dotted keys', () => {
    expect(parseFigurePath('services[hws.service.type.ec2].performance')).toEqual([{ name: 'services' }, { key: 'hws.service.type.ec2' }, { name: 'performance' }]);
    expect(parseFigurePath('corrections.lines[2026-08].amount')).toEqual([{ name: 'corrections' }, { name: 'lines' }, { key: '2026-08' }, { name: 'amount' }]);
    expect(parseFigurePath('a..b')).toBeUndefined();
    expect(parseFigurePath('a[b')).toBeUndefined();
    expect(enclosingElementKeys('corrections.lines[2026-08].amount')).toEqual(['corrections.lines[2026-08]']);
    expect(enclosingElementKeys('totals.consumption')).toEqual([]);
  });

  it('finds values and their exact twins the way flattenFigures names them', () => {
    for (const f of flattenFigures(partner)) expect(valueAt(partner, f.field), f.field).toBe(f.value);
    expect(exactValueAt(partner, 'totals.consumption')).toBe('100.005');
    expect(exactValueAt(partner, 'corrections.lines[2026-08].amount')).toBe('5');
    expect(valueAt(partner, 'customers[C-404].consumption')).toBeUndefined();
  });

  it('indexes records by line, by enclosing line key and by the totals they feed (for the revision diff)', () => {
    const index = lineageIndex(renderLineageCsv(partnerRows));
    expect(index.get('customers[C-001].consumption')).toEqual(['R-1', 'R-2']);
    expect(index.get('customers[C-001]')).toEqual(['R-1', 'R-2', 'F-1']);
    expect(index.get('totals.consumption')).toEqual(['R-1', 'R-2', 'R-3']);
    expect(index.get('totals.settlement')).toEqual(['L-1', 'R-1', 'R-2', 'F-1', 'R-3']);
    expect(index.get('corrections.total')).toEqual(['L-1']);
    expect(index.get('referral.total.consumption')).toEqual(['R-9']);
    expect(index.has('totals.referral_consumption')).toBe(false);
  });
});

describe('lineage references in the statement JSON', () => {
  it('adds `lineage` to each traced line and `lineage_file` last, nothing else', () => {
    const doc = withLineageRefs(partner, 'partner', 'statement.lineage.csv') as typeof partner & { lineage_file: string };
    expect(doc.customers.map((c) => (c as { lineage?: string }).lineage)).toEqual([
      'statement.lineage.csv#customers[C-001]', 'statement.lineage.csv#customers[C-002]',
    ]);
    expect((doc.referral.customers[0] as { lineage?: string }).lineage).toBe('statement.lineage.csv#referral.customers[C-009]');
    expect((doc.corrections.lines[0] as { lineage?: string }).lineage).toBe('statement.lineage.csv#corrections.lines[2026-08]');
    expect(Object.keys(doc).pop()).toBe('lineage_file');
    expect(flattenFigures(doc)).toEqual(flattenFigures(partner));
    expect((partner.customers[0] as { lineage?: string }).lineage).toBeUndefined();
  });

  it('keys repeated elements as flattenFigures does and skips sections a document lacks', () => {
    const incentive = { totals: {}, services: [{ service_type_code: 'ec2' }], corrections: [{ original_period: '2026-08', service_type_code: 'ec2' }, { original_period: '2026-08', service_type_code: 'rds' }] };
    const doc = withLineageRefs(incentive, 'incentive', 'incentive.lineage.csv') as { corrections: { lineage: string }[] };
    expect(doc.corrections.map((c) => c.lineage)).toEqual(['incentive.lineage.csv#corrections[2026-08]', 'incentive.lineage.csv#corrections[2026-08#2]']);
    const old = withLineageRefs({ totals: {}, products: [], refunds: [] }, 'settlement', 'settlement.lineage.csv');
    expect(old).toEqual({ totals: {}, products: [], refunds: [], lineage_file: 'settlement.lineage.csv' });
  });
});

describe('what reckon explain selects', () => {
  it('a figure line: its rows, checked against the shown figure', () => {
    const s = selectLineage(partner, partnerRows, 'customers[C-001].consumption')!;
    expect(s.kind).toBe('line');
    expect(s.rows.map((r) => r.record_id)).toEqual(['R-1', 'R-2']);
    expect(s.targets[0]).toMatchObject({ shown: '60.01', sum: '60.005', comparable: true });
    expect(compareWithShown(s.targets[0]!.sum, '60.01')).toEqual({ rounded: '60.01', matches: true, difference: '0.00' });
  });

  it('a line key: every figure line under it', () => {
    const s = selectLineage(partner, partnerRows, 'customers[C-001]')!;
    expect(s.kind).toBe('element');
    expect(s.targets.map((t) => [t.path, t.shown, t.sum])).toEqual([
      ['customers[C-001].consumption', '60.01', '60.005'], ['customers[C-001].refunds', '-20.00', '-20'],
    ]);
    expect(selectLineage(partner, partnerRows, 'customers')!.rows).toHaveLength(4);
  });

  it('a total: every row of its figure(s), with the exact value beside the shown one', () => {
    const t = selectLineage(partner, partnerRows, 'totals.consumption')!;
    expect(t.kind).toBe('total');
    expect(t.targets[0]).toMatchObject({ path: 'totals.consumption', shown: '100.01', exact: '100.005', sum: '100.005' });
    expect(selectLineage(partner, partnerRows, 'consumption')!.targets[0]!.path).toBe('totals.consumption');
    expect(selectLineage(partner, partnerRows, 'totals.settlement')!.targets[0]).toMatchObject({ shown: '85.01', sum: '85.005' });
    expect(selectLineage(partner, partnerRows, 'totals.adjustments')!.targets[0]).toMatchObject({ shown: '0.00', sum: '0' });
    expect(selectLineage(partner, partnerRows, 'referral.total.consumption')!.rows.map((r) => r.record_id)).toEqual(['R-9']);
  });

  it('a field of a line that is not a sum of records, or a sum of sibling lines', () => {
    const settlement = { totals: {}, products: [{ product_id: 'P', paid: '10.00', merchant_share: '9.00' }] };
    const rows = [row('products[P].paid', 'gross', 'consumption', 'R-1', '10')];
    const s = selectLineage(settlement, rows, 'products[P].merchant_share')!;
    expect(s).toMatchObject({ kind: 'field', targets: [{ shown: '9.00', comparable: false }] });
    const incentive = { totals: {}, services: [{ service_type_code: 'ec2', performance: '7.00', consumption: '10.00', refunds: '-3.00' }] };
    const perf = selectLineage(incentive, [
      row('services[ec2].consumption', 'performance', 'consumption', 'C', '10'), row('services[ec2].refunds', 'performance', 'refund', 'F', '-3'),
    ], 'services[ec2].performance')!;
    expect(perf.targets[0]).toMatchObject({ shown: '7.00', sum: '7', comparable: true });
  });

  it('nothing for an unknown line; some valid keys to suggest', () => {
    expect(selectLineage(partner, partnerRows, 'customers[C-404]')).toBeUndefined();
    expect(selectLineage(partner, partnerRows, 'nonsense')).toBeUndefined();
    expect(sampleLineKeys(partnerRows)).toEqual([
      'corrections.lines[2026-08]', 'customers[C-001]', 'customers[C-002]', 'referral.customers[C-009]',
      'referral.total.consumption', 'totals.consumption', 'totals.corrections', 'totals.refunds',
    ]);
  });

  it('shows a difference when the rounded sum is not the shown figure', () => {
    expect(compareWithShown('10.004', '10.01')).toEqual({ rounded: '10.00', matches: false, difference: '0.01' });
    expect(compareWithShown('-0.005', '-0.01')).toMatchObject({ rounded: '-0.01', matches: true });
  });
});

describe('a traced figure without records', () => {
  it('is a line of no rows (0.00), not the records of its element', () => {
    const s = selectLineage(partner, partnerRows, 'customers[C-002].refunds')!;
    expect(s).toMatchObject({ kind: 'line', rows: [], targets: [{ shown: '0.00', sum: '0', comparable: true }] });
    expect(compareWithShown('0', '0.00').matches).toBe(true);
    expect(selectLineage(partner, partnerRows, 'customers[C-404].refunds')).toBeUndefined();
  });
});
