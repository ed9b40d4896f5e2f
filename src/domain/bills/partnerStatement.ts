import type { CustomerInvoices } from './customerInvoices';
/**
 * The partner bill (伙伴账单, DOMAIN §5.1) as written to statement.json. Field names are the
 * JSON names (snake_case) because outside tools read them; the contract's fixed fields come
 * first in each object, extras after. Every amount is a string: shown amounts carry exactly
 * the policy's decimals (2), `*_exact` amounts carry every digit.
 */

/** Shown totals (each rounded once from its exact value). */
export interface StatementTotals {
  consumption: string;
  refunds: string;
  adjustments: string;
  corrections: string;
  settlement: string;
  coupons_used: string;
  amount_due: string;
  credit_carried: string;
  credit_brought_forward: string;
}

/** Full-precision values behind the shown totals. `balance` = settlement − coupons − credit, signed. */
export interface StatementTotalsExact {
  consumption: string;
  refunds: string;
  adjustments: string;
  corrections: string;
  settlement: string;
  coupons_used: string;
  credit_brought_forward: string;
  balance: string;
  amount_due: string;
  credit_carried: string;
}

/** One sub-customer in resale association (on the bill). */
export interface CustomerLine {
  customer_id: string;
  consumption: string;
  refunds: string;
  adjustments: string;
  customer_name?: string;
  association_type: 'resale';
  /** Present when records came via a reseller; several resellers are `;`-joined. */
  reseller_id?: string;
  /** Account managers of the covering associations, `;`-joined; absent when none. */
  account_manager_id?: string;
  records: number;
}

export interface CustomerFigures {
  consumption: string;
  refunds: string;
  adjustments: string;
}

/** Fee records (consumption and refunds) per key; `amount` = consumption + refunds. */
export interface FeeBreakdownLine {
  key: string;
  label: string;
  consumption: string;
  refunds: string;
  amount: string;
  records: number;
}

export interface FeeFigures {
  consumption: string;
  refunds: string;
  amount: string;
}

/** A drill-down: shown lines + rounding_residual = total, per figure, exactly. */
export interface FeeBreakdown {
  lines: FeeBreakdownLine[];
  rounding_residual: FeeFigures;
  total: FeeFigures;
}

export interface ResellerFigures {
  consumption: string;
  refunds: string;
  adjustments: string;
  corrections: string;
  settlement: string;
}

/** One reseller of a distributor; the distributor's own customers appear under its own id. */
export interface ResellerLine extends ResellerFigures {
  partner_id: string;
  partner_name: string;
  customers: number;
}

export interface ResellerBreakdown {
  lines: ResellerLine[];
  rounding_residual: ResellerFigures;
  total: ResellerFigures;
}

export interface ReferralFigures {
  consumption: string;
  refunds: string;
}

/** A referral customer: consumption reported for performance, not billed. */
export interface ReferralLine extends ReferralFigures {
  customer_id: string;
  customer_name?: string;
  reseller_id?: string;
  records: number;
}

export interface ReferralSection {
  customers: ReferralLine[];
  rounding_residual: ReferralFigures;
  total: ReferralFigures;
}

/** Prior-period corrections booked in this period, one line per original period. */
export interface CorrectionLine {
  original_period: string;
  amount: string;
  amount_exact: string;
  records: number;
}

export interface CorrectionSection {
  lines: CorrectionLine[];
  rounding_residual: string;
  total: string;
}

export interface CouponLine {
  coupon_id: string;
  amount: string;
}

/** coupons_used explained: record coupons + partner coupons + residual = coupons_used. */
export interface CouponSection {
  from_records: string;
  partner_coupons: CouponLine[];
  rounding_residual: string;
  total: string;
}

export interface StatementCounts {
  records: number;
  consumption_records: number;
  refund_records: number;
  adjustment_records: number;
  correction_records: number;
  referral_records: number;
  customers: number;
  /** DOMAIN §5.4, see ValidOrderCounter. */
  valid_orders: number;
}

export interface PartnerStatement {
  period: string;
  revision: number;
  partner_id: string;
  currency: string;
  totals: StatementTotals;
  customers: CustomerLine[];
  partner_name: string;
  partner_roles: string[];
  /**
   * Who this bill is paid to: `platform`, or, for a reseller under a distributor, the
   * distributor's partner_id — that distributor's bill includes these customers again (its
   * `resellers` lines), so what the platform is owed is the sum of the bills whose payee is
   * `platform` (docs/outputs.md "Adding bills up"). Absent in documents issued before it existed.
   */
  payee?: string;
  customers_rounding_residual: CustomerFigures;
  /** settlement − (consumption + refunds + adjustments + corrections), all shown. */
  settlement_rounding_residual: string;
  /** (amount_due − credit_carried) − (settlement − coupons_used − credit_brought_forward), all shown. */
  amount_due_rounding_residual: string;
  totals_exact: StatementTotalsExact;
  coupons: CouponSection;
  by_service_type: FeeBreakdown;
  by_region: FeeBreakdown;
  by_charging_mode: FeeBreakdown;
  by_bill_type: FeeBreakdown;
  /** Present for distributors only. */
  resellers?: ResellerBreakdown;
  referral: ReferralSection;
  corrections: CorrectionSection;
  counts: StatementCounts;
  /**
   * Customer invoicing by period (按账期开票): written as customer-invoices.json/.csv beside the
   * statement, not inside statement.json. Absent in documents issued before it existed.
   */
  customer_invoices?: CustomerInvoices;
}
