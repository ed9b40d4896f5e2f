import type { SettlementStatement } from '../marketplace/settlementStatement';
import { renderCsv } from './csvFormat';

/**
 * Columns of the merchant invoice list (开票清单, DOMAIN §5.2), one row per payment request:
 * `amount` is tax-inclusive, `net` + `tax` = `amount`, `rate` is the tax rate as a plain number
 * (0.06), `remark` is the text the merchant puts on the invoice (payment request number and
 * reconciliation period). `seller_id` and `period` repeat on every row so that lists of several
 * merchants or months can be concatenated and still be read.
 */
export const INVOICE_LIST_CSV_HEADER = [
  'payment_request_no', 'seller_id', 'period', 'product_class', 'amount', 'rate', 'net', 'tax', 'remark',
] as const;

/**
 * The merchant invoice list as CSV (UTF-8 with BOM, formula-safe text, amounts as plain
 * numbers). When no invoice is required the file is the header alone, so that a consumer
 * always finds the same columns. Deterministic.
 */
export function renderInvoiceListCsv(s: SettlementStatement): string {
  const lines = s.invoice_list.required ? s.invoice_list.lines : [];
  return renderCsv(INVOICE_LIST_CSV_HEADER, lines.map((l) => [
    l.payment_request_no, s.seller_id, s.period, l.product_class,
    { amount: l.amount }, { amount: l.rate }, { amount: l.net }, { amount: l.tax }, l.remark,
  ]));
}
