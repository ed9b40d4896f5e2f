import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ExactSum, compareDecimal, fromScaled } from '../../../src/domain/money/exactDecimal';
import { SettlementDataError, earlierRatioKey, settleMerchant, type MerchantSettlementInput } from '../../../src/domain/marketplace/settleMerchant';
import type { MarketplaceProduct, ProductClass, ShareTier } from '../../../src/domain/reference/types';
import type { FeeRecord } from '../../../src/domain/records/types';
import { fee } from './marketplaceFixtures';

const product = (productId: string, productClass: ProductClass, platformFeeRate: string, fiveDayRefund = true): MarketplaceProduct =>
  ({ productId, sellerId: 'M1', productClass, platformFeeRate, fiveDayRefund });

const PRODUCTS = new Map([
  ['GEN', product('GEN', 'generic', '0.05')],
  ['JNT', product('JNT', 'joint', '0.20')],
]);
const TIERS: ShareTier[] = [{ platformFeeRate: '0.05', minMonthlyPaid: '10000', extraMerchantShare: '0.02' }];

function input(records: FeeRecord[], over: Partial<MerchantSettlementInput> = {}): MerchantSettlementInput {
  return {
    period: '2026-10', revision: 1, sellerId: 'M1', sellerName: '', currency: 'CNY', records, products: PRODUCTS, tiers: TIERS,
    originalOrders: new Map(), otherPeriodRatios: new Map(),
    opening: { broughtForward: [], deposit: { opening: '0', source: 'none', source_period: null } },
    invoiceRate: '0.06', ...over,
  };
}

