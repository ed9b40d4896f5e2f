import type { PartnerStatement } from '../bills/partnerStatement';
import { renderJson } from './csvFormat';

const TOP_FIELDS = ['period', 'revision', 'partner_id', 'currency', 'totals', 'customers'] as const;
const TOTAL_FIELDS = ['consumption', 'refunds', 'adjustments', 'corrections', 'settlement', 'coupons_used', 'amount_due', 'credit_carried'] as const;
const CUSTOMER_FIELDS = ['customer_id', 'consumption', 'refunds', 'adjustments'] as const;

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
 * their documented order, whatever order the statement object was built or stored in.
 */
export function renderPartnerStatementJson(statement: PartnerStatement): string {
  const top = withLeadingKeys(statement, TOP_FIELDS);
  top.totals = withLeadingKeys(statement.totals, TOTAL_FIELDS);
  top.customers = statement.customers.map((c) => withLeadingKeys(c, CUSTOMER_FIELDS));
  return renderJson(top);
}
