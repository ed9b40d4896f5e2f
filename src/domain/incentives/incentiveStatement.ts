/**
 * The incentive statement (激励, DOMAIN §5.3) as written to incentive.json, one per solution
 * provider × period, in the partner's currency. Field names are the JSON names (snake_case);
 * the contract's fixed fields come first, extras after. Amounts are strings with exactly 2
 * decimals unless named `*_exact`; rates are exact decimals.
 */

/** incentive.json `totals` (DOMAIN §6), plus extras after the fixed fields. */
export interface IncentiveTotals {
  /** Σ performance of every service type except policy 2, refunds included (may be negative). */
  performance: string;
  base_incentive: string;
  special_incentive: string;
  /** Clawback not yet netted, brought from the previous period (≤ 0). */
  carried_in: string;
  /** max(0, base + special + corrections + carried_in). */
  payable: string;
  /** min(0, base + special + corrections + carried_in): clawback carried to the next period (≤ 0). */
  carried_out: string;
  /** base_incentive + special_incentive (may be negative): this period's own result, corrections apart. */
  period_result: string;
  /** Prior-period corrections: Σ incentive of `corrections[]` (each line rounded once); may be negative. */
  corrections: string;
}

/** Policy of a service type for the period (incentive-policies.csv). */
export type IncentivePolicy = 0 | 1 | 2 | 13;

/** One service type's performance and base incentive. */
export interface IncentiveServiceLine {
  service_type_code: string;
  /** null when no policy row applies: the performance counts toward tiers but earns 0 (reported). */
  policy: IncentivePolicy | null;
  /** Which rows applied: the service's own rows, the `*` rows, or none. */
  policy_source: 'service' | 'wildcard' | 'none';
  /** Tier applied (min_period_performance of the row picked by the total performance); null when none. */
  tier_min_period_performance: string | null;
  /** Rate earned (exact); '0' for policy 13, 2 or none. */
  rate: string;
  /** cash + credit + stored_value_card + debt of consumption, plus the (negative) refunds booked to this service. */
  performance: string;
  consumption: string;
  refunds: string;
  /** rate × performance, shown rounded (the exact value is in `incentive_exact`). */
  incentive: string;
  incentive_exact: string;
  performance_exact: string;
  /** Counted in `totals.performance` (false only for policy 2). */
  counts_toward_tier: boolean;
  records: number;
}

/**
 * A prior-period correction (DOMAIN §3): late records of a closed earlier period
 * (`original_period`) attributed to the partner, per service type. They change that period's
 * performance; they earn at the rate that period's in-force statement applied to the service
 * (its tier is not re-evaluated), and the incentive is booked in this statement.
 */
export interface IncentiveCorrectionLine {
  original_period: string;
  service_type_code: string;
  /** Σ performance of the late records (refunds included, may be negative), rounded once. */
  performance: string;
  /** The earn rate of the original period for the service (exact); '0' for policy 2, 13 or no policy. */
  rate: string;
  /** rate × performance, rounded once (the exact value is in `incentive_exact`). */
  incentive: string;
  records: number;
  /** The service's policy in the original period; null when no row applies. 2: excluded, earns nothing. */
  policy: IncentivePolicy | null;
  /**
   * Where the rate comes from: `statement` (the original period's statement has the service: its
   * rate), `policy` (it does not: the policy of the original period for the service at the tier
   * that statement reached), `no_statement` (the partner has no statement of that period: 0).
   */
  rate_source: 'statement' | 'policy' | 'no_statement';
  /** The tier the rate belongs to (min_period_performance), or null. */
  tier_min_period_performance: string | null;
  performance_exact: string;
  incentive_exact: string;
}

/** One special-incentive program (special-incentives.csv), capped. */
export interface SpecialIncentiveLine {
  program: string;
  /** `amount` (fixed) or `rate` (× basis). */
  kind: 'amount' | 'rate';
  rate: string | null;
  basis: 'performance' | 'new_customer_performance' | null;
  /** The basis figure the rate was applied to (rounded); null for a fixed amount. */
  basis_amount: string | null;
  /** Before the cap. */
  computed: string;
  cap: string | null;
  capped: boolean;
  incentive: string;
}

/** The invoice notice (DOMAIN §5.3): what the partner must invoice, or that no invoice is needed. */
export interface IncentiveInvoice {
  required: boolean;
  /** `vat_special` (增值税专用发票, paper or electronic; never an ordinary invoice) when required, else null. */
  type: string | null;
  /** Tax-inclusive amount = payable; null when not required. */
  gross: string | null;
  rate: string | null;
  net: string | null;
  tax: string | null;
  content: string | null;
  signing_entity: string | null;
  /** The sentence the statement shows, e.g. why no invoice is required. */
  note: string;
}

export interface IncentiveStatement {
  period: string;
  revision: number;
  partner_id: string;
  currency: string;
  totals: IncentiveTotals;
  invoice: IncentiveInvoice;
  partner_name: string;
  payout_method: string;
  services: IncentiveServiceLine[];
  /** Makes the shown service performances add up to totals.performance (counted lines only). */
  services_rounding_residual: { performance: string; incentive: string };
  special: SpecialIncentiveLine[];
  /** Makes the shown program incentives add up to totals.special_incentive (each program and the total are rounded once). */
  special_rounding_residual: string;
  /** Prior-period corrections, one line per original period × service type (by period, then service). */
  corrections: IncentiveCorrectionLine[];
  /** Where carried_in comes from: the previous closed incentive statement's period, or null. */
  carried_in_from: string | null;
  /** Records of the partner's customers in another currency than the statement's: not counted (reported). */
  other_currency_records: number;
}
