import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum, compareDecimal } from '../../../src/domain/money/exactDecimal';
import { DEFAULT_ROUNDING } from '../../../src/domain/money/rounding';
import { receivableOf } from '../../../src/domain/marketplace/settleMerchant';
import { advance, nextStatuses } from '../../../src/domain/marketplace/settlementWorkflow';

const pay = (paymentId: string, amount: string) => ({ sellerId: 'M', paymentId, period: '2026-11', amount, currency: 'CNY' });

describe('the payback receivable', () => {
  it('is carried until paid back; payments are taken by id; what is paid beyond it is overpaid, never a credit', () => {
    expect(receivableOf('0', '93327.17', [], DEFAULT_ROUNDING)).toEqual({ brought_forward: '0.00', new: '93327.17', payments: [], overpaid: '0.00', carried_forward: '93327.17' });
    expect(receivableOf('93327.17', '0', [pay('B', '3327.17'), pay('A', '50000')], DEFAULT_ROUNDING)).toEqual({
      brought_forward: '93327.17', new: '0.00', payments: [{ payment_id: 'A', amount: '50000.00' }, { payment_id: 'B', amount: '3327.17' }], overpaid: '0.00', carried_forward: '40000.00',
    });
    expect(receivableOf('10', '0', [pay('A', '12.5')], DEFAULT_ROUNDING)).toMatchObject({ overpaid: '2.50', carried_forward: '0.00' });
  });

  it('always balances: brought forward + new + overpaid = payments + carried forward, and nothing open is negative', () => {
    const cents = fc.integer({ min: 0, max: 10_000_000 }).map((c) => (c / 100).toFixed(2));
    fc.assert(fc.property(cents, cents, fc.array(cents.filter((c) => c !== '0.00'), { maxLength: 5 }), (open, payback, amounts) => {
      const r = receivableOf(open, payback, amounts.map((a, i) => pay(`P${i}`, a)), DEFAULT_ROUNDING);
      const left = new ExactSum().add(r.brought_forward).add(r.new).add(r.overpaid).value();
      const right = r.payments.reduce((acc, p) => acc.add(p.amount), new ExactSum()).add(r.carried_forward).value();
      expect(compareDecimal(left, right)).toBe(0);
      expect(compareDecimal(r.carried_forward, '0')).toBeGreaterThanOrEqual(0);
      expect(compareDecimal(r.overpaid, '0')).toBeGreaterThanOrEqual(0);
      expect(compareDecimal(r.carried_forward, '0') > 0 && compareDecimal(r.overpaid, '0') > 0).toBe(false);
    }), { numRuns: 300 });
  });
});

describe('a settlement with nothing to pay', () => {
  it('ends at countersigned: no invoice, payment review or paid', () => {
    expect(nextStatuses('countersigned', true, true)).toEqual([]);
    expect(nextStatuses('countersigned', false, true)).toEqual([]);
    expect(nextStatuses('countersigned', false, false)).toEqual(['payment_review']);
    expect(nextStatuses('countersigning', false, true)).toEqual(['countersigned', 'rejected']);
    const refused = advance('countersigned', 'payment_review', false, true);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toBe('a settlement with nothing to pay cannot go from countersigned to payment_review (it has nothing to pay (payable 0.00): countersigned is its last status)');
  });
});