describe('settleMerchant', () => {
  it('splits per product with the tier reached, reverses refunds with their order ratio, and pays classes reaching 1 000', () => {
    const sales = [
      fee('consumption', 'S1', 'GEN', '10000.01'), // reaches the 10 000 tier: ratio 0.97
      fee('consumption', 'S2', 'JNT', '2000.00', { tradeId: 'ORDER-J' }),
    ];
    const refund = fee('refund', 'R1', 'JNT', '-500.00', { originalTradeId: 'ORDER-J', refundReason: 'downgrade' });
    const s = settleMerchant(input([...sales, refund], { originalOrders: new Map([['ORDER-J', { period: '2026-10', productId: 'JNT' }]]) }));
    expect(s.products.map((p) => [p.product_id, p.merchant_ratio, p.paid, p.merchant_share, p.platform_fee])).toEqual([
      ['GEN', '0.97', '10000.01', '9700.01', '300.00'], // 9700.0097 → 9700.01
      ['JNT', '0.8', '2000.00', '1600.00', '400.00'],
    ]);
    expect(s.refunds.map((r) => [r.record_id, r.merchant_ratio, r.paid, r.merchant_share, r.platform_fee, r.ratio_source])).toEqual([
      ['R1', '0.8', '-500.00', '-400.00', '-100.00', 'order'],
    ]);
    expect(s.totals).toMatchObject({
      gross: '12000.01', merchant_share: '11300.01', platform_fee: '700.00', refunds: '-500.00', refunds_reversed: '-400.00',
      net: '10900.01', brought_forward: '0.00', payable: '10900.01', carried_forward: '0.00',
    });
    // The joint class (the merchant invoices the platform) is paid 1 200.00: one invoice line, 6 %.
    expect(s.invoice_list.required).toBe(true);
    expect(s.invoice_list.lines).toEqual([expect.objectContaining({ product_class: 'joint', amount: '1200.00', net: '1132.08', tax: '67.92' })]);
    expect(s.statement_id).toBe('S-2026-10-r1-CNY-M1');
    // A merchant's invoice quotes the payment request: a later revision must not renumber it.
    expect(s.invoice_list.lines.map((l) => l.payment_request_no)).toEqual(['PR-2026-10-CNY-M1-joint']);
    const rev2 = settleMerchant(input([...sales, refund], { revision: 2, originalOrders: new Map([['ORDER-J', { period: '2026-10', productId: 'JNT' }]]) }));
    expect(rev2.statement_id).toBe('S-2026-10-r2-CNY-M1');
    expect(rev2.invoice_list.lines).toEqual(s.invoice_list.lines);
  });

  it('nets a five-day refund of an order of the same period to zero and shows both', () => {
    const order = fee('consumption', 'S1', 'GEN', '333.33', { tradeId: 'ORDER-5' });
    const refund = fee('refund', 'R1', 'GEN', '-333.33', { originalTradeId: 'ORDER-5', refundReason: 'five_day' });
    const s = settleMerchant(input([order, refund], { originalOrders: new Map([['ORDER-5', { period: '2026-10', productId: 'GEN' }]]) }));
    expect(s.five_day_netting).toEqual([expect.objectContaining({
      trade_id: 'ORDER-5', order_record_ids: ['S1'], refund_record_ids: ['R1'], order_paid: '333.33', refund_paid: '-333.33',
      order_merchant_share: '316.66', refund_merchant_share: '-316.66', net_paid: '0.00', net_merchant_share: '0.00',
    })]);
    expect(s.totals).toMatchObject({ gross: '333.33', refunds: '-333.33', net: '0.00', payable: '0.00', carried_forward: '0.00' });
    expect(s.valid_orders).toBe(0); // a five-day refund (5天无理由退订) undoes the order: no valid order
  });

  it('reverses a refund of an earlier order with that period\'s ratio, and an unknown order\'s with this month\'s', () => {
    const refund = fee('refund', 'R1', 'GEN', '-100.00', { originalTradeId: 'OLD', refundReason: 'unsubscribe' });
    const lost = fee('refund', 'R2', 'GEN', '-100.00', { originalTradeId: 'NOWHERE', refundReason: 'unsubscribe' });
    const s = settleMerchant(input([refund, lost], {
      originalOrders: new Map([['OLD', { period: '2026-09', productId: 'GEN' }]]),
      otherPeriodRatios: new Map([[earlierRatioKey('2026-09', 'GEN'), '0.97']]),
      opening: { broughtForward: [], deposit: { opening: '50.00', source: 'merchant_deposits', source_period: null } },
    }));
    expect(s.refunds.map((r) => [r.record_id, r.original_period, r.merchant_ratio, r.merchant_share, r.ratio_source])).toEqual([
      ['R1', '2026-09', '0.97', '-97.00', 'order'],
      ['R2', '', '0.95', '-95.00', 'unknown_order'],
    ]);
    // Nothing absorbs −192.00 this month: it is carried forward once, the deposit is untouched.
    expect(s.totals).toMatchObject({ net: '-192.00', carried_forward: '-192.00', deducted_from_deposit: '0.00', payable: '0.00' });
    expect(s.carried).toEqual([{ kind: 'deduction', from_period: '2026-10', amount: '-192.00' }]);
    expect(s.deposit).toEqual({ opening: '50.00', deducted: '0.00', remaining: '50.00', source: 'merchant_deposits', source_period: null });
  });

  it('takes a carried deduction the month cannot absorb from the deposit, then as payback', () => {
    const s = settleMerchant(input([fee('consumption', 'S1', 'GEN', '100.00')], {
      opening: {
        broughtForward: [{ kind: 'deduction', from_period: '2026-09', amount: '-500.00' }],
        deposit: { opening: '300.00', source: 'previous_settlement', source_period: '2026-09' },
      },
    }));
    expect(s.totals).toMatchObject({
      net: '95.00', brought_forward: '-500.00', deducted_from_deposit: '300.00', payback_receivable: '105.00', payable: '0.00', carried_forward: '0.00',
    });
    expect(s.deposit.remaining).toBe('0.00');
    expect(s.cascade.map((l) => [l.step, l.from_period, l.amount])).toEqual([
      ['deduction_brought_forward', '2026-09', '-500.00'],
      ['period_net', '2026-10', '95.00'],
      ['deduction_absorbed', '2026-09', '95.00'],
      ['deducted_from_deposit', '2026-09', '300.00'],
      ['payback_receivable', '2026-09', '105.00'],
    ]);
  });

  it('refuses a product missing from marketplace-products.csv or listed under another seller', () => {
    expect(() => settleMerchant(input([fee('consumption', 'S1', 'NOPE', '1.00')]))).toThrow(SettlementDataError);
    const other = new Map([...PRODUCTS, ['GEN', { ...PRODUCTS.get('GEN')!, sellerId: 'M2' }]]);
    expect(() => settleMerchant(input([fee('consumption', 'S1', 'GEN', '1.00')], { products: other }))).toThrow(/belongs to seller M2/);
    const positive = fee('refund', 'R1', 'GEN', '5.00', { originalTradeId: 'X' });
    expect(() => settleMerchant(input([positive]))).toThrow(expect.objectContaining({ code: 'settlement.refund_amount' }));
  });
});

/** Exact amounts with up to 4 decimals, as a platform record may carry. */
const amountArb = fc.bigInt({ min: 1n, max: 10n ** 11n }).map((u) => fromScaled({ units: u, scale: 4 }));
const classArb = fc.constantFrom<ProductClass>('generic', 'joint', 'platform', 'curated');
const rateArb = fc.integer({ min: 0, max: 60 }).map((u) => fromScaled({ units: BigInt(u), scale: 2 }));

