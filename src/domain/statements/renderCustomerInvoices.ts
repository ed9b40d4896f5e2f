import type { PartnerStatement } from '../bills/partnerStatement';
import { renderCsv, renderJson, type CsvCell } from './csvFormat';

/**
 * customer-invoices.json / .csv beside a partner bill (docs/outputs.md): per resale customer of
 * the partner, what it may invoice for the period. Undefined for a document issued before
 * customer invoicing existed.
 */
export const CUSTOMER_INVOICES_HEADER = ['customer_id', 'customer_name', 'payable', 'vouchers', 'paid', 'bonus', 'invoiceable'] as const;

export function renderCustomerInvoicesJson(s: PartnerStatement): string | undefined {
  const ci = s.customer_invoices;
  if (ci === undefined) return undefined;
  return renderJson({
    period: s.period, revision: s.revision, partner_id: s.partner_id, currency: s.currency,
    customers: ci.lines.map((l) => ({
      customer_id: l.customer_id, ...(l.customer_name === undefined ? {} : { customer_name: l.customer_name }),
      payable: l.payable, vouchers: l.vouchers, paid: l.paid, bonus: l.bonus, invoiceable: l.invoiceable,
    })),
    totals: { payable: ci.totals.payable, vouchers: ci.totals.vouchers, paid: ci.totals.paid, bonus: ci.totals.bonus, invoiceable: ci.totals.invoiceable },
  });
}

export function renderCustomerInvoicesCsv(s: PartnerStatement): string | undefined {
  const ci = s.customer_invoices;
  if (ci === undefined) return undefined;
  const money = (a: string): CsvCell => ({ amount: a });
  const rows: CsvCell[][] = ci.lines.map((l) => [l.customer_id, l.customer_name ?? '', money(l.payable), money(l.vouchers), money(l.paid), money(l.bonus), money(l.invoiceable)]);
  const t = ci.totals;
  rows.push(['total', '', money(t.payable), money(t.vouchers), money(t.paid), money(t.bonus), money(t.invoiceable)]);
  return renderCsv(CUSTOMER_INVOICES_HEADER, rows);
}
