import { describe, expect, it } from 'vitest';
import { digestChecks } from '../../../src/domain/reconcile/checkDigest';
import { checkRow } from '../../../src/domain/reconcile/checkResult';
import { holdReason } from '../../../src/domain/reconcile/failOn';

describe('the on-screen digest of a run\'s checks', () => {
  it('groups failed then warned checks, shows the first subjects with records and figures, and counts the rest', () => {
    const checks = [
      checkRow('record.period', 'warn', 'consumption.csv', { expected: '2026-10', actual: '2026-09', records: ['C-2'] }),
      checkRow('statement.sum', 'ok', 'P1'),
      ...['a', 'b', 'c', 'd', 'e'].map((s) => checkRow('refund.excess', 'fail', `order ${s}`, { expected: '1.00', actual: '2.00', difference: '1.00' })),
      checkRow('record.identity.payable', 'fail', 'consumption.csv', { expected: '9.40', actual: '9.41', difference: '0.01', records: ['R4', 'R1', 'R2', 'R3'] }),
    ];
    expect(digestChecks(checks)).toEqual([
      'FAIL record.identity.payable: 1 subject(s)',
      '    consumption.csv [R1, R2, R3 +1]: expected 9.40, actual 9.41, difference 0.01',
      'FAIL refund.excess: 5 subject(s)',
      '    order a: expected 1.00, actual 2.00, difference 1.00',
      '    order b: expected 1.00, actual 2.00, difference 1.00',
      '    order c: expected 1.00, actual 2.00, difference 1.00',
      '    … and 2 more',
      'WARN record.period: 1 subject(s)',
      '    consumption.csv [C-2]: expected 2026-10, actual 2026-09',
    ]);
    expect(digestChecks([checkRow('statement.sum', 'ok', 'P1')])).toEqual([]);
  });
});

describe('--fail-on levels', () => {
  it('never holds with never; holds on failures with fail; on failures or warnings with warn', () => {
    expect(holdReason({ fail: 3, warn: 2 }, 'never')).toBeUndefined();
    expect(holdReason({ fail: 0, warn: 2 }, 'fail')).toBeUndefined();
    expect(holdReason({ fail: 3, warn: 2 }, 'fail')).toBe('held by --fail-on fail: 3 failed check(s)');
    expect(holdReason({ fail: 0, warn: 2 }, 'warn')).toBe('held by --fail-on warn: 2 warned check(s)');
    expect(holdReason({ fail: 1, warn: 2 }, 'warn')).toBe('held by --fail-on warn: 1 failed and 2 warned check(s)');
    expect(holdReason({ fail: 0, warn: 0 }, 'warn')).toBeUndefined();
  });
});
