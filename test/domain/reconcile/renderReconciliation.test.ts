import { describe, expect, it } from 'vitest';
import { checkRow } from '../../../src/domain/reconcile/checkResult';
import { renderReconciliationCsv, renderReconciliationJson } from '../../../src/domain/reconcile/renderReconciliation';
import { renderRejectsCsv } from '../../../src/domain/reconcile/renderRejects';

const checks = [
  checkRow('refund.excess', 'fail', 'order T1', { expected: '100.00', actual: '100.001', difference: '0.001', records: ['R2', 'R1'] }),
  checkRow('ingest.conflict', 'fail', '=cmd|calc', { expected: 'same content as first delivered', actual: 'different content', records: ['F1'] }),
  checkRow('ingest.count', 'ok', 'a.csv', { expected: '10', actual: '10', difference: '0' }),
];

describe('reconciliation rendering', () => {
  it('writes period, revision, summary and sorted checks, byte-identical whatever the input order', () => {
    const json = renderReconciliationJson({ period: '2026-10', revision: 2, checks });
    expect(renderReconciliationJson({ period: '2026-10', revision: 2, checks: [...checks].reverse() })).toBe(json);
    const parsed = JSON.parse(json) as { period: string; revision: number; summary: unknown; checks: { check: string; records: string[] }[] };
    expect(parsed.period).toBe('2026-10');
    expect(parsed.revision).toBe(2);
    expect(parsed.summary).toEqual({ ok: 1, warn: 0, fail: 2 });
    expect(parsed.checks.map((c) => c.check)).toEqual(['ingest.conflict', 'ingest.count', 'refund.excess']);
    expect(Object.keys(parsed.checks[0]!)).toEqual(['check', 'status', 'subject', 'expected', 'actual', 'difference', 'records']);
    expect(parsed.checks[2]!.records).toEqual(['R1', 'R2']);
  });

  it('writes a formula-safe CSV, failures first, with only numbers in the figure columns and text in note', () => {
    const withWarn = [...checks, checkRow('bill.provider_summary', 'warn', 'P1', { expected: 'a provider summary row', actual: '≤ 1000.00', difference: '-3' })];
    const csv = renderReconciliationCsv({ period: '2026-10', revision: 1, checks: withWarn });
    expect(csv).toBe(
      '\uFEFFcheck,status,subject,expected,actual,difference,records,note\r\n' +
        "ingest.conflict,fail,'=cmd|calc,,,,F1,expected: same content as first delivered; actual: different content\r\n" +
        'refund.excess,fail,order T1,100.00,100.001,0.001,R1;R2,\r\n' +
        'bill.provider_summary,warn,P1,,,-3,,expected: a provider summary row; actual: ≤ 1000.00\r\n' +
        'ingest.count,ok,a.csv,10,10,0,,\r\n',
    );
    expect(renderReconciliationCsv({ period: '2026-10', revision: 1, checks: [...withWarn].reverse() })).toBe(csv);
  });

  it('writes rejects sorted with every raw value escaped as text', () => {
    const csv = renderRejectsCsv([
      { file: 'refunds.csv', line: 3, column: 'amount', value: '-1+2', code: 'row.amount', message: 'not a decimal' },
      { file: 'consumption.csv', line: 12, column: 'bill_type', value: '=2', code: 'row.enum', message: 'unknown bill_type "=2"' },
    ]);
    expect(csv).toBe(
      '\uFEFFfile,line,column,value,code,error_code,message\r\n' +
        'consumption.csv,12,bill_type,\'=2,row.enum,CBC.0100,"unknown bill_type ""=2"""\r\n' +
        "refunds.csv,3,amount,'-1+2,row.amount,CBC.0100,not a decimal\r\n",
    );
  });
});

describe('rejects.csv values', () => {
  it('writes a plain number as the number it is, and still escapes everything else that looks like a formula', () => {
    const csv = renderRejectsCsv([
      { file: 'adjustments.csv', line: 4, column: 'amount', value: '-50.00', code: 'row.rule', message: 'must be more than 0' },
      { file: 'adjustments.csv', line: 5, column: 'amount', value: '-5e1', code: 'row.rule', message: 'x' },
    ]);
    expect(csv).toContain('\r\nadjustments.csv,4,amount,-50.00,row.rule,CBC.0100,must be more than 0\r\n');
    expect(csv).toContain("\r\nadjustments.csv,5,amount,'-5e1,row.rule,CBC.0100,x\r\n");
  });
});
