import { describe, expect, it } from 'vitest';
import { computeVoucherLedgers, voucherIdentityProblems, type VoucherLedgerInput } from '../../../src/domain/funds/voucherLedger';
import { DEFAULT_ROUNDING } from '../../../src/domain/money/rounding';

const T0 = Date.parse('2026-11-01T00:00:00+08:00');
const h = (n: number) => T0 + n * 3_600_000;
const base = (over: Partial<VoucherLedgerInput>): VoucherLedgerInput => ({
  events: [], uses: [], unbinds: [], isResale: (customerId) => customerId.startsWith('C'),
  quotas: new Map([['P|CNY', '100']]), openingUsed: new Map(), openingCustomers: new Map(), timeText: (ms) => new Date(ms).toISOString(), ...over,
});
const ev = (eventId: string, hour: number, operation: 'issue' | 'reclaim', customerId: string, amount = '') =>
  ({ eventId, time: `h${hour}`, timeMs: h(hour), partnerId: 'P', operation, customerId, amount, currency: 'CNY', memo: '' });

describe('partner-issued vouchers', () => {
  it('are used by records\' coupon_amount; a reclaim takes the whole remaining balance back to the quota; the quota stays used by what was spent', () => {
    const v = computeVoucherLedgers(base({
      events: [ev('e1', 1, 'issue', 'C1', '60'), ev('e2', 5, 'reclaim', 'C1'), ev('e3', 6, 'issue', 'C2', '50'), ev('e4', 7, 'issue', 'Z9', '1')],
      uses: [
        { partnerId: 'P', customerId: 'C1', currency: 'CNY', timeMs: h(2), coupon: '15.5', recordId: 'r1' },
        { partnerId: 'P', customerId: 'C1', currency: 'CNY', timeMs: h(3), coupon: '-0.5', recordId: 'r2' }, // a refund gives back
      ],
    }), DEFAULT_ROUNDING).get('P|CNY')!;
    expect(v.customers).toEqual([
      { customer_id: 'C1', opening_balance: '0.00', issued: '60.00', used: '15.00', reclaimed: '45.00', unbind_reclaimed: '0.00', closing_balance: '0.00' },
      { customer_id: 'C2', opening_balance: '0.00', issued: '50.00', used: '0.00', reclaimed: '0.00', unbind_reclaimed: '0.00', closing_balance: '50.00' },
    ]);
    // 100 − (60 − 45) − 50 = 35: the 15.00 C1 used is gone from the quota.
    expect([v.issued, v.reclaimed, v.closing_used, v.available]).toEqual(['110.00', '45.00', '65.00', '35.00']);
    expect(v.rejected.map((r) => [r.event_id, r.code])).toEqual([['e4', 'voucher.not_resale']]);
    expect(voucherIdentityProblems(v)).toEqual([]);
  });

  it('refuses more than the quota available and a reclaim of nothing; returns the balance when the customer leaves', () => {
    const v = computeVoucherLedgers(base({
      events: [ev('e1', 1, 'issue', 'C1', '80'), ev('e2', 2, 'issue', 'C2', '30'), ev('e3', 3, 'reclaim', 'C2')],
      unbinds: [{ partnerId: 'P', customerId: 'C1', timeMs: h(4) }],
    }), DEFAULT_ROUNDING).get('P|CNY')!;
    expect(v.rejected.map((r) => r.code)).toEqual(['voucher.insufficient', 'voucher.nothing_to_reclaim']);
    expect(v.customers[0]).toMatchObject({ customer_id: 'C1', unbind_reclaimed: '80.00', closing_balance: '0.00' });
    expect(v.available).toBe('100.00');
  });
});