describe('settleMerchant conservation (property)', () => {
  it('merchant + platform = paid per product, per refund and per statement; the settlement identity holds; nothing is lost', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ productClass: classArb, rate: rateArb }), { minLength: 1, maxLength: 4 }),
      fc.array(fc.record({ rate: rateArb, min: amountArb, extra: fc.integer({ min: 0, max: 5 }) }), { maxLength: 3 }),
      fc.array(fc.record({ product: fc.nat(), amount: amountArb }), { minLength: 1, maxLength: 12 }),
      fc.array(fc.record({ sale: fc.nat(), part: fc.integer({ min: 1, max: 100 }), earlier: fc.boolean(), reason: fc.constantFrom('unsubscribe', 'five_day') }), { maxLength: 6 }),
      fc.array(fc.oneof(
        fc.record({ kind: fc.constant('deduction' as const), from_period: fc.constant('2026-09'), amount: amountArb.map((a) => `-${fromScaled({ units: BigInt(Math.round(Number(a) * 100)), scale: 2 })}`) }),
        fc.record({ kind: fc.constant('unpaid' as const), product_class: classArb, from_period: fc.constant('2026-08'), amount: fc.integer({ min: 1, max: 99_999 }).map((c) => fromScaled({ units: BigInt(c), scale: 2 })) }),
      ), { maxLength: 3 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      (productDefs, tierDefs, saleDefs, refundDefs, broughtForward, depositCents) => {
        const products = new Map(productDefs.map((p, i) => [`P${i}`, product(`P${i}`, p.productClass, p.rate)]));
        // A tier never gives back more than the fee (the ratio stays ≤ 1; beyond is a data error tested elsewhere).
        const tiers: ShareTier[] = tierDefs.map((t) => ({
          platformFeeRate: t.rate, minMonthlyPaid: t.min,
          extraMerchantShare: fromScaled({ units: BigInt(Math.min(t.extra, Math.round(Number(t.rate) * 100))), scale: 2 }),
        }));
        const sales = saleDefs.map((s, i) => fee('consumption', `S${i}`, `P${s.product % productDefs.length}`, s.amount, { tradeId: `O${i}` }));
        const orders = new Map<string, { period: string; productId: string }>();
        const ratios = new Map<string, string>();
        const refunds = refundDefs.map((r, i) => {
          const sale = sales[r.sale % sales.length]!;
          const tradeId = r.earlier ? `OLD${i}` : sale.tradeId;
          orders.set(tradeId, { period: r.earlier ? '2026-09' : '2026-10', productId: sale.productId });
          if (r.earlier) ratios.set(earlierRatioKey('2026-09', sale.productId), '0.9');
          const amount = fromScaled({ units: -(BigInt(Math.round(Number(sale.amounts.payable) * 10_000)) * BigInt(r.part)) / 100n, scale: 4 });
          return fee('refund', `R${i}`, sale.productId, amount, { originalTradeId: tradeId, refundReason: r.reason });
        });
        // Unpaid items of the same class are merged by the cascade; deductions must be negative cents.
        const bf = broughtForward.filter((b) => compareDecimal(b.amount, '0') !== 0);
        const s = settleMerchant(input([...sales, ...refunds], {
          products, tiers, originalOrders: orders, otherPeriodRatios: ratios,
          opening: { broughtForward: bf, deposit: { opening: fromScaled({ units: BigInt(depositCents), scale: 2 }), source: 'merchant_deposits', source_period: null } },
        }));
        const eq = (terms: string[], total: string) => expect(compareDecimal(terms.reduce((a, t) => a.add(t), new ExactSum()).value(), total)).toBe(0);
        for (const p of s.products) eq([p.merchant_share, p.platform_fee], p.paid);
        for (const r of s.refunds) eq([r.merchant_share, r.platform_fee], r.paid);
        const t = s.totals;
        eq([t.merchant_share, t.platform_fee], t.gross);
        eq([t.refunds_reversed, t.refunds_platform_fee], t.refunds);
        eq([t.merchant_share, t.refunds_reversed], t.net);
        eq([t.net, t.brought_forward, t.deducted_from_deposit, t.payback_receivable], [t.payable, t.carried_forward].reduce((a, v) => a.add(v), new ExactSum()).value());
        eq(s.carried.map((c) => c.amount), t.carried_forward);
        // gross is Σ paid rounded once; the products' lines add up to it exactly.
        eq(s.products.map((p) => p.paid), t.gross);
        for (const f of ['payable', 'deducted_from_deposit', 'payback_receivable'] as const) expect(compareDecimal(t[f], '0')).toBeGreaterThanOrEqual(0);
        eq([s.deposit.opening, `-${s.deposit.deducted}`], s.deposit.remaining);
        // Record order does not matter.
        const again = settleMerchant(input([...refunds, ...sales].reverse(), {
          products, tiers, originalOrders: orders, otherPeriodRatios: ratios,
          opening: { broughtForward: bf, deposit: { opening: fromScaled({ units: BigInt(depositCents), scale: 2 }), source: 'merchant_deposits', source_period: null } },
        }));
        expect(again).toEqual(s);
      },
    ), { numRuns: 300 });
  });
});
