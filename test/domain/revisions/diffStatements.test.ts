import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/domain/money/decimal';
import { diffRevisions, flattenFigures, type RevisionStatement } from '../../../src/domain/revisions/diffStatements';
import { renderDiffCsv, renderDiffJson, renderDiffText } from '../../../src/domain/revisions/renderDiff';

function partner(subjectId: string, document: unknown, lineage?: Record<string, string[]>): RevisionStatement {
  return {
    kind: 'partner', subjectId, currency: 'CNY', file: `partners/${subjectId}/statement.json`, document,
    ...(lineage ? { lineage: new Map(Object.entries(lineage)) } : {}),
  };
}

const rev1 = {
  period: '2026-09', revision: 1, partner_id: 'P-001', currency: 'CNY',
  totals: { consumption: '0.10', refunds: '-120.00', amount_due: '100.00' },
  customers: [
    { customer_id: 'C-001', consumption: '0.10', refunds: '0.00', customer_name: 'Acme', records: 2 },
    { customer_id: 'C-002', consumption: '5.00', refunds: '0.00', records: 1 },
  ],
  totals_exact: { consumption: '0.1' },
};
const rev2 = {
  ...rev1, revision: 2,
  totals: { consumption: '0.30', refunds: '-150.00', amount_due: '100.00' },
  customers: [
    // order swapped: lines are matched by customer_id, not by position
    { customer_id: 'C-002', consumption: '5.00', refunds: '0.00', records: 1 },
    { customer_id: 'C-001', consumption: '0.30', refunds: '-30.00', customer_name: 'Acme Renamed', records: 3 },
  ],
  totals_exact: { consumption: '0.3' },
};

describe('diffRevisions', () => {
  it('lists changed figures with the exact difference, keyed by line id, in after-document order', () => {
    const diff = diffRevisions({ period: '2026-09', fromRevision: 1, toRevision: 2, before: [partner('P-001', rev1)], after: [partner('P-001', rev2)] });
    expect(diff.first_close).toBe(false);
    expect(diff.statements).toHaveLength(1);
    const s = diff.statements[0]!;
    expect(s.status).toBe('changed');
    expect(s.changes).toEqual([
      { field: 'totals.consumption', old: '0.10', new: '0.30', difference: '0.20' },
      { field: 'totals.refunds', old: '-120.00', new: '-150.00', difference: '-30.00' },
      { field: 'customers[C-001].consumption', old: '0.10', new: '0.30', difference: '0.20' },
      { field: 'customers[C-001].refunds', old: '0.00', new: '-30.00', difference: '-30.00' },
    ]);
    expect(diff.summary).toEqual({ statements_changed: 1, statements_added: 0, statements_removed: 0, figures_changed: 4 });
  });

  it('ignores *_exact, revision, names and rates; keys settlement refunds by record id and cascade lines by what they describe', () => {
    const fields = flattenFigures({
      revision: 3, rate: '0.06', platform_fee_rate: '0.05', merchant_ratio: '0.95', paid_exact: '1.005',
      refunds: [
        { record_id: 'F1', product_id: 'P1', original_period: '2026-08', paid: '-1.00' },
        { record_id: 'F2', product_id: 'P1', original_period: '2026-08', paid: '-2.00' },
      ],
      cascade: [{ step: 'payable', product_class: 'joint', from_period: '2026-10', amount: '5.00' }],
      services: [{ service_type_code: 'ebs', incentive: '1.00', incentive_exact: '1.004' }],
      roles: ['12.00', '12.00'],
    }).map((f) => f.field);
    expect(fields).toEqual([
      'refunds[F1].paid', 'refunds[F2].paid', 'cascade[payable/joint/2026-10].amount', 'services[ebs].incentive', 'roles[0]', 'roles[1]',
    ]);
    expect(flattenFigures({ lines: [{ key: 'a', amount: '1.00' }, { key: 'a', amount: '2.00' }] }).map((f) => f.field))
      .toEqual(['lines[a].amount', 'lines[a#2].amount']);
  });

  it('reports added and removed statements with every non-zero figure against 0.00', () => {
    const diff = diffRevisions({
      period: '2026-09', fromRevision: 1, toRevision: 2,
      before: [partner('P-OLD', { totals: { amount_due: '7.25', refunds: '0.00' } })],
      after: [partner('P-NEW', { totals: { amount_due: '3.10', refunds: '-0.00' } })],
    });
    expect(diff.statements.map((s) => [s.subject_id, s.status, s.changes])).toEqual([
      ['P-NEW', 'added', [{ field: 'totals.amount_due', old: '0.00', new: '3.10', difference: '3.10' }]],
      ['P-OLD', 'removed', [{ field: 'totals.amount_due', old: '7.25', new: '0.00', difference: '-7.25' }]],
    ]);
    expect(diff.summary).toEqual({ statements_changed: 0, statements_added: 1, statements_removed: 1, figures_changed: 2 });
  });

  it('names the records added and removed, per statement and per changed line', () => {
    const diff = diffRevisions({
      period: '2026-09', fromRevision: 1, toRevision: 2,
      before: [partner('P-001', rev1, { 'customers[C-001]': ['R2', 'R1'], 'customers[C-002]': ['R9'] })],
      after: [partner('P-001', rev2, { 'customers[C-001]': ['R3', 'R1', 'R4'], 'customers[C-002]': ['R9'] })],
    });
    const s = diff.statements[0]!;
    expect(s.records_added).toEqual(['R3', 'R4']);
    expect(s.records_removed).toEqual(['R2']);
    const c001 = s.changes.find((c) => c.field === 'customers[C-001].refunds')!;
    expect(c001.records_added).toEqual(['R3', 'R4']);
    expect(c001.records_removed).toEqual(['R2']);
    // totals have no lineage entry of their own: no per-line records
    expect(s.changes.find((c) => c.field === 'totals.refunds')).not.toHaveProperty('records_added');
  });

  it('a first close lists everything as added', () => {
    const diff = diffRevisions({ period: '2026-09', fromRevision: null, toRevision: 1, before: [], after: [partner('P-001', rev1, { totals: ['R1'] })] });
    expect(diff.first_close).toBe(true);
    expect(diff.from_revision).toBeNull();
    expect(diff.statements[0]!.status).toBe('added');
    expect(diff.statements[0]!.records_added).toEqual(['R1']);
    expect(diff.statements[0]!.changes.find((c) => c.field === 'totals.refunds')).toEqual(
      { field: 'totals.refunds', old: '0.00', new: '-120.00', difference: '-120.00', records_added: ['R1'], records_removed: [] },
    );
    expect(renderDiffText(diff)).toMatch(/^first close: 1 statement /);
    expect(() => diffRevisions({ period: '2026-09', fromRevision: null, toRevision: 1, before: [partner('P-001', rev1)], after: [] })).toThrow();
  });

  it('is deterministic: shuffled inputs give identical bytes', () => {
    const settlement: RevisionStatement = { kind: 'settlement', subjectId: 'M1', currency: 'CNY', file: 'merchants/M1/settlement.json', document: { totals: { payable: '1.00' } } };
    const settlement2: RevisionStatement = { ...settlement, document: { totals: { payable: '2.00' } } };
    const usd = { ...partner('P-001', { totals: { amount_due: '1.00' } }), currency: 'USD' };
    const before = [partner('P-001', rev1, { x: ['A', 'B'] }), settlement, partner('P-002', rev1)];
    const after = [partner('P-002', rev2), usd, settlement2, partner('P-001', rev2, { x: ['C', 'B'] })];
    const a = diffRevisions({ period: '2026-09', fromRevision: 1, toRevision: 2, before, after });
    const b = diffRevisions({ period: '2026-09', fromRevision: 1, toRevision: 2, before: [...before].reverse(), after: [after[2]!, after[0]!, after[3]!, after[1]!] });
    expect(renderDiffJson(b)).toBe(renderDiffJson(a));
    expect(renderDiffCsv(b)).toBe(renderDiffCsv(a));
    expect(a.statements.map((s) => `${s.kind}/${s.subject_id}/${s.currency}`)).toEqual(['partner/P-001/CNY', 'partner/P-001/USD', 'partner/P-002/CNY', 'settlement/M1/CNY']);
    expect(renderDiffJson(JSON.parse(renderDiffJson(a)))).toBe(renderDiffJson(a));
  });
});

