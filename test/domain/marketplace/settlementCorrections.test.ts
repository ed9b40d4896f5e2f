import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ExactSum, compareDecimal, fromScaled } from '../../../src/domain/money/exactDecimal';
import { runDeductionCascade } from '../../../src/domain/marketplace/deductionCascade';
import { SettlementDataError, earlierRatioKey, settleMerchant, type MerchantSettlementInput } from '../../../src/domain/marketplace/settleMerchant';
import type { SettlementStatement } from '../../../src/domain/marketplace/settlementStatement';
import { marketplaceRefundChecks, settlementSumChecks, splitConservationChecks } from '../../../src/domain/reconcile/settlementChecks';
import { renderSettlementCsv } from '../../../src/domain/statements/renderSettlementCsv';
import { renderSettlementJson } from '../../../src/domain/statements/renderSettlementJson';
import { renderSettlementText } from '../../../src/domain/statements/renderSettlementText';
import type { MarketplaceProduct, ProductClass } from '../../../src/domain/reference/types';
import type { FeeRecord } from '../../../src/domain/records/types';
import { fee } from './marketplaceFixtures';

/**
 * Prior-period corrections on marketplace settlements (DOMAIN §3, §5.2): late records of closed
 * earlier periods enter the deduction cascade as brought-forward items of their period.
 */

const product = (productId: string, productClass: ProductClass, platformFeeRate: string): MarketplaceProduct =>
  ({ productId, sellerId: 'M1', productClass, platformFeeRate, fiveDayRefund: false });

const PRODUCTS = new Map([
  ['GEN', product('GEN', 'generic', '0.05')],
  ['JNT', product('JNT', 'joint', '0.20')],
]);

/** Ratios of August and September as their closed settlements showed them. */
const RATIOS = new Map([
  [earlierRatioKey('2026-08', 'GEN'), '0.9'],
  [earlierRatioKey('2026-08', 'JNT'), '0.75'],
  [earlierRatioKey('2026-09', 'GEN'), '0.97'],
  [earlierRatioKey('2026-09', 'JNT'), '0.8'],
]);

function input(records: FeeRecord[], corrections: FeeRecord[], over: Partial<MerchantSettlementInput> = {}): MerchantSettlementInput {
  return {
    period: '2026-10', revision: 1, sellerId: 'M1', sellerName: '', currency: 'CNY', records, products: PRODUCTS, tiers: [],
    originalOrders: new Map(), otherPeriodRatios: RATIOS,
    opening: { broughtForward: [], deposit: { opening: '0', source: 'none', source_period: null } },
    invoiceRate: '0.06', corrections, ...over,
  };
}

const sum = (values: readonly string[]): string => values.reduce((acc, v) => acc.add(v), new ExactSum()).value();
const expectEqual = (a: string, b: string) => expect(compareDecimal(a, b), `${a} = ${b}`).toBe(0);

function expectIdentity(s: SettlementStatement): void {
  const t = s.totals;
  expectEqual(sum([t.net, t.brought_forward, t.deducted_from_deposit, t.payback_receivable]), sum([t.payable, t.carried_forward]));
  expectEqual(sum([t.merchant_share, t.platform_fee]), t.gross);
  expectEqual(sum([t.merchant_share, t.refunds_reversed]), t.net);
  for (const c of s.corrections) expectEqual(sum([c.merchant_part, c.platform_part]), c.paid);
  expectEqual(sum(s.corrections.map((c) => c.merchant_part)), t.corrections);
}

