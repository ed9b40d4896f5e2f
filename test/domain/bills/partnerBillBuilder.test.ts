import { describe, expect, it } from 'vitest';
import { PartnerBillBuilder } from '../../../src/domain/bills/partnerBillBuilder';
import type { PartnerStatement } from '../../../src/domain/bills/partnerStatement';
import type { BillRecord } from '../../../src/domain/records/types';
import type { Association } from '../../../src/domain/reference/types';
import { adjustment, association, at, fee, partner } from './billFixtures';

const partners = [
  partner('D', ['distributor']),
  partner('R1', ['reseller'], 'D'),
  partner('R2', ['reseller'], 'D'),
  partner('O', ['reseller']),
];
const switchMs = at('2026-10-15T00:00:00+08:00');
const own = association('C1', 'D');
const viaR1 = association('C2', 'R1');
const viaR2 = association('C3', 'R2');
const referral = association('C4', 'D', 'referral');
const c5Referral = association('C5', 'D', 'referral', at('2026-01-01T00:00:00+08:00'), switchMs);
const c5Resale = association('C5', 'R1', 'resale', switchMs);
const own6 = association('C6', 'D');

/** The hand-computed month of a distributor with two resellers (amounts in the test names' comments). */
function distributorMonth(): [BillRecord, Association][] {
  return [
    [fee({ customerId: 'C1', customerName: '甲公司', payable: '100.004', coupon: '10', serviceTypeCode: 'ecs', chargingMode: 1, billType: 1, tradeId: 'T1' }), own],
    [fee({ customerId: 'C1', payable: '50', serviceTypeCode: 'ebs', chargingMode: 3, billType: 5 }), own],
    [fee({ kind: 'refund', customerId: 'C1', payable: '-20.001', coupon: '-2', serviceTypeCode: 'ecs', chargingMode: 1, billType: 4, originalTradeId: 'T1', refundReason: 'downgrade' }), own],
    [fee({ customerId: 'C2', payable: '200', serviceTypeCode: 'ecs', regionCode: 'cn-south-1', chargingMode: 1, billType: 2, tradeId: 'T3' }), viaR1],
    [adjustment('C2', 'compensation', '-5'), viaR1],
    [adjustment('C2', 'charge', '3.5'), viaR1],
    [adjustment('C2', 'writeoff', '-1.25'), viaR1],
    [fee({ customerId: 'C3', payable: '0.333', serviceTypeCode: 'ecs', regionCode: 'cn-south-1' }), viaR2],
    [fee({ customerId: 'C6', payable: '0.003', serviceTypeCode: 'ebs', regionCode: '' }), own6],
    [fee({ customerId: 'C5', payable: '10', serviceTypeCode: 'ecs', tradeTimeMs: switchMs - 1 }), c5Referral],
    [fee({ customerId: 'C5', payable: '20', serviceTypeCode: 'ecs', tradeTimeMs: switchMs }), c5Resale],
    [fee({ customerId: 'C4', payable: '999.99' }), referral],
    [fee({ customerId: 'C1', payable: '12.345', currency: 'USD', serviceTypeCode: 'ecs' }), own],
  ];
}

function build(records: [BillRecord, Association][], extra: Partial<ConstructorParameters<typeof PartnerBillBuilder>[0]> = {}): PartnerStatement[] {
  const builder = new PartnerBillBuilder({
    partnerId: 'D', period: '2026-10', partners, primaryCurrency: 'CNY',
    coupons: [{ partnerId: 'D', couponId: 'K1', period: '2026-10', amount: '30', currency: '' }, { partnerId: 'D', couponId: 'K0', period: '2026-09', amount: '99', currency: '' }],
    creditBroughtForward: { CNY: '7.5' },
    ...extra,
  });
  for (const [record, attribution] of records) builder.add(record, attribution);
  return builder.finish();
}

