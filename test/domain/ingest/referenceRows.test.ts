import { describe, expect, it } from 'vitest';
import { parseValidityBound, validateReferenceRow } from '../../../src/domain/ingest/validateReferenceRow';
import { readerFor } from './rowFixtures';

const ZONE = 'Asia/Shanghai';

describe('reference rows', () => {
  it('reads validity bounds as an instant with offset or a date at 00:00 in the billing zone', () => {
    expect(parseValidityBound('2026-10-01', ZONE)).toBe(Date.parse('2026-09-30T16:00:00Z'));
    expect(parseValidityBound('2026-10-01T00:00:00Z', ZONE)).toBe(Date.parse('2026-10-01T00:00:00Z'));
    expect(parseValidityBound('2026-02-30', ZONE)).toBeUndefined();
    expect(parseValidityBound('2026-10-01T00:00:00', ZONE)).toBeUndefined();
  });

  it('validates an association; empty valid_to is open', () => {
    const row = { customer_id: 'C1', partner_id: 'P1', association_type: 'resale', valid_from: '2026-01-01', valid_to: '' };
    expect(validateReferenceRow(readerFor('associations', row), 'associations', ZONE)).toMatchObject({
      associationType: 'resale', validFromMs: Date.parse('2025-12-31T16:00:00Z'), validToMs: undefined,
    });
    const bad = readerFor('associations', { ...row, association_type: 'agency', valid_to: '2025-01-01' });
    expect(validateReferenceRow(bad, 'associations', ZONE)).toBeUndefined();
    expect(bad.issues.map((i) => [i.column, i.code])).toEqual([['association_type', 'row.enum'], ['valid_to', 'row.rule']]);
  });

  it('splits partner roles on ";" and rejects unknown roles', () => {
    const row = { partner_id: 'P1', name: 'Acme', roles: 'distributor; Solution_Provider' };
    expect(validateReferenceRow(readerFor('partners', row), 'partners', ZONE)).toMatchObject({
      roles: ['distributor', 'solution_provider'], currency: 'CNY',
    });
    const bad = readerFor('partners', { ...row, roles: 'distributor;broker' });
    expect(validateReferenceRow(bad, 'partners', ZONE)).toBeUndefined();
    expect(bad.issues[0]?.code).toBe('row.enum');
  });

  it('reads coupon and provider summary amounts exactly, currency defaulting to CNY', () => {
    expect(validateReferenceRow(readerFor('partner-coupons', { partner_id: 'P1', coupon_id: 'K1', period: '2026-10', amount: '1E+2' }), 'partner-coupons', ZONE))
      .toEqual({ partnerId: 'P1', couponId: 'K1', period: '2026-10', amount: '100', currency: 'CNY' });
    const summary = readerFor('provider-summary', {
      partner_id: 'P1', bill_cycle: '2026-10', consumption: '10.10', refunds: '-1', adjustments: 'x', amount_due: '9.1', currency: 'USD',
    });
    expect(validateReferenceRow(summary, 'provider-summary', ZONE)).toBeUndefined();
    expect(summary.issues.map((i) => [i.column, i.code])).toEqual([['adjustments', 'row.amount']]);
  });

  it('rejects a partner invoice content or rate outside the contract, naming the accepted values', () => {
    const row = { partner_id: 'P1', name: 'Acme', roles: 'solution_provider', invoice_tax_rate: '0.06', invoice_content: '信息技术服务-技术服务费' };
    expect(validateReferenceRow(readerFor('partners', row), 'partners', ZONE)).toMatchObject({ invoiceTaxRate: '0.06', invoiceContent: '信息技术服务-技术服务费' });
    const bad = readerFor('partners', { ...row, invoice_tax_rate: '0.13', invoice_content: '咨询服务费' });
    expect(validateReferenceRow(bad, 'partners', ZONE)).toBeUndefined();
    expect(bad.issues.map((i) => [i.column, i.code])).toEqual([['invoice_tax_rate', 'row.enum'], ['invoice_content', 'row.enum']]);
    expect(bad.issues[1]?.message).toContain('信息技术服务-信息系统服务');
  });

  it('validates incentive policies and special incentives', () => {
    expect(validateReferenceRow(readerFor('incentive-policies', { service_type_code: '*', policy: '13', rate: '0' }), 'incentive-policies', ZONE))
      .toEqual({ serviceTypeCode: '*', policy: 13, rate: '0', minPeriodPerformance: '0', validFrom: '', validTo: '' });
    const badPolicy = readerFor('incentive-policies', { service_type_code: 'ec2', policy: '5', rate: '0.1', valid_from: '2026-10', valid_to: '2026-09' });
    expect(validateReferenceRow(badPolicy, 'incentive-policies', ZONE)).toBeUndefined();
    expect(badPolicy.issues.map((i) => i.column)).toEqual(['policy', 'valid_to']);
    expect(validateReferenceRow(readerFor('special-incentives', { partner_id: 'S1', program: 'X', period: '2026-10', rate: '0.01', basis: 'performance', cap: '500' }), 'special-incentives', ZONE))
      .toEqual({ partnerId: 'S1', program: 'X', period: '2026-10', amount: '', rate: '0.01', basis: 'performance', cap: '500' });
    const both = readerFor('special-incentives', { partner_id: 'S1', program: 'X', period: '2026-10', amount: '10', rate: '0.01', basis: 'performance' });
    expect(validateReferenceRow(both, 'special-incentives', ZONE)).toBeUndefined();
    expect(both.issues[0]?.column).toBe('rate');
  });

  it('validates marketplace products: class by English or Chinese name, rate in [0, 1], five-day flag defaulting to false', () => {
    const row = { product_id: 'PR1', seller_id: 'S1', product_class: '联营', platform_fee_rate: '0.050' };
    expect(validateReferenceRow(readerFor('marketplace-products', row), 'marketplace-products', ZONE))
      .toEqual({ productId: 'PR1', sellerId: 'S1', productClass: 'joint', platformFeeRate: '0.05', fiveDayRefund: false });
    expect(validateReferenceRow(readerFor('marketplace-products', { ...row, product_class: 'Curated', five_day_refund: 'true' }), 'marketplace-products', ZONE))
      .toMatchObject({ productClass: 'curated', fiveDayRefund: true });
    const bad = readerFor('marketplace-products', { ...row, product_class: 'premium', platform_fee_rate: '1.5', five_day_refund: 'maybe' });
    expect(validateReferenceRow(bad, 'marketplace-products', ZONE)).toBeUndefined();
    expect(bad.issues.map((i) => [i.column, i.code])).toEqual([
      ['product_class', 'row.enum'], ['platform_fee_rate', 'row.rule'], ['five_day_refund', 'row.enum'],
    ]);
  });

  it('validates share tiers and deposits: rates in [0, 1], amounts not negative, deposit currency defaulting to CNY', () => {
    expect(validateReferenceRow(readerFor('share-tiers', { platform_fee_rate: '0.05', min_monthly_paid: '1500000', extra_merchant_share: '0.02' }), 'share-tiers', ZONE))
      .toEqual({ platformFeeRate: '0.05', minMonthlyPaid: '1500000', extraMerchantShare: '0.02' });
    const badTier = readerFor('share-tiers', { platform_fee_rate: '0.05', min_monthly_paid: '-1', extra_merchant_share: '-0.02' });
    expect(validateReferenceRow(badTier, 'share-tiers', ZONE)).toBeUndefined();
    expect(badTier.issues.map((i) => i.column)).toEqual(['min_monthly_paid', 'extra_merchant_share']);
    expect(validateReferenceRow(readerFor('merchant-deposits', { seller_id: 'S1', deposit_balance: '5000.00' }), 'merchant-deposits', ZONE))
      .toEqual({ sellerId: 'S1', depositBalance: '5000', currency: 'CNY' });
  });
});