describe('renderers', () => {
  const diff = diffRevisions({
    period: '2026-09', fromRevision: 1, toRevision: 2,
    before: [partner('=HYPERLINK("x")', rev1)],
    after: [partner('=HYPERLINK("x")', rev2, { 'customers[C-001]': Array.from({ length: 23 }, (_, i) => `R${String(i).padStart(2, '0')}`) })],
  });

  it('writes diff.csv with BOM, formula escaping and capped record lists', () => {
    const csv = renderDiffCsv(diff);
    expect(csv.startsWith('\uFEFFkind,subject_id,currency,file,status,field,old,new,difference,records\r\n')).toBe(true);
    const lines = csv.split('\r\n');
    expect(lines[1]).toBe(`partner,"'=HYPERLINK(""x"")",CNY,"partners/=HYPERLINK(""x"")/statement.json",changed,totals.consumption,0.10,0.30,0.20,added R00 R01 R02 R03 R04 R05 R06 R07 R08 R09 R10 R11 R12 R13 R14 R15 R16 R17 R18 R19 … and 3 more`);
    expect(lines).toHaveLength(6); // header, 4 figures, trailing empty
  });

  it('writes diff.json with a trailing newline and the text summary with aligned lines', () => {
    expect(renderDiffJson(diff).endsWith('}\n')).toBe(true);
    expect(JSON.parse(renderDiffJson(diff)).summary.figures_changed).toBe(4);
    const text = renderDiffText(diff).split('\n');
    expect(text[0]).toBe('rev-1 → rev-2: 1 statement changed, 4 figures (2026-09)');
    expect(text[2]).toMatch(/totals\.refunds\s+-120\.00 → -150\.00\s+\(-30\.00\)$/);
    expect(new Set(text.slice(1, 5).map((l) => l.indexOf('→'))).size).toBe(1);
  });
});

describe('property: differences are exact', () => {
  // small values hit 0.10 + 0.20 style sums; large ones are beyond a float's exact range
  const cents = fc.oneof(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n })).map((u) => new Dec(u.toString()).div(100).toFixed(2));
  const totals = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), cents);

  it('old + difference = new for every change, and identical revisions give no statements', () => {
    fc.assert(fc.property(totals, totals, (x, y) => {
      const diff = diffRevisions({ period: '2026-09', fromRevision: 1, toRevision: 2, before: [partner('P', { totals: x })], after: [partner('P', { totals: y })] });
      for (const c of diff.statements.flatMap((s) => s.changes)) {
        expect(new Dec(c.old).plus(c.difference).eq(c.new)).toBe(true);
        expect(c.difference).toMatch(/^-?\d+\.\d{2}$/);
        expect(c.difference).not.toBe('0.00');
      }
      const same = diffRevisions({ period: '2026-09', fromRevision: 1, toRevision: 2, before: [partner('P', { totals: x })], after: [partner('P', { totals: structuredClone(x) })] });
      expect(same.statements).toEqual([]);
    }));
  });
});