describe('PartnerBillBuilder: a distributor with two resellers', () => {
  const [cny, usd, ...rest] = build(distributorMonth());

  it('yields one statement per currency, primary first', () => {
    expect(rest).toEqual([]);
    expect([cny!.currency, usd!.currency]).toEqual(['CNY', 'USD']);
  });

  it('totals are exact sums rounded once; coupons and credit reduce amount_due', () => {
    expect(cny!.totals).toEqual({
      consumption: '370.34', refunds: '-20.00', adjustments: '-2.75', corrections: '0.00', settlement: '347.59',
      coupons_used: '38.00', amount_due: '302.09', credit_carried: '0.00', credit_brought_forward: '7.50',
    });
    expect(cny!.totals_exact.settlement).toBe('347.589');
    expect(cny!.totals_exact.balance).toBe('302.089');
    expect(cny!.settlement_rounding_residual).toBe('0.00');
    expect(cny!.coupons).toEqual({ from_records: '8.00', partner_coupons: [{ coupon_id: 'K1', amount: '30.00' }], rounding_residual: '0.00', total: '38.00' });
  });

  it('sub-customers are shown rounded, a residual makes them add up; referral customers are not on the bill', () => {
    expect(cny!.customers.map((c) => [c.customer_id, c.consumption, c.refunds, c.adjustments, c.reseller_id])).toEqual([
      ['C1', '150.00', '-20.00', '0.00', undefined],
      ['C2', '200.00', '0.00', '-2.75', 'R1'],
      ['C3', '0.33', '0.00', '0.00', 'R2'],
      ['C5', '20.00', '0.00', '0.00', 'R1'],
      ['C6', '0.00', '0.00', '0.00', undefined],
    ]);
    expect(cny!.customers[0]!.customer_name).toBe('甲公司');
    expect(cny!.customers_rounding_residual).toEqual({ consumption: '0.01', refunds: '0.00', adjustments: '0.00' });
    expect(cny!.referral.customers.map((c) => [c.customer_id, c.consumption])).toEqual([['C4', '999.99'], ['C5', '10.00']]);
    expect(cny!.referral.total).toEqual({ consumption: '1009.99', refunds: '0.00' });
  });

  it('breaks the distributor bill down per reseller, own customers under its own id', () => {
    expect(cny!.resellers!.lines.map((l) => [l.partner_id, l.consumption, l.refunds, l.adjustments, l.settlement, l.customers])).toEqual([
      ['D', '150.01', '-20.00', '0.00', '130.01', 2],
      ['R1', '220.00', '0.00', '-2.75', '217.25', 2],
      ['R2', '0.33', '0.00', '0.00', '0.33', 1],
    ]);
    expect(cny!.resellers!.total.settlement).toBe(cny!.totals.settlement);
  });

  it('drills down per region, charging mode and bill type with visible residuals', () => {
    expect(cny!.by_region.lines.map((l) => [l.key, l.label, l.consumption, l.refunds])).toEqual([
      ['', 'not specified', '0.00', '0.00'],
      ['cn-north-4', 'cn-north-4', '170.00', '-20.00'],
      ['cn-south-1', 'cn-south-1', '200.33', '0.00'],
    ]);
    expect(cny!.by_region.rounding_residual.consumption).toBe('0.01');
    expect(cny!.by_bill_type.lines.map((l) => [l.key, l.amount])).toEqual([['1', '100.00'], ['2', '200.00'], ['4', '-20.00'], ['5', '70.34']]);
    expect(cny!.by_charging_mode.lines.map((l) => [l.label, l.consumption])).toEqual([['yearly/monthly', '300.00'], ['on-demand', '70.34']]);
    expect(cny!.by_service_type.total).toEqual({ consumption: '370.34', refunds: '-20.00', amount: '350.34' });
  });

  it('counts records and valid orders', () => {
    expect(cny!.counts).toEqual({
      records: 10, consumption_records: 6, refund_records: 1, adjustment_records: 3,
      correction_records: 0, referral_records: 2, customers: 5, valid_orders: 6,
    });
  });

  it('bills the second currency on its own, without coupons or credit of the first', () => {
    expect(usd!.totals.consumption).toBe('12.35');
    expect(usd!.totals.amount_due).toBe('12.35');
    expect(usd!.totals.coupons_used).toBe('0.00');
    expect(usd!.totals.credit_brought_forward).toBe('0.00');
  });
});

