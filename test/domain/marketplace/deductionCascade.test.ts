import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareDecimal, fromScaled, sumDecimals } from '../../../src/domain/money/exactDecimal';
import { runDeductionCascade, type BroughtForward, type CascadeResult } from '../../../src/domain/marketplace/deductionCascade';
import { PRODUCT_CLASSES, type ProductClass } from '../../../src/domain/marketplace/shareRatio';

/** The §5.2 identity, checked on exact values of the shown totals. */
function expectIdentity(r: CascadeResult): void {
  const t = r.totals;
  expect(sumDecimals([t.net, t.brought_forward, t.deducted_from_deposit, t.payback_receivable])).toBe(sumDecimals([t.payable, t.carried_forward]));
  for (const v of [t.deducted_from_deposit, t.payback_receivable, t.payable]) expect(v.startsWith('-')).toBe(false);
}

describe('runDeductionCascade: examples', () => {
  it('pays a class at the threshold and carries one below it', () => {
    const r = runDeductionCascade({ period: '2026-10', netByClass: { generic: '1000.00', joint: '999.99' }, broughtForward: [], depositBalance: '0' });
    expect(r.totals).toEqual({ net: '1999.99', brought_forward: '0.00', deducted_from_deposit: '0.00', payback_receivable: '0.00', payable: '1000.00', carried_forward: '999.99' });
    expect(r.carried).toEqual([{ kind: 'unpaid', product_class: 'joint', from_period: '2026-10', amount: '999.99' }]);
    // Next month the joint balance accumulates past the threshold and is paid, keeping its origin visible.
    const next = runDeductionCascade({ period: '2026-11', netByClass: { joint: '0.01' }, broughtForward: r.carried, depositBalance: '0' });
    expect(next.totals).toMatchObject({ brought_forward: '999.99', payable: '1000.00', carried_forward: '0.00' });
    expect(next.lines).toContainEqual({ step: 'unpaid_brought_forward', product_class: 'joint', from_period: '2026-10', amount: '999.99' });
  });

  it('refunds above two months of settlement: carried once, then the deposit, then payback', () => {
    // 2026-09: net −5 000 → carried forward as a pending deduction.
    const sep = runDeductionCascade({ period: '2026-09', netByClass: { curated: '-5000.00' }, broughtForward: [], depositBalance: '3000.00' });
    expect(sep.totals).toMatchObject({ net: '-5000.00', payable: '0.00', carried_forward: '-5000.00', deducted_from_deposit: '0.00' });
    expect(sep.deposit_remaining).toBe('3000.00');
    // 2026-10: sales 1 200 absorb part; 3 000 from the deposit; 800 payback.
    const oct = runDeductionCascade({ period: '2026-10', netByClass: { curated: '1200.00' }, broughtForward: sep.carried, depositBalance: sep.deposit_remaining });
    expect(oct.totals).toEqual({ net: '1200.00', brought_forward: '-5000.00', deducted_from_deposit: '3000.00', payback_receivable: '800.00', payable: '0.00', carried_forward: '0.00' });
    expect(oct.deposit_remaining).toBe('0.00');
    expect(oct.carried).toEqual([]);
    expect(oct.lines.map((l) => [l.step, l.from_period, l.amount])).toEqual([
      ['deduction_brought_forward', '2026-09', '-5000.00'],
      ['period_net', '2026-10', '1200.00'],
      ['deduction_absorbed', '2026-09', '1200.00'],
      ['deducted_from_deposit', '2026-09', '3000.00'],
      ['payback_receivable', '2026-09', '800.00'],
    ]);
    expectIdentity(sep);
    expectIdentity(oct);
  });

  it("a class's refunds are absorbed by another class's sales of the period", () => {
    const r = runDeductionCascade({ period: '2026-10', netByClass: { generic: '5000.00', joint: '-300.00' }, broughtForward: [], depositBalance: '0' });
    expect(r.totals).toMatchObject({ net: '4700.00', payable: '4700.00', carried_forward: '0.00' });
    expect(r.lines).toContainEqual({ step: 'deduction_absorbed', product_class: 'generic', from_period: '2026-10', amount: '300.00' });
  });

  it('refuses amounts finer than a cent, a negative deposit and brought-forward items of the wrong sign or period', () => {
    const base = { period: '2026-10', netByClass: {}, broughtForward: [] as BroughtForward[], depositBalance: '0' };
    expect(() => runDeductionCascade({ ...base, netByClass: { generic: '1.005' } })).toThrow(/whole amount/);
    expect(() => runDeductionCascade({ ...base, depositBalance: '-1' })).toThrow(/negative/);
    expect(() => runDeductionCascade({ ...base, broughtForward: [{ kind: 'deduction', from_period: '2026-09', amount: '5' }] })).toThrow(/negative/);
    expect(() => runDeductionCascade({ ...base, broughtForward: [{ kind: 'unpaid', product_class: 'joint', from_period: '2026-10', amount: '5' }] })).toThrow(/before/);
  });
});

