import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFundLedgers, fundIdentityProblems, type FundLedgerInput } from '../../../src/domain/funds/fundLedger';
import { DEFAULT_ROUNDING } from '../../../src/domain/money/rounding';
import type { FundMovement, FundOperation } from '../../../src/domain/reference/types';

const T0 = Date.parse('2026-11-01T00:00:00+08:00');
const move = (movementId: string, hour: number, partnerId: string, operation: FundOperation, amount: string, customerId = '', indirectPartnerId = ''): FundMovement => ({
  movementId, time: `h${hour}`, timeMs: T0 + hour * 3_600_000, partnerId, operation, customerId, indirectPartnerId, amount, currency: 'CNY', memo: '',
});
const base = (over: Partial<FundLedgerInput>): FundLedgerInput => ({
  period: '2026-11', movements: [], spends: [], unbinds: [],
  isResale: (customerId, partnerId) => partnerId === 'P' && customerId.startsWith('C'),
  parentOf: (id) => (id === 'R' ? 'P' : ''),
  openingPartners: new Map(), openingCustomers: new Map(), timeText: (ms) => new Date(ms).toISOString(), funded: new Set(['P|C1|CNY', 'P|C2|CNY']),
  ...over,
});

describe('partner fund ledgers', () => {
  it('carry last period\'s closing balances as openings, and an account with only an opening still shows', () => {
    const [p] = computeFundLedgers(base({
      openingPartners: new Map([['P|CNY', '100']]), openingCustomers: new Map([['P|C1|CNY', '40']]),
      spends: [{ partnerId: 'P', customerId: 'C1', currency: 'CNY', timeMs: T0 + 1000, cash: '15.5', recordId: 'r1' }],
    }), 1, DEFAULT_ROUNDING);
    expect(p!.totals).toMatchObject({ opening_balance: '100.00', closing_balance: '100.00' });
    expect(p!.customers).toEqual([{ customer_id: 'C1', opening_balance: '40.00', allocated: '0.00', reclaimed: '0.00', spent: '15.50', unbind_reclaimed: '0.00', closing_balance: '24.50' }]);
  });

  it('refuses a reseller movement to a partner that is not its reseller, and spending gives back on a refund', () => {
    const [p] = computeFundLedgers(base({
      movements: [move('m1', 1, 'P', 'topup', '50'), move('m2', 2, 'P', 'reseller_allocate', '10', '', 'X'), move('m3', 3, 'P', 'allocate', '20', 'C1')],
      spends: [
        { partnerId: 'P', customerId: 'C1', currency: 'CNY', timeMs: T0 + 4 * 3_600_000, cash: '12', recordId: 'a' },
        { partnerId: 'P', customerId: 'C1', currency: 'CNY', timeMs: T0 + 5 * 3_600_000, cash: '-2', recordId: 'b' },
      ],
    }), 1, DEFAULT_ROUNDING);
    expect(p!.rejected.map((r) => r.code)).toEqual(['fund.not_reseller']);
    expect(p!.customers[0]).toMatchObject({ spent: '10.00', closing_balance: '10.00' });
  });

  it('always satisfies both balance identities, whatever the movements (refused ones change nothing)', () => {
    const ops: FundOperation[] = ['topup', 'allocate', 'reclaim', 'reseller_allocate', 'reseller_reclaim'];
    const arb = fc.array(fc.tuple(fc.constantFrom(...ops), fc.integer({ min: 1, max: 50_000 }), fc.constantFrom('C1', 'C2', 'Z9'), fc.constantFrom('P', 'R')), { maxLength: 30 });
    fc.assert(fc.property(arb, fc.array(fc.integer({ min: -500, max: 5_000 }), { maxLength: 10 }), (moves, spends) => {
      const movements = moves.map(([op, cents, customer, partner], i) =>
        move(`m${String(i).padStart(2, '0')}`, i, op.startsWith('reseller') ? 'P' : partner, op, (cents / 100).toFixed(2), op === 'allocate' || op === 'reclaim' ? customer : '', op.startsWith('reseller') ? 'R' : ''));
      const activities = computeFundLedgers(base({
        movements,
        spends: spends.map((cents, i) => ({ partnerId: 'P', customerId: 'C1', currency: 'CNY', timeMs: T0 + i * 1_800_000, cash: (cents / 100).toFixed(2), recordId: `s${i}` })),
      }), 1, DEFAULT_ROUNDING);
      for (const a of activities) {
        expect(fundIdentityProblems(a)).toEqual([]);
        expect(a.movements.length + a.rejected.length).toBeGreaterThanOrEqual(0);
        expect(Number(a.exact.totals.closing_balance)).toBeGreaterThanOrEqual(0); // allocations never overdraw the partner
      }
    }), { numRuns: 200 });
  });
});
