import { describe, expect, it } from 'vitest';
import { PartnerBillBuilder } from '../../../src/domain/bills/partnerBillBuilder';
import { buildAssociationIndex, findAssociationOverlaps } from '../../../src/domain/bills/attribution';
import { associationOverlapChecks } from '../../../src/domain/reconcile/associationOverlapChecks';
import { completeChecks, CLOSE_CHECK_CODES } from '../../../src/domain/reconcile/checkResult';
import { checkFeeIdentities, identityChecks } from '../../../src/domain/reconcile/identityChecks';
import { ingestConflictChecks, ingestCountChecks } from '../../../src/domain/reconcile/ingestChecks';
import { providerSummaryChecks } from '../../../src/domain/reconcile/providerSummaryChecks';
import { assessRecordAssociation, recordAssociationChecks } from '../../../src/domain/reconcile/recordAssociationChecks';
import { findPeriodMismatch, recordPeriodChecks } from '../../../src/domain/reconcile/recordPeriodChecks';
import { refundExcessChecks, refundUnmatchedChecks } from '../../../src/domain/reconcile/refundChecks';
import { statementSumChecks } from '../../../src/domain/reconcile/statementSumChecks';
import { adjustment, association, at, fee, partner } from '../bills/billFixtures';

const brief = (rows: { check: string; status: string; subject: string; expected: string; actual: string; difference: string; records: string[] }[]) =>
  rows.map((r) => [r.status, r.subject, r.expected, r.actual, r.difference, r.records.join(';')]);

describe('record identities A1/A2', () => {
  it('finds exact mismatches and reports one fail per record, else one ok per file', () => {
    const good = fee({ recordId: 'G', payable: '10.00000001' });
    const bad = fee({ recordId: 'B', payable: '10' });
    bad.amounts.cash = '9.99999999';
    bad.amounts.official = '12';
    bad.amounts.discount = '1.5';
    expect(checkFeeIdentities(good)).toEqual([]);
    const findings = checkFeeIdentities(bad);
    const rows = identityChecks([{ file: 'consumption.csv', recordsChecked: 2, findings }, { file: 'refunds.csv', recordsChecked: 7, findings: [] }]);
    expect(rows.map((r) => [r.check, ...brief([r])[0]!])).toEqual([
      ['record.identity.payable', 'fail', 'consumption.csv', '10.00', '9.99999999', '-0.00000001', 'B'],
      ['record.identity.payable', 'ok', 'refunds.csv: 7 records', '', '', '', ''],
      ['record.identity.official', 'fail', 'consumption.csv', '12.00', '11.50', '-0.50', 'B'],
      ['record.identity.official', 'ok', 'refunds.csv: 7 records', '', '', '', ''],
    ]);
  });
});

describe('record.period and record.association', () => {
  it('warns when trade_time falls outside bill_cycle in the billing zone', () => {
    const inside = findPeriodMismatch({ recordId: 'A', billCycle: '2026-10', tradeTimeMs: at('2026-09-30T16:00:00Z') });
    const outside = findPeriodMismatch({ recordId: 'B', billCycle: '2026-10', tradeTimeMs: at('2026-09-30T15:59:59Z') });
    expect(inside).toBeUndefined();
    expect(brief(recordPeriodChecks([{ file: 'consumption.csv', recordsChecked: 2, findings: [outside!] }]))).toEqual([['warn', 'consumption.csv', '2026-10', '2026-09', '', 'B']]);
    expect(brief(recordPeriodChecks([{ file: 'consumption.csv', recordsChecked: 2, findings: [] }]))).toEqual([['ok', 'consumption.csv: 2 records', '', '', '', '']]);
  });

  it('warns when no association covers a record or the delivered partner disagrees', () => {
    const agrees = { ...fee({ recordId: 'A', customerId: 'C1', payable: '1' }), partnerId: 'D', indirectPartnerId: 'R1' };
    const disagrees = { ...fee({ recordId: 'B', customerId: 'C1', payable: '1' }), partnerId: 'X' };
    expect(assessRecordAssociation(agrees, association('C1', 'R1'))).toBeUndefined();
    expect(assessRecordAssociation(fee({ payable: '1' }), association('C1', 'R1'))).toBeUndefined();
    expect(assessRecordAssociation(adjustment('C1', 'charge', '1'), association('C1', 'R1'))).toBeUndefined();
    const findings = [assessRecordAssociation(disagrees, association('C1', 'R1'))!, assessRecordAssociation(adjustment('C9', 'charge', '1'), undefined)!];
    const rows = recordAssociationChecks([{ file: 'all', recordsChecked: 5, findings }]);
    expect(rows.map((r) => [r.status, r.expected, r.actual])).toEqual([
      ['warn', 'R1', 'X'],
      ['warn', 'an association covering the trade time', 'none for customer C9'],
    ]);
  });

  it('warns about overlapping associations', () => {
    const t = (d: string) => at(`2026-10-${d}T00:00:00+08:00`);
    const overlapping = buildAssociationIndex([association('C1', 'A', 'resale', t('01'), t('10')), association('C1', 'B', 'resale', t('05'))]);
    expect(associationOverlapChecks(findAssociationOverlaps(overlapping)).map((r) => [r.status, r.actual])).toEqual([
      ['warn', 'A and B from 2026-10-04T16:00:00.000Z to 2026-10-09T16:00:00.000Z'],
    ]);
    expect(associationOverlapChecks([])[0]!.status).toBe('ok');
  });
});