describe('settleMerchant: prior-period corrections', () => {
  it('a late refund of a closed period\'s order reduces the merchant\'s balance through the cascade: this month, then deposit, then payback', () => {
    const late = fee('refund', 'LR1', 'GEN', '-1000.00', { billCycle: '2026-08', originalTradeId: 'ORD-AUG', refundReason: 'unsubscribe' });
    const s = settleMerchant(input([fee('consumption', 'S1', 'GEN', '500.00')], [late], {
      originalOrders: new Map([['ORD-AUG', { period: '2026-08', productId: 'GEN' }]]),
      opening: { broughtForward: [], deposit: { opening: '300.00', source: 'merchant_deposits', source_period: null } },
    }));
    expect(s.corrections).toEqual([{
      original_period: '2026-08', record_id: 'LR1', kind: 'refund', trade_id: 'ORD-AUG', product_id: 'GEN', product_class: 'generic',
      paid: '-1000.00', merchant_ratio: '0.9', merchant_part: '-900.00', platform_part: '-100.00', ratio_source: 'order', ratio_period: '2026-08',
    }]);
    expect(s.cascade.map((l) => [l.step, l.product_class, l.from_period, l.amount])).toEqual([
      ['correction_deduction', null, '2026-08', '-900.00'],
      ['period_net', 'generic', '2026-10', '475.00'],
      ['deduction_absorbed', 'generic', '2026-08', '475.00'],
      ['deducted_from_deposit', null, '2026-08', '300.00'],
      ['payback_receivable', null, '2026-08', '125.00'],
    ]);
    expect(s.totals).toMatchObject({
      gross: '500.00', merchant_share: '475.00', refunds: '0.00', refunds_reversed: '0.00', net: '475.00',
      brought_forward: '-900.00', corrections: '-900.00', deducted_from_deposit: '300.00', payback_receivable: '125.00',
      payable: '0.00', carried_forward: '0.00',
    });
    // Never carried: like a carried deduction, it has no later chance.
    expect(s.carried).toEqual([]);
    expect(s.deposit).toMatchObject({ opening: '300.00', deducted: '300.00', remaining: '0.00' });
    expect(s.refunds).toEqual([]);
    expectIdentity(s);
  });

  it('a late sale owes the merchant its share at the ratio of its period, and is paid once the class reaches the threshold', () => {
    // August's ratio of GEN is 0.9 (this month's is 0.95): 600.05 × 0.9 = 540.045 → 540.05 (the half cent to the merchant).
    const late = fee('consumption', 'LS1', 'GEN', '600.05', { billCycle: '2026-08', tradeId: 'ORD-LATE' });
    const alone = settleMerchant(input([], [late]));
    expect(alone.corrections).toEqual([expect.objectContaining({
      kind: 'sale', trade_id: 'ORD-LATE', paid: '600.05', merchant_ratio: '0.9', merchant_part: '540.05', platform_part: '60.00', ratio_period: '2026-08',
    })]);
    // Below 1 000: carried as an unpaid balance accumulated since August.
    expect(alone.totals).toMatchObject({ gross: '0.00', net: '0.00', brought_forward: '540.05', corrections: '540.05', payable: '0.00', carried_forward: '540.05' });
    expect(alone.carried).toEqual([{ kind: 'unpaid', product_class: 'generic', from_period: '2026-08', amount: '540.05' }]);
    expectIdentity(alone);

    // With 500.00 of this month's sales (475.00 at 0.95) the generic class holds 1 015.05 ≥ 1 000: paid in full.
    const paid = settleMerchant(input([fee('consumption', 'S1', 'GEN', '500.00')], [late]));
    expect(paid.cascade.map((l) => [l.step, l.product_class, l.from_period, l.amount])).toEqual([
      ['correction_balance', 'generic', '2026-08', '540.05'],
      ['period_net', 'generic', '2026-10', '475.00'],
      ['payable', 'generic', '2026-10', '1015.05'],
    ]);
    expect(paid.totals).toMatchObject({ net: '475.00', brought_forward: '540.05', corrections: '540.05', payable: '1015.05', carried_forward: '0.00' });
    expectIdentity(paid);
  });

  it('groups corrections per period and class in the cascade, keeps one line per record, and books an unknown order at the period\'s product ratio', () => {
    const corrections = [
      fee('consumption', 'LS2', 'JNT', '100.00', { billCycle: '2026-09' }),
      fee('consumption', 'LS1', 'GEN', '100.00', { billCycle: '2026-08' }),
      fee('consumption', 'LS3', 'GEN', '200.00', { billCycle: '2026-08' }),
      fee('refund', 'LR1', 'JNT', '-40.00', { billCycle: '2026-09', originalTradeId: 'NOWHERE' }),
      // An order of this very period: this month's ratio (0.95).
      fee('refund', 'LR2', 'GEN', '-20.00', { billCycle: '2026-09', originalTradeId: 'ORD-OCT' }),
    ];
    const s = settleMerchant(input([fee('consumption', 'S1', 'GEN', '2000.00', { tradeId: 'ORD-OCT' })], corrections, {
      originalOrders: new Map([['ORD-OCT', { period: '2026-10', productId: 'GEN' }]]),
    }));
    expect(s.corrections.map((c) => [c.original_period, c.record_id, c.merchant_ratio, c.merchant_part, c.ratio_source, c.ratio_period])).toEqual([
      ['2026-08', 'LS1', '0.9', '90.00', 'order', '2026-08'],
      ['2026-08', 'LS3', '0.9', '180.00', 'order', '2026-08'],
      ['2026-09', 'LR1', '0.8', '-32.00', 'unknown_order', '2026-09'],
      ['2026-09', 'LR2', '0.95', '-19.00', 'order', '2026-10'],
      ['2026-09', 'LS2', '0.8', '80.00', 'order', '2026-09'],
    ]);
    expect(s.cascade.filter((l) => l.step.startsWith('correction_')).map((l) => [l.step, l.product_class, l.from_period, l.amount])).toEqual([
      ['correction_balance', 'generic', '2026-08', '270.00'],
      ['correction_deduction', null, '2026-09', '-51.00'],
      ['correction_balance', 'joint', '2026-09', '80.00'],
    ]);
    expect(s.totals.corrections).toBe('299.00');
    expectIdentity(s);
    const checks = marketplaceRefundChecks([s], [...PRODUCTS.values()]);
    expect(checks.filter((c) => c.check === 'refund.original_ratio' && c.status === 'warn')).toEqual([
      expect.objectContaining({ subject: 'merchant M1 CNY corrections', records: ['LR1'] }),
    ]);
  });

  it('parks the merchant when a late record\'s ratio cannot be determined or a late refund adds money', () => {
    const noRatio = fee('consumption', 'LS1', 'GEN', '10.00', { billCycle: '2026-07' });
    expect(() => settleMerchant(input([], [noRatio]))).toThrow(expect.objectContaining({ code: 'settlement.order_ratio' }));
    const positive = fee('refund', 'LR1', 'GEN', '10.00', { billCycle: '2026-08' });
    expect(() => settleMerchant(input([], [positive]))).toThrow(expect.objectContaining({ code: 'settlement.refund_amount' }));
    const unknown = fee('consumption', 'LS2', 'NOPE', '10.00', { billCycle: '2026-08' });
    expect(() => settleMerchant(input([], [unknown]))).toThrow(SettlementDataError);
  });

  it('the checks pass on a statement with corrections and catch one that does not add up; the files show every correction', () => {
    const late = fee('refund', 'LR1', 'JNT', '-333.33', { billCycle: '2026-08', originalTradeId: 'ORD-AUG', refundReason: 'unsubscribe' });
    const s = settleMerchant(input([fee('consumption', 'S1', 'GEN', '5000.00')], [late], {
      originalOrders: new Map([['ORD-AUG', { period: '2026-08', productId: 'JNT' }]]),
    }));
    expect(splitConservationChecks([s]).map((c) => c.status)).toEqual(['ok']);
    expect(settlementSumChecks([s]).map((c) => c.status)).toEqual(['ok']);
    const tampered: SettlementStatement = { ...s, totals: { ...s.totals, corrections: '0.00' }, corrections: [{ ...s.corrections[0]!, platform_part: '0.00' }] };
    expect(splitConservationChecks([tampered]).map((c) => c.subject)).toEqual(['merchant M1 CNY correction LR1']);
    expect(settlementSumChecks([tampered]).map((c) => c.subject)).toEqual(['settlement M1 CNY corrections', 'settlement M1 CNY corrections brought forward']);

    const json = JSON.parse(renderSettlementJson(s));
    // −333.33 × 0.75 = −249.9975 → −250.00, platform −83.33.
    expect(json.corrections).toEqual([{
      original_period: '2026-08', record_id: 'LR1', kind: 'refund', trade_id: 'ORD-AUG', product_id: 'JNT', product_class: 'joint',
      paid: '-333.33', merchant_ratio: '0.75', merchant_part: '-250.00', platform_part: '-83.33', ratio_source: 'order', ratio_period: '2026-08',
    }]);
    expect(json.totals.corrections).toBe('-250.00');
    const csv = renderSettlementCsv(s);
    expect(csv).toContain('\r\ncorrection,LR1,refund,late record of 2026-08; order ORD-AUG; ratio of 2026-08,JNT,joint,2026-08,,0.75,,,-333.33,,-250.00,-83.33,,,,\r\n');
    expect(csv).toContain('\r\ncorrection.total,,total,included in brought forward,,,,,,,,,,-250.00,,,,,\r\n');
    expect(csv).toContain('\r\ncascade,correction_deduction,prior-period correction: deduction,,,,2026-08,,,,,,,,,-250.00,,,\r\n');
    expect(csv).toContain('\r\ntotals,corrections,of which prior-period corrections (in brought forward),,,,,,,,,,,,,-250.00,,,\r\n');
    const text = renderSettlementText(s);
    expect(text).toContain('Prior-period corrections: late records of closed periods, booked here');
    expect(text).toContain('brought_forward includes -250.00 of prior-period corrections');
    // Without corrections the block is not there.
    expect(renderSettlementText(settleMerchant(input([fee('consumption', 'S1', 'GEN', '5000.00')], [])))).not.toContain('Prior-period corrections');
  });
});

