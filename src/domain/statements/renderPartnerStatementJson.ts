import type { PartnerStatement } from '../bills/partnerStatement';
import { renderJson } from './csvFormat';
import { documentWithLineage, type StatementJsonOptions } from './lineage';

/** Contract fields (DOMAIN §6) first, then this project's extras in their documented order. */
const TOP_FIELDS = [
  'period', 'revision', 'partner_id', 'currency', 'totals', 'customers',
  'partner_name', 'partner_roles', 'payee', 'customers_rounding_residual', 'settlement_rounding_residual', 'amount_due_rounding_residual',
  'totals_exact', 'coupons', 'by_service_type', 'by_region', 'by_charging_mode', 'by_bill_type', 'resellers', 'referral',
  'corrections', 'counts',
] as const;
const TOTAL_FIELDS = [
  'consumption', 'refunds', 'adjustments', 'corrections', 'settlement', 'coupons_used', 'amount_due', 'credit_carried', 'credit_brought_forward',
] as const;
const CUSTOMER_FIELDS = [
  'customer_id', 'consumption', 'refunds', 'adjustments', 'customer_name', 'association_type', 'reseller_id', 'account_manager_id', 'records',
] as const;

/** Copies `source` with `first` keys leading (when present), the other keys after in their own order. */
function withLeadingKeys(source: object, first: readonly string[]): Record<string, unknown> {
  const record = source as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of first) if (key in record) out[key] = record[key];
  for (const [key, value] of Object.entries(record)) if (!(key in out)) out[key] = value;
  return out;
}

/**
 * statement.json (DOMAIN §6): deterministic bytes; the contract's fixed fields come first in
 * their documented order, then the extras, whatever order the statement object was built or
 * stored in (fields unknown here keep their own order, last).
 */
export function renderPartnerStatementJson(statement: PartnerStatement, options?: StatementJsonOptions): string {
  const top = withLeadingKeys(statement, TOP_FIELDS);
  top.totals = withLeadingKeys(statement.totals, TOTAL_FIELDS);
  top.customers = statement.customers.map((c) => withLeadingKeys(c, CUSTOMER_FIELDS));
  delete top.customer_invoices; // its own files: customer-invoices.json/.csv (renderCustomerInvoices)
  return renderJson(documentWithLineage(top, 'partner', options));
}