describe('refund checks', () => {
  it('refund.unmatched: one row per refund of an unknown order, ok when all match', () => {
    expect(brief(refundUnmatchedChecks(3, [{ file: 'refunds.csv', recordId: 'R9', originalTradeId: 'T404', payable: '-5.5' }]))).toEqual([
      ['warn', 'refunds.csv: order T404', 'original order known', '-5.50', '', 'R9'],
    ]);
    expect(refundUnmatchedChecks(3, [], 'fail')[0]!.status).toBe('ok');
  });

  it('refund.excess: fails an order whose refunds exceed its paid amount', () => {
    const rows = refundExcessChecks([
      { originalTradeId: 'T1', paid: '100', refunds: '-100.001', refundRecordIds: ['R2', 'R1'] },
      { originalTradeId: 'T2', paid: '50', refunds: '-50', refundRecordIds: ['R3'] },
    ]);
    expect(brief(rows)).toEqual([['fail', 'order T1', '100.00', '100.001', '0.001', 'R1;R2']]);
    expect(refundExcessChecks([{ originalTradeId: 'T2', paid: '50', refunds: '-50', refundRecordIds: ['R3'] }])[0]!.status).toBe('ok');
  });
});

describe('ingest checks', () => {
  it('ingest.conflict: a fail per conflicting re-delivery, ok when none', () => {
    expect(brief(ingestConflictChecks([{ file: 'consumption.csv', recordId: 'F1', differingFields: ['payable_amount', 'cash_amount'] }]))).toEqual([
      ['fail', 'consumption.csv', 'same content as first delivered', 'differs in cash_amount, payable_amount', '', 'F1'],
    ]);
    expect(ingestConflictChecks([])[0]!.status).toBe('ok');
  });

  it('ingest.count: rows read must equal accepted + rejected + duplicates + conflicts', () => {
    const rows = ingestCountChecks([
      { file: 'a.csv', rowsRead: 10, accepted: 7, rejected: 1, duplicates: 1, conflicts: 1 },
      { file: 'b.csv', rowsRead: 10, accepted: 7, rejected: 1, duplicates: 0, conflicts: 0 },
    ]);
    expect(rows.map((r) => [r.status, r.expected, r.actual, r.difference])).toEqual([['ok', '10', '10', '0'], ['fail', '10', '8', '-2']]);
  });
});

function bill(partnerId: string, payable: string) {
  const builder = new PartnerBillBuilder({ partnerId, period: '2026-10', partners: [partner(partnerId, ['reseller'])], primaryCurrency: 'CNY', coupons: [], creditBroughtForward: {} });
  builder.add(fee({ customerId: 'C1', payable }), association('C1', partnerId));
  return builder.finish()[0]!;
}

describe('bill.provider_summary', () => {
  const summaryRow = (partnerId: string, consumption: string) => ({ partnerId, billCycle: '2026-10', consumption, refunds: '0', adjustments: '0', amountDue: consumption, currency: 'CNY' });

  it('compares every figure with tolerance 0 and fails partners missing on either side', () => {
    const rows = providerSummaryChecks('2026-10', [bill('P1', '10.005'), bill('P2', '1')], [summaryRow('P1', '10.01'), summaryRow('P3', '2'), summaryRow('P2', '1.00')].map((r, i) => (i === 2 ? { ...r, amountDue: '0.99' } : r)));
    expect(rows.map((r) => [r.status, r.subject, r.difference])).toEqual([
      ['ok', 'P1 CNY consumption', '0.00'],
      ['ok', 'P1 CNY refunds', '0.00'],
      ['ok', 'P1 CNY adjustments', '0.00'],
      ['ok', 'P1 CNY amount_due', '0.00'],
      ['ok', 'P2 CNY consumption', '0.00'],
      ['ok', 'P2 CNY refunds', '0.00'],
      ['ok', 'P2 CNY adjustments', '0.00'],
      ['fail', 'P2 CNY amount_due', '0.01'],
      ['fail', 'P3 CNY', ''],
    ]);
    expect(providerSummaryChecks('2026-10', [bill('P1', '1')], [])[0]!.status).toBe('fail');
    expect(providerSummaryChecks('2026-10', [bill('P1', '1')], undefined)[0]!.status).toBe('ok');
  });

  it('a statement in a currency the summary does not list for a listed partner is a warning, not a failure', () => {
    const usd = { ...bill('P1', '3'), currency: 'USD' };
    const rows = providerSummaryChecks('2026-10', [bill('P1', '1'), usd], [summaryRow('P1', '1')]);
    expect(rows.filter((r) => r.subject === 'P1 USD').map((r) => [r.status, r.actual])).toEqual([['warn', 'no USD row in provider summary']]);
  });
});

describe('statement.sum', () => {
  it('ok per consistent statement; a fail names each broken sum', () => {
    const good = bill('P1', '10.005');
    expect(statementSumChecks([good]).map((r) => r.status)).toEqual(['ok']);
    const tampered = { ...good, customers: good.customers.map((c) => ({ ...c, consumption: '10.00' })), totals: { ...good.totals, credit_carried: '1.00' } };
    expect(statementSumChecks([tampered]).map((r) => [r.status, r.subject, r.expected, r.actual])).toEqual([
      ['fail', 'P1 CNY customers.consumption', '10.01', '10.00'],
      ['fail', 'P1 CNY amount_due', '9.01', '10.01'],
      ['fail', 'P1 CNY amount_due/credit_carried', 'both ≥ 0, at most one > 0', '10.01 / 1.00'],
    ]);
  });
});

describe('completeChecks', () => {
  it('adds one ok row for every check code that produced nothing, and sorts', () => {
    const rows = completeChecks(ingestConflictChecks([{ file: 'b', recordId: 'X' }, { file: 'a', recordId: 'Y' }]));
    expect(rows.map((r) => r.check)).toEqual([...CLOSE_CHECK_CODES, 'ingest.conflict'].sort());
    expect(rows.filter((r) => r.check === 'ingest.conflict').map((r) => r.subject)).toEqual(['a', 'b']);
  });
});
