import { describe, expect, it } from 'vitest';
import { CurrencyLedger } from '../../../src/domain/bills/currencyLedger';
import { buildCustomerInvoices } from '../../../src/domain/bills/customerInvoices';
import type { PartnerStatement } from '../../../src/domain/bills/partnerStatement';
import { DEFAULT_ROUNDING } from '../../../src/domain/money/rounding';
import { invoiceableChecks } from '../../../src/domain/reconcile/invoiceChecks';
import { adjustment, fee } from './billFixtures';

const own = { resellerId: undefined, groupId: 'P1', accountManagerId: '' };
const viaReseller = { resellerId: 'R1', groupId: 'R1', accountManagerId: '' };
const withBonus = (payable: string, coupon: string, bonus: string, customerId: string) => {
  const r = fee({ payable, coupon, customerId, customerName: `${customerId} Ltd` });
  r.amounts.bonus = bonus;
  r.amounts.cash = (Number(payable) - Number(coupon) - Number(bonus)).toFixed(2); // not read by invoicing
  return r;
};

describe('customer invoicing by period (按账期开票)', () => {
  it('invoiceable = paid − bonus, where paid = payable − vouchers; resellers\' customers and adjustments are not invoiced here', () => {
    const ledger = new CurrencyLedger();
    ledger.addResale(withBonus('100.004', '10', '5.005', 'C1'), own);
    ledger.addResale(fee({ kind: 'refund', payable: '-20', customerId: 'C1' }), own);
    ledger.addResale(adjustment('C1', 'compensation', '-3'), own);
    ledger.addResale(fee({ payable: '50', customerId: 'C2' }), own);
    ledger.addResale(fee({ payable: '70', customerId: 'C9' }), viaReseller);
    const ci = buildCustomerInvoices(ledger, DEFAULT_ROUNDING);
    expect(ci.lines).toEqual([
      // 100.004 − 20 = 80.004 → 80.00; vouchers 10.00; bonus 5.005 → 5.01 (half-up)
      { customer_id: 'C1', customer_name: 'C1 Ltd', payable: '80.00', vouchers: '10.00', paid: '70.00', bonus: '5.01', invoiceable: '64.99' },
      { customer_id: 'C2', payable: '50.00', vouchers: '0.00', paid: '50.00', bonus: '0.00', invoiceable: '50.00' },
    ]);
    expect(ci.totals).toEqual({ payable: '130.00', vouchers: '10.00', paid: '120.00', bonus: '5.01', invoiceable: '114.99' });
  });

  it('is checked: invoiceable above paid fails, a negative one (a credit note) warns, else one ok row per bill', () => {
    const bill = (lines: NonNullable<PartnerStatement['customer_invoices']>['lines']) =>
      ({ partner_id: 'P1', currency: 'CNY', customer_invoices: { lines, totals: lines[0]! } }) as unknown as PartnerStatement;
    const line = (customer_id: string, paid: string, invoiceable: string) => ({ customer_id, payable: paid, vouchers: '0.00', paid, bonus: '0.00', invoiceable });
    expect(invoiceableChecks([bill([line('C1', '10.00', '10.00')])]).map((r) => [r.status, r.subject])).toEqual([['ok', 'partner P1 CNY: 1 customers']]);
    expect(invoiceableChecks([bill([line('C1', '10.00', '10.01'), line('C2', '-5.00', '-5.00')])]).map((r) => [r.check, r.status, r.subject])).toEqual([
      ['invoice.invoiceable', 'fail', 'partner P1 CNY customer C1'],
      ['invoice.invoiceable', 'warn', 'partner P1 CNY customer C2'],
    ]);
    expect(invoiceableChecks([{ partner_id: 'OLD', currency: 'CNY' } as unknown as PartnerStatement])).toEqual([]);
  });
});