describe('PartnerBillBuilder: edge cases', () => {
  it('carries credit forward when coupons exceed the settlement', () => {
    const [s] = build([[fee({ customerId: 'C1', payable: '10', coupon: '2.5' }), own]], { creditBroughtForward: { CNY: '0.004' } });
    expect(s!.totals.coupons_used).toBe('32.50');
    expect(s!.totals.amount_due).toBe('0.00');
    expect(s!.totals.credit_carried).toBe('22.50');
    expect(s!.totals_exact.credit_carried).toBe('22.504');
    expect(s!.amount_due_rounding_residual).toBe('0.00');
  });

  it('books prior-period corrections on separate lines naming the original period', () => {
    const builder = new PartnerBillBuilder({ partnerId: 'D', period: '2026-10', partners, primaryCurrency: 'CNY', coupons: [], creditBroughtForward: {} });
    builder.add(fee({ customerId: 'C1', payable: '1' }), own);
    builder.addCorrection(fee({ customerId: 'C1', payable: '4.444' }), '2026-09');
    builder.addCorrection(adjustment('C2', 'charge', '1.003'), '2026-08', viaR1);
    expect(builder.addCorrection(fee({ customerId: 'C4', payable: '7' }), '2026-09', referral)).toBe(false);
    const [s] = builder.finish();
    expect(s!.corrections.lines.map((l) => [l.original_period, l.amount, l.amount_exact])).toEqual([['2026-08', '1.00', '1.003'], ['2026-09', '4.44', '4.444']]);
    expect(s!.totals.corrections).toBe('5.45');
    expect(s!.totals.settlement).toBe('6.45');
    expect(s!.resellers!.lines.map((l) => [l.partner_id, l.corrections])).toEqual([['D', '4.44'], ['R1', '1.00']]);
  });

  it('issues a zero bill in the primary currency when nothing happened', () => {
    const [s, ...rest] = build([], { coupons: [], creditBroughtForward: { CNY: '0' } });
    expect(rest).toEqual([]);
    expect(s!.currency).toBe('CNY');
    expect(s!.totals.amount_due).toBe('0.00');
    expect(s!.customers).toEqual([]);
  });

  it('refuses records attributed to a partner outside the bill', () => {
    const builder = new PartnerBillBuilder({ partnerId: 'D', period: '2026-10', partners, primaryCurrency: 'CNY', coupons: [], creditBroughtForward: {} });
    expect(() => builder.add(fee({ payable: '1' }), association('C9', 'O'))).toThrow(/neither D nor one of its resellers/);
  });

  it('refuses a negative credit brought forward', () => {
    expect(() => build([], { creditBroughtForward: { CNY: '-1' } })).toThrow(/≥ 0/);
  });

  it('does not count an unsubscribed order as valid', () => {
    const [s] = build([
      [fee({ customerId: 'C1', payable: '30', chargingMode: 1, billType: 1, tradeId: 'T9' }), own],
      [fee({ kind: 'refund', customerId: 'C1', payable: '-30', chargingMode: 1, billType: 4, originalTradeId: 'T9', refundReason: 'unsubscribe' }), own],
      [fee({ customerId: 'C1', payable: '5', coupon: '5', chargingMode: 1, billType: 2, tradeId: 'T10' }), own],
      [fee({ customerId: 'C1', payable: '0', chargingMode: 3 }), own],
    ]);
    expect(s!.counts.valid_orders).toBe(1);
  });

  it('omits the resellers section for a partner that is not a distributor', () => {
    const builder = new PartnerBillBuilder({ partnerId: 'O', period: '2026-10', partners, primaryCurrency: 'CNY', coupons: [], creditBroughtForward: {} });
    builder.add(fee({ customerId: 'C9', payable: '1' }), association('C9', 'O'));
    expect(builder.finish()[0]!.resellers).toBeUndefined();
  });
});
