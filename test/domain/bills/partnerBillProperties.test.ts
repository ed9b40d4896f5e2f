import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartnerBillBuilder } from '../../../src/domain/bills/partnerBillBuilder';
import type { BillRecord } from '../../../src/domain/records/types';
import type { Association } from '../../../src/domain/reference/types';
import { statementSumChecks } from '../../../src/domain/reconcile/statementSumChecks';
import { renderPartnerStatementJson } from '../../../src/domain/statements/renderPartnerStatementJson';
import { adjustment, association, fee, partner } from './billFixtures';

const partners = [partner('D', ['distributor']), partner('R1', ['reseller'], 'D')];
const amount = fc
  .tuple(fc.integer({ min: -5_000_000, max: 5_000_000 }), fc.integer({ min: 0, max: 3 }))
  .map(([units, scale]) => (units / 10 ** scale).toFixed(scale));
const positive = fc.integer({ min: 1, max: 5_000_000 }).map((units) => (units / 1000).toFixed(3));

const recordArb: fc.Arbitrary<[BillRecord, Association]> = fc
  .record({
    customer: fc.constantFrom('C1', 'C2', 'C3', 'C4', 'C5'),
    owner: fc.constantFrom('D', 'R1'),
    type: fc.constantFrom<Association['associationType']>('resale', 'resale', 'referral'),
    kind: fc.constantFrom('consumption', 'refund', 'adjustment'),
    value: amount,
    adjust: positive,
    coupon: fc.constantFrom('0', '0.5', '1.005'),
    region: fc.constantFrom('', 'r1', 'r2'),
    mode: fc.constantFrom(1, 3),
    currency: fc.constantFrom('CNY', 'CNY', 'USD'),
  })
  .map((r): [BillRecord, Association] => {
    const attribution = association(r.customer, r.owner, r.type);
    if (r.kind === 'adjustment') return [adjustment(r.customer, 'charge', r.adjust, r.currency), attribution];
    const payable = r.kind === 'refund' && !r.value.startsWith('-') ? `-${r.value}` : r.value.replace(/^-/, r.kind === 'refund' ? '-' : '');
    return [fee({ kind: r.kind as 'consumption' | 'refund', customerId: r.customer, payable, coupon: r.coupon, regionCode: r.region, chargingMode: r.mode, currency: r.currency }), attribution];
  });

function bills(records: readonly [BillRecord, Association][]) {
  const builder = new PartnerBillBuilder({
    partnerId: 'D', period: '2026-10', partners, primaryCurrency: 'CNY',
    coupons: [{ partnerId: 'D', couponId: 'K', period: '2026-10', amount: '3.333', currency: '' }], creditBroughtForward: { CNY: '1.10' },
  });
  for (const [record, attribution] of records) builder.add(record, attribution);
  return builder.finish();
}

describe('partner bill properties', () => {
  it('shown sub-totals + rounding residual = shown totals on every drill-down (statement.sum finds nothing)', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 60 }), (records) => {
        const statements = bills(records);
        expect(statementSumChecks(statements).filter((c) => c.status !== 'ok')).toEqual([]);
        for (const s of statements) {
          expect(s.totals.amount_due === '0.00' || s.totals.credit_carried === '0.00').toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of the records', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 40 }).chain((records) => fc.tuple(fc.constant(records), fc.shuffledSubarray(records, { minLength: records.length }))), ([records, shuffled]) => {
        const a = bills(records).map((s) => renderPartnerStatementJson(s));
        const b = bills(shuffled).map((s) => renderPartnerStatementJson(s));
        expect(b).toEqual(a);
      }),
      { numRuns: 150 },
    );
  });
});