/** Exact amounts with up to 4 decimals, as a platform record may carry. */
const amountArb = fc.bigInt({ min: 1n, max: 10n ** 10n }).map((u) => fromScaled({ units: u, scale: 4 }));
const ratioArb = fc.integer({ min: 40, max: 100 }).map((u) => fromScaled({ units: BigInt(u), scale: 2 }));

describe('settleMerchant with random corrections (property)', () => {
  it('the settlement identity and split conservation hold exactly; corrections are part of brought_forward; record order does not matter', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ product: fc.constantFrom('GEN', 'JNT'), amount: amountArb }), { maxLength: 5 }),
      fc.array(fc.record({
        refund: fc.boolean(), product: fc.constantFrom('GEN', 'JNT'), amount: amountArb,
        period: fc.constantFrom('2026-07', '2026-08', '2026-09'), order: fc.constantFrom('same', 'other', 'unknown'),
      }), { minLength: 1, maxLength: 8 }),
      fc.record({ gen: ratioArb, jnt: ratioArb }),
      fc.option(fc.integer({ min: 1, max: 5_000_000 }).map((c) => fromScaled({ units: -BigInt(c), scale: 2 })), { nil: undefined }),
      fc.integer({ min: 0, max: 1_000_000 }),
      (saleDefs, lateDefs, ratios, carriedDeduction, depositCents) => {
        const otherPeriodRatios = new Map<string, string>();
        for (const p of ['2026-07', '2026-08', '2026-09']) {
          otherPeriodRatios.set(earlierRatioKey(p, 'GEN'), ratios.gen);
          otherPeriodRatios.set(earlierRatioKey(p, 'JNT'), ratios.jnt);
        }
        const orders = new Map<string, { period: string; productId: string }>();
        const sales = saleDefs.map((d, i) => fee('consumption', `S${i}`, d.product, d.amount));
        const corrections = lateDefs.map((d, i) => {
          if (!d.refund) return fee('consumption', `L${i}`, d.product, d.amount, { billCycle: d.period });
          const tradeId = `O${i}`;
          if (d.order === 'same') orders.set(tradeId, { period: d.period, productId: d.product });
          if (d.order === 'other') orders.set(tradeId, { period: '2026-06', productId: d.product === 'GEN' ? 'JNT' : 'GEN' });
          if (d.order === 'other') otherPeriodRatios.set(earlierRatioKey('2026-06', d.product === 'GEN' ? 'JNT' : 'GEN'), '0.85');
          return fee('refund', `L${i}`, d.product, `-${d.amount}`, { billCycle: d.period, originalTradeId: tradeId });
        });
        const opening = {
          broughtForward: carriedDeduction === undefined ? [] : [{ kind: 'deduction' as const, from_period: '2026-09', amount: carriedDeduction }],
          deposit: { opening: fromScaled({ units: BigInt(depositCents), scale: 2 }), source: 'merchant_deposits' as const, source_period: null },
        };
        const over = { originalOrders: orders, otherPeriodRatios, opening };
        const s = settleMerchant(input(sales, corrections, over));
        expectIdentity(s);
        expect(s.corrections).toHaveLength(corrections.length);
        // brought_forward = the opening items + the corrections.
        expectEqual(s.totals.brought_forward, sum([...opening.broughtForward.map((b) => b.amount), s.totals.corrections]));
        expectEqual(sum(s.carried.map((c) => c.amount)), s.totals.carried_forward);
        for (const f of ['payable', 'deducted_from_deposit', 'payback_receivable'] as const) expect(compareDecimal(s.totals[f], '0')).toBeGreaterThanOrEqual(0);
        expect(settlementSumChecks([s]).map((c) => c.status)).toEqual(['ok']);
        expect(splitConservationChecks([s]).map((c) => c.status)).toEqual(['ok']);
        // A correction deduction is never carried: only this period's own shortfall may be.
        expect(s.carried.every((c) => c.kind === 'unpaid' || c.from_period === '2026-10')).toBe(true);
        expect(settleMerchant(input([...sales].reverse(), [...corrections].reverse(), over))).toEqual(s);
      },
    ), { numRuns: 300 });
  });

  it('the cascade refuses a correction of the wrong sign or of a period not before the statement', () => {
    const base = { period: '2026-10', netByClass: {}, broughtForward: [], depositBalance: '0' };
    expect(() => runDeductionCascade({ ...base, corrections: [{ kind: 'deduction', from_period: '2026-08', amount: '5.00' }] })).toThrow(/correction deduction/);
    expect(() => runDeductionCascade({ ...base, corrections: [{ kind: 'unpaid', product_class: 'generic', from_period: '2026-10', amount: '5.00' }] })).toThrow(/prior-period correction/);
  });
});
