import type { PartnerStatement } from '../bills/partnerStatement';
import { compareDecimal, signOfDecimal, subtractDecimal } from '../money/exactDecimal';
import { checkRow, type CheckResult } from './checkResult';

/**
 * `invoice.invoiceable` (customer invoicing by period, customer-invoices.csv): for every resale
 * customer of every partner bill, invoiceable ≤ paid (`fail` otherwise: vouchers and bonus are
 * never invoiceable); a negative invoiceable is a `warn` (the period's refunds exceed its charges:
 * a credit note is due, not an invoice). One `ok` row per bill when every customer passes.
 */
export function invoiceableChecks(statements: readonly PartnerStatement[]): CheckResult[] {
  const rows: CheckResult[] = [];
  for (const s of statements) {
    const lines = s.customer_invoices?.lines;
    if (lines === undefined) continue;
    const subject = `partner ${s.partner_id} ${s.currency}`;
    let findings = 0;
    for (const l of lines) {
      if (compareDecimal(l.invoiceable, l.paid) > 0) {
        findings++;
        rows.push(checkRow('invoice.invoiceable', 'fail', `${subject} customer ${l.customer_id}`, {
          expected: `≤ ${l.paid} paid`, actual: l.invoiceable, difference: subtractDecimal(l.invoiceable, l.paid),
        }));
      } else if (signOfDecimal(l.invoiceable) < 0) {
        findings++;
        rows.push(checkRow('invoice.invoiceable', 'warn', `${subject} customer ${l.customer_id}`, {
          expected: '≥ 0.00 (an invoice)', actual: `${l.invoiceable}: a credit note is due`,
        }));
      }
    }
    if (findings === 0) rows.push(checkRow('invoice.invoiceable', 'ok', `${subject}: ${lines.length} customers`));
  }
  return rows;
}
