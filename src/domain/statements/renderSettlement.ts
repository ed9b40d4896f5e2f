/** The renderings of a marketplace settlement written per merchant (DOMAIN §6): json, csv, invoice list csv, txt. */
export { renderSettlementJson } from './renderSettlementJson';
export { renderSettlementCsv, SETTLEMENT_CSV_HEADER } from './renderSettlementCsv';
export { renderInvoiceListCsv, INVOICE_LIST_CSV_HEADER } from './renderInvoiceListCsv';
export { renderSettlementText } from './renderSettlementText';
