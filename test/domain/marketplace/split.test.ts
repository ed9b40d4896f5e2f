import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromScaled, sumDecimals } from '../../../src/domain/money/exactDecimal';
import { merchantShareRatio, ShareRatioError, type MarketplaceProduct, type ShareTier } from '../../../src/domain/marketplace/shareRatio';
import { reverseRefund, splitPaid, splitProductSales, sumSplits } from '../../../src/domain/marketplace/splitProduct';

const product = (platformFeeRate: string): MarketplaceProduct => ({
  productId: 'P1', sellerId: 'S1', productClass: 'generic', platformFeeRate, fiveDayRefund: false,
});
const tiers: ShareTier[] = [
  { platformFeeRate: '0.05', minMonthlyPaid: '1500000', extraMerchantShare: '0.02' },
  { platformFeeRate: '0.05', minMonthlyPaid: '500000', extraMerchantShare: '0.01' },
  { platformFeeRate: '0.10', minMonthlyPaid: '100', extraMerchantShare: '0.05' },
];

/** Amounts with up to 4 decimals (exact input), either sign. */
const exactArb = fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }).map((u) => fromScaled({ units: u, scale: 4 }));
const rateArb = fc.integer({ min: 0, max: 1000 }).map((u) => fromScaled({ units: BigInt(u), scale: 3 }));

describe('merchantShareRatio', () => {
  it('1 500 000.00 paid crossing the 0.05 / 1 500 000 / 0.02 tier → merchant 97 %', () => {
    // Proves: the highest tier reached applies (≥), not the lower one.
    const r = merchantShareRatio(product('0.05'), '1500000.00', tiers);
    expect(r.ratio).toBe('0.97');
    expect(r.tier?.minMonthlyPaid).toBe('1500000');
    expect(splitPaid('1500000.00', r.ratio)).toEqual({ paid: '1500000.00', merchant_share: '1455000.00', platform_fee: '45000.00' });
  });

  it('just below a tier, between tiers, other fee rates, and the shown (rounded) paid amount', () => {
    expect(merchantShareRatio(product('0.05'), '1499999.99', tiers).ratio).toBe('0.96');
    expect(merchantShareRatio(product('0.05'), '1499999.995', tiers).ratio).toBe('0.97');
    expect(merchantShareRatio(product('0.05'), '499999.99', tiers)).toEqual({ ratio: '0.95', tier: undefined });
    expect(merchantShareRatio(product('0.050'), '600000', tiers).ratio).toBe('0.96');
    expect(merchantShareRatio(product('0.1'), '100', tiers).ratio).toBe('0.95');
    expect(merchantShareRatio(product('0.2'), '9999999', tiers).ratio).toBe('0.8');
  });

  it('refuses a fee rate or a tier that makes the ratio leave [0, 1]', () => {
    expect(() => merchantShareRatio(product('1.5'), '1', tiers)).toThrow(ShareRatioError);
    expect(() => merchantShareRatio(product('0.01'), '10', [{ platformFeeRate: '0.01', minMonthlyPaid: '0', extraMerchantShare: '0.02' }]))
      .toThrow(/outside \[0, 1\]/);
  });

  it('does not depend on the order of tier rows (property)', () => {
    fc.assert(fc.property(exactArb, fc.shuffledSubarray(tiers), (paid, rows) => {
      expect(merchantShareRatio(product('0.05'), paid, rows)).toEqual(merchantShareRatio(product('0.05'), paid, [...rows].reverse()));
    }), { numRuns: 200 });
  });
});

describe('splitPaid / reverseRefund', () => {
  it('rounds the paid amount once, then splits by largest remainder', () => {
    expect(splitPaid('100.005', '0.95')).toEqual({ paid: '100.01', merchant_share: '95.01', platform_fee: '5.00' });
    expect(splitPaid('0.01', '0.5')).toEqual({ paid: '0.01', merchant_share: '0.01', platform_fee: '0.00' });
    expect(splitPaid('10', '1')).toEqual({ paid: '10.00', merchant_share: '10.00', platform_fee: '0.00' });
    expect(splitProductSales('P9', '33.33', '0.7')).toEqual({ product_id: 'P9', paid: '33.33', merchant_share: '23.33', platform_fee: '10.00' });
  });

  it('a refund reverses with its original ratio as the exact mirror; a five-day refund nets its order to zero', () => {
    const charge = splitPaid('199.99', '0.97');
    const refund = reverseRefund('-199.99', '0.97');
    expect(refund).toEqual({ paid: '-199.99', merchant_share: `-${charge.merchant_share}`, platform_fee: `-${charge.platform_fee}` });
    const totals = sumSplits([charge], [refund]);
    expect(totals).toMatchObject({ gross: '199.99', refunds: '-199.99', net: '0.00' });
    expect(() => reverseRefund('5', '0.95')).toThrow(/positive/);
  });

  it('merchant + platform = paid to the cent, and refunds mirror charges, for random amounts, fee rates and tiers (property)', () => {
    const tierArb = fc.array(fc.record({
      platformFeeRate: rateArb, minMonthlyPaid: fc.integer({ min: 0, max: 10 ** 7 }).map(String),
      extraMerchantShare: fc.integer({ min: 0, max: 50 }).map((u) => fromScaled({ units: BigInt(u), scale: 3 })),
    }), { maxLength: 5 });
    fc.assert(fc.property(exactArb, rateArb, tierArb, (paid, fee, rows) => {
      let ratio: string;
      try {
        ratio = merchantShareRatio(product(fee), paid, rows).ratio;
      } catch (e) {
        expect(e).toBeInstanceOf(ShareRatioError);
        return;
      }
      const s = splitPaid(paid, ratio);
      expect(sumDecimals([s.merchant_share, s.platform_fee])).toBe(sumDecimals([s.paid]));
      for (const v of [s.paid, s.merchant_share, s.platform_fee]) expect(v).toMatch(/^-?\d+\.\d{2}$/);
      const positive = paid.startsWith('-') ? paid.slice(1) : paid;
      const charge = splitPaid(positive, ratio);
      const refund = reverseRefund(positive === '0' ? '0' : `-${positive}`, ratio);
      expect(sumDecimals([charge.merchant_share, refund.merchant_share])).toBe('0');
      expect(sumDecimals([charge.platform_fee, refund.platform_fee])).toBe('0');
    }), { numRuns: 500 });
  });

  it('statement sums conserve: merchant_share + platform_fee = gross, refunds_reversed + platform part = refunds (property)', () => {
    const lineArb = fc.tuple(exactArb.map((a) => (a.startsWith('-') ? a.slice(1) : a)), rateArb);
    fc.assert(fc.property(fc.array(lineArb, { maxLength: 12 }), fc.array(lineArb, { maxLength: 6 }), (sales, refunds) => {
      const s = sumSplits(
        sales.map(([paid, r]) => splitPaid(paid, r)),
        refunds.map(([paid, r]) => reverseRefund(paid === '0' ? '0' : `-${paid}`, r)),
      );
      expect(sumDecimals([s.merchant_share, s.platform_fee])).toBe(sumDecimals([s.gross]));
      expect(sumDecimals([s.refunds_reversed, s.refunds_platform_fee])).toBe(sumDecimals([s.refunds]));
      expect(sumDecimals([s.net])).toBe(sumDecimals([s.merchant_share, s.refunds_reversed]));
      expect(s.refunds.startsWith('-') || s.refunds === '0.00').toBe(true);
    }), { numRuns: 300 });
  });
});
