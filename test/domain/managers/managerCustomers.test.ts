import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManagerCustomerSums } from '../../../src/domain/managers/managerCustomers';
import { sumDecimals } from '../../../src/domain/money/exactDecimal';
import { roundAmount } from '../../../src/domain/money/rounding';
import type { BillRecord } from '../../../src/domain/records/types';
import type { Association } from '../../../src/domain/reference/types';
import { renderManagerCsv, renderManagerHtml } from '../../../src/domain/statements/renderManagerView';
import { adjustment, association, fee } from '../bills/billFixtures';

const withManager = (a: Association, accountManagerId: string): Association => ({ ...a, accountManagerId });

describe('customer-manager views', () => {
  it('show each manager only the customers of the associations naming them, per customer and service', () => {
    const sums = new ManagerCustomerSums();
    const am1 = withManager(association('C1', 'P1'), 'AM-1');
    const am2 = withManager(association('C2', 'P1', 'referral'), 'AM-2');
    sums.add(fee({ customerId: 'C1', customerName: 'One', payable: '10.005', serviceTypeCode: 'ec2' }), am1);
    sums.add(fee({ customerId: 'C1', payable: '2.5', serviceTypeCode: 'obs' }), am1);
    sums.add(fee({ customerId: 'C1', kind: 'refund', payable: '-1.25', serviceTypeCode: 'ec2' }), am1);
    sums.add(adjustment('C1', 'compensation', '-3.00'), am1);
    sums.add(fee({ customerId: 'C2', payable: '7', serviceTypeCode: 'ec2' }), am2);
    sums.add(fee({ customerId: 'C3', payable: '99', serviceTypeCode: 'ec2' }), association('C3', 'P1'));
    const views = sums.views('2026-10', 1);
    expect(views.map((v) => v.account_manager_id)).toEqual(['AM-1', 'AM-2']);
    const [v1, v2] = views;
    expect(v1!.lines.map((l) => [l.customer_id, l.service_type_code, l.consumption, l.refunds, l.adjustments, l.records])).toEqual([
      ['C1', '', '0.00', '0.00', '-3.00', 1],
      ['C1', 'ec2', '10.01', '-1.25', '0.00', 2],
      ['C1', 'obs', '2.50', '0.00', '0.00', 1],
    ]);
    expect(v1!.lines[1]!.customer_name).toBe('One');
    expect(v1!.totals).toEqual([{
      currency: 'CNY', customers: 1,
      rounding_residual: { consumption: '0.00', refunds: '0.00', adjustments: '0.00' },
      total: { consumption: '12.51', refunds: '-1.25', adjustments: '-3.00' },
    }]);
    expect(v2!.lines.map((l) => [l.customer_id, l.association_type, l.consumption])).toEqual([['C2', 'referral', '7.00']]);
    // A customer without a manager (C3) is on no view.
    expect(views.flatMap((v) => v.lines).some((l) => l.customer_id === 'C3')).toBe(false);
  });

  it('lines plus the residual make the exact total of every figure, per manager and currency (property)', () => {
    const amount = fc.tuple(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 4 }))
      .map(([units, scale]) => (units / 10 ** scale).toFixed(scale));
    const record = fc.record({
      customer: fc.constantFrom('C1', 'C2', 'C3', 'C4'), manager: fc.constantFrom('', 'AM-1', 'AM-2'), currency: fc.constantFrom('CNY', 'USD'),
      service: fc.constantFrom('ec2', 'obs', 'rds'), kind: fc.constantFrom('consumption', 'refund', 'adjustment'), amount,
    });
    fc.assert(fc.property(fc.array(record, { maxLength: 60 }), (rows) => {
      const sums = new ManagerCustomerSums();
      const added: { manager: string; currency: string; figure: string; amount: string }[] = [];
      for (const r of rows) {
        const rec: BillRecord = r.kind === 'adjustment'
          ? adjustment(r.customer, 'charge', r.amount, r.currency)
          : fee({ customerId: r.customer, kind: r.kind as 'consumption' | 'refund', payable: r.amount, serviceTypeCode: r.service, currency: r.currency });
        sums.add(rec, withManager(association(r.customer, 'P1'), r.manager));
        if (r.manager !== '') added.push({ manager: r.manager, currency: r.currency, figure: r.kind === 'adjustment' ? 'adjustments' : r.kind === 'refund' ? 'refunds' : 'consumption', amount: r.amount });
      }
      for (const view of sums.views('2026-10', 1)) {
        for (const t of view.totals) {
          for (const figure of ['consumption', 'refunds', 'adjustments'] as const) {
            const lines = view.lines.filter((l) => l.currency === t.currency).map((l) => l[figure]);
            expect(sumDecimals([...lines, t.rounding_residual[figure]])).toBe(sumDecimals([t.total[figure]]));
            const exact = sumDecimals(added.filter((a) => a.manager === view.account_manager_id && a.currency === t.currency && a.figure === figure).map((a) => a.amount));
            expect(t.total[figure]).toBe(roundAmount(exact));
          }
        }
      }
    }), { numRuns: 200 });
  });

  it('renders CSV and HTML with only consumption figures, escaping hostile names', () => {
    const sums = new ManagerCustomerSums();
    sums.add(fee({ customerId: '=cmd|x', customerName: '<script>alert(1)</script>', payable: '5' }), withManager(association('=cmd|x', 'P1'), 'AM<1>'));
    const [view] = sums.views('2026-10', 1);
    const csv = renderManagerCsv(view!);
    expect(csv.startsWith('\uFEFFaccount_manager_id,period,revision,currency,customer_id')).toBe(true);
    expect(csv).toContain("'=cmd|x");
    const html = renderManagerHtml(view!);
    expect(html).not.toMatch(/<script|<1>/);
    expect(html).not.toMatch(/Amount due|Coupon|Incentive/);
  });
});
