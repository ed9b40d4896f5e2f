import type { RoundingPolicy } from '../money/rounding';
import type { PartnerCoupon } from '../reference/types';
import {
  buildCorrectionSection, buildCustomerLines, buildFeeBreakdown, buildReferralSection, buildResellerBreakdown,
} from './buildDrillDowns';
import { computeStatementTotals } from './computeStatementTotals';
import { buildCustomerInvoices } from './customerInvoices';
import type { CurrencyLedger } from './currencyLedger';
import type { PartnerStatement } from './partnerStatement';

/** What a statement needs besides the ledger's sums. */
export interface StatementContext {
  period: string;
  revision: number;
  partnerId: string;
  partnerName: string;
  partnerRoles: readonly string[];
  /** `platform`, or the distributor a reseller pays (PartnerStatement.payee). */
  payee: string;
  currency: string;
  /** Distributors get the resellers drill-down. */
  isDistributor: boolean;
  /** partner_id → name, for reseller lines. */
  partnerNames: ReadonlyMap<string, string>;
  /** Partner coupons of this period in this currency, sorted by coupon id. */
  coupons: readonly PartnerCoupon[];
  /** Exact, ≥ 0; "0" when none. */
  creditBroughtForward: string;
  policy: RoundingPolicy;
  /** service_type_code → name (service-types.csv), the label of a service-type line; the code when absent. */
  serviceTypeNames?: ReadonlyMap<string, string> | undefined;
}

/**
 * Turns one currency's exact sums into the partner bill of DOMAIN §5.1, in the key order of
 * statement.json (contract fields first). Pure and deterministic: the same sums and context
 * always give the same object.
 */
export function assemblePartnerStatement(ledger: CurrencyLedger, context: StatementContext): PartnerStatement {
  const { policy } = context;
  const computed = computeStatementTotals(
    {
      consumption: ledger.consumption.value(),
      refunds: ledger.refunds.value(),
      adjustments: ledger.adjustments.value(),
      corrections: ledger.corrections.value(),
      recordCoupons: ledger.recordCoupons.value(),
      partnerCoupons: context.coupons,
      creditBroughtForward: context.creditBroughtForward,
    },
    policy,
  );
  const customers = buildCustomerLines(ledger, policy);
  const counts = ledger.counts;
  const statement: PartnerStatement = {
    period: context.period,
    revision: context.revision,
    partner_id: context.partnerId,
    currency: context.currency,
    totals: computed.totals,
    customers: customers.lines,
    partner_name: context.partnerName,
    partner_roles: [...context.partnerRoles],
    payee: context.payee,
    customers_rounding_residual: customers.residual,
    settlement_rounding_residual: computed.settlementResidual,
    amount_due_rounding_residual: computed.amountDueResidual,
    totals_exact: computed.totalsExact,
    coupons: computed.coupons,
    by_service_type: buildFeeBreakdown(ledger.byServiceType, 'service_type', policy, context.serviceTypeNames),
    by_region: buildFeeBreakdown(ledger.byRegion, 'region', policy),
    by_charging_mode: buildFeeBreakdown(ledger.byChargingMode, 'charging_mode', policy),
    by_bill_type: buildFeeBreakdown(ledger.byBillType, 'bill_type', policy),
    referral: buildReferralSection(ledger, policy),
    corrections: buildCorrectionSection(ledger, policy),
    counts: {
      records: counts.consumption + counts.refund + counts.adjustment,
      consumption_records: counts.consumption,
      refund_records: counts.refund,
      adjustment_records: counts.adjustment,
      correction_records: counts.correction,
      referral_records: counts.referral,
      customers: ledger.customers.size,
      valid_orders: ledger.validOrders.count(),
    },
    customer_invoices: buildCustomerInvoices(ledger, policy),
  };
  if (!context.isDistributor) return statement;
  const { referral, corrections, counts: statementCounts, ...head } = statement;
  return { ...head, resellers: buildResellerBreakdown(ledger, context.partnerNames, policy), referral, corrections, counts: statementCounts };
}
