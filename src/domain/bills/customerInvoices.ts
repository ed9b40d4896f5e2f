import { addDecimal, ExactSum, subtractDecimal } from '../money/exactDecimal';
import { roundAmount, type RoundingPolicy } from '../money/rounding';
import type { CurrencyLedger } from './currencyLedger';

/**
 * Customer invoicing by billing period (按账期开票), for a resale partner: what it may invoice
 * each of its own resale customers for the period (docs/outputs.md "customer-invoices"). The
 * invoiceable amount is what the customer actually paid, without what vouchers (代金券) and
 * bonus (奖励金) covered: those are not invoiceable.
 */
export interface CustomerInvoiceLine {
  customer_id: string;
  customer_name?: string;
  /** Σ payable_amount of the customer's consumption and refunds on the bill (adjustments are not invoiced). */
  payable: string;
  /** Σ coupon_amount (代金券). */
  vouchers: string;
  /** paid (实付, DOMAIN §4.1) = payable − vouchers. */
  paid: string;
  /** Σ bonus_amount (奖励金). */
  bonus: string;
  /** invoiceable = paid − bonus: at most what was paid. Negative: a credit note is due (refunds beyond the period's charges). */
  invoiceable: string;
}

export interface CustomerInvoices {
  lines: CustomerInvoiceLine[];
  /** Σ of the lines' shown figures: the lines are what is invoiced, so the total is theirs. */
  totals: Omit<CustomerInvoiceLine, 'customer_id' | 'customer_name'>;
}

/**
 * The partner's own resale customers (not those of its resellers, who invoice them themselves),
 * by customer id. Each figure is rounded once (half-up, 2 dp) from its exact sum, and paid and
 * invoiceable are derived from the rounded figures, so every line adds up as shown.
 */
export function buildCustomerInvoices(ledger: CurrencyLedger, policy: RoundingPolicy): CustomerInvoices {
  const totals = { payable: new ExactSum(), vouchers: new ExactSum(), paid: new ExactSum(), bonus: new ExactSum(), invoiceable: new ExactSum() };
  const lines: CustomerInvoiceLine[] = [];
  for (const row of ledger.customers.sortedRows()) {
    const meta = ledger.customerMeta.get(row.key);
    if (meta !== undefined && meta.resellers.size > 0) continue;
    const instruments = ledger.invoicing.get(row.key);
    const payable = roundAmount(addDecimal(row.exact.consumption, row.exact.refunds), policy);
    const vouchers = roundAmount(instruments?.vouchers ?? '0', policy);
    const bonus = roundAmount(instruments?.bonus ?? '0', policy);
    const paid = roundAmount(subtractDecimal(payable, vouchers), policy);
    const invoiceable = roundAmount(subtractDecimal(paid, bonus), policy);
    lines.push({ customer_id: row.key, ...(meta?.name ? { customer_name: meta.name } : {}), payable, vouchers, paid, bonus, invoiceable });
    totals.payable.add(payable);
    totals.vouchers.add(vouchers);
    totals.paid.add(paid);
    totals.bonus.add(bonus);
    totals.invoiceable.add(invoiceable);
  }
  return {
    lines,
    totals: {
      payable: roundAmount(totals.payable.value(), policy), vouchers: roundAmount(totals.vouchers.value(), policy),
      paid: roundAmount(totals.paid.value(), policy), bonus: roundAmount(totals.bonus.value(), policy),
      invoiceable: roundAmount(totals.invoiceable.value(), policy),
    },
  };
}