const centsArb = (max: bigint): fc.Arbitrary<string> => fc.bigInt({ min: -max, max }).map((u) => fromScaled({ units: u, scale: 2 }));
const netArb = fc.dictionary(fc.constantFrom(...PRODUCT_CLASSES), centsArb(500_000n)) as fc.Arbitrary<Partial<Record<ProductClass, string>>>;
const bfArb: fc.Arbitrary<BroughtForward[]> = fc.array(fc.oneof(
  fc.record({ kind: fc.constant('unpaid' as const), product_class: fc.constantFrom(...PRODUCT_CLASSES), from_period: fc.constantFrom('2026-07', '2026-08', '2026-09'),
    amount: fc.bigInt({ min: 1n, max: 200_000n }).map((u) => fromScaled({ units: u, scale: 2 })) }),
  fc.record({ kind: fc.constant('deduction' as const), from_period: fc.constantFrom('2026-08', '2026-09'),
    amount: fc.bigInt({ min: 1n, max: 800_000n }).map((u) => fromScaled({ units: -u, scale: 2 })) }),
), { maxLength: 4 });
const depositArb = fc.bigInt({ min: 0n, max: 500_000n }).map((u) => fromScaled({ units: u, scale: 2 }));

describe('runDeductionCascade: properties', () => {
  it('net + brought_forward + deducted_from_deposit + payback_receivable = payable + carried_forward, for random inputs', () => {
    fc.assert(fc.property(netArb, bfArb, depositArb, (netByClass, broughtForward, depositBalance) => {
      const r = runDeductionCascade({ period: '2026-10', netByClass, broughtForward, depositBalance });
      expectIdentity(r);
      expect(sumDecimals([r.deposit_remaining, r.totals.deducted_from_deposit])).toBe(sumDecimals([depositBalance]));
      expect(sumDecimals(r.carried.map((c) => c.amount))).toBe(sumDecimals([r.totals.carried_forward]));
      // Carried once: nothing brought forward as a deduction is carried again, and a deduction and an unpaid balance never coexist.
      expect(r.carried.every((c) => c.kind === 'unpaid' || c.from_period === '2026-10')).toBe(true);
      expect(new Set(r.carried.map((c) => c.kind)).size).toBeLessThanOrEqual(1);
      for (const c of r.carried) if (c.kind === 'unpaid') expect(compareDecimal(c.amount, '1000')).toBe(-1);
    }), { numRuns: 500 });
  });

  it('chains: what one period carries, the next brings forward; the identity holds every month', () => {
    fc.assert(fc.property(fc.array(netArb, { minLength: 1, maxLength: 6 }), depositArb, (months, deposit) => {
      let broughtForward: BroughtForward[] = [];
      let depositBalance = deposit;
      months.forEach((netByClass, i) => {
        const r = runDeductionCascade({ period: `2027-${String(i + 1).padStart(2, '0')}`, netByClass, broughtForward, depositBalance });
        expectIdentity(r);
        expect(sumDecimals(broughtForward.map((b) => b.amount))).toBe(sumDecimals([r.totals.brought_forward]));
        broughtForward = r.carried;
        depositBalance = r.deposit_remaining;
      });
    }), { numRuns: 200 });
  });
});
