import type { BroughtForward, CascadeLine } from './deductionCascade';
import type { ProductClass } from './shareRatio';
import type { SettlementStatus } from './settlementWorkflow';

/**
 * The marketplace settlement (云商店分账, DOMAIN §5.2) as written to settlement.json, one per
 * merchant × period × currency. Field names are the JSON names (snake_case) because outside
 * tools read them; the contract's fixed fields come first, extras after. Every amount is a
 * string with exactly 2 decimals unless named `*_exact`; ratios and rates are exact decimals.
 */

/** settlement.json `totals` (DOMAIN §6), plus extras after the fixed fields. */
export interface SettlementTotals {
  gross: string;
  merchant_share: string;
  platform_fee: string;
  refunds: string;
  refunds_reversed: string;
  net: string;
  brought_forward: string;
  deducted_from_deposit: string;
  payback_receivable: string;
  payable: string;
  carried_forward: string;
  /** The platform's part of the refunds (≤ 0): refunds = refunds_reversed + refunds_platform_fee. */
  refunds_platform_fee: string;
  /**
   * Of which prior-period corrections: Σ merchant_part of `corrections[]` (late records of
   * closed earlier periods). Informational: it is already included in `brought_forward`.
   */
  corrections: string;
  /**
   * The merchant's payback receivable (what it owes the platform back) before this period: the
   * previous settlement's `receivable_carried_forward` (docs/settlements.md "Receivables").
   * Absent in documents issued before receivables were tracked.
   */
  receivable_brought_forward?: string;
  /** Open after this period: brought forward + this period's payback_receivable − payments received, never below 0. */
  receivable_carried_forward?: string;
}

/** The receivable's movements of the period: receivable_carried_forward = brought_forward + new − Σ payments + overpaid. */
export interface SettlementReceivable {
  brought_forward: string;
  /** This period's payback_receivable. */
  new: string;
  /** merchant-payments.csv rows of this merchant, period and currency, by payment id. */
  payments: { payment_id: string; amount: string }[];
  /** Paid beyond what was owed (reported by receivable.balance, never carried as a credit). */
  overpaid: string;
  carried_forward: string;
}

/** One product's sales of the period, split with the product's ratio for the month. */
export interface SettlementProductLine {
  product_id: string;
  /** Σ paid of the product's sales, rounded once; merchant_share + platform_fee = paid exactly. */
  paid: string;
  merchant_share: string;
  platform_fee: string;
  product_class: ProductClass;
  platform_fee_rate: string;
  /** 1 − platform_fee_rate + extra_merchant_share of the tier reached (exact). */
  merchant_ratio: string;
  /** The share tier the month's paid reached, or null. */
  tier: { min_monthly_paid: string; extra_merchant_share: string } | null;
  /** Σ paid at full precision (what the tier is tested against, once rounded). */
  paid_exact: string;
  /** Sales records of the product in the period. */
  records: number;
}

/**
 * One refund record reversed with the ratio of its original order (DOMAIN §5.2). `paid`,
 * `merchant_share` and `platform_fee` are ≤ 0 and add up exactly; they mirror the split the
 * same positive amount gets with `merchant_ratio`.
 */
export interface SettlementRefundLine {
  record_id: string;
  original_trade_id: string;
  /** bill_cycle of the original order; empty when the order is unknown. */
  original_period: string;
  product_id: string;
  product_class: ProductClass;
  refund_reason: string;
  merchant_ratio: string;
  /**
   * Where the ratio came from: `order` (the original order's product ratio in its period: this
   * statement's for an order of this period, the closed settlement's for an earlier one, else
   * recomputed from that period's records), or `unknown_order` (no such order: the refunded
   * product's ratio of this period, reported as refund.original_ratio).
   */
  ratio_source: 'order' | 'unknown_order';
  paid: string;
  merchant_share: string;
  platform_fee: string;
  /** A five-day refund (5天无理由) of an order of this same period: the pair is shown in `five_day_netting`. */
  five_day_netted: boolean;
}

/**
 * A prior-period correction (DOMAIN §3): one late marketplace record of a closed earlier period
 * (`original_period`) booked by this close. A late sale owes the merchant its share at the ratio
 * its product had in the original period; a late refund takes back the merchant's part at the
 * ratio of its original order. The record's paid amount is rounded once to cents and split by
 * largest remainder exactly as a refund or a product line is: `merchant_part + platform_part =
 * paid`. The merchant part enters the deduction cascade as a brought-forward item of the
 * original period (a balance of its class for a sale, a deduction for a refund).
 */
export interface SettlementCorrectionLine {
  original_period: string;
  record_id: string;
  kind: 'sale' | 'refund';
  /** The order: the sale's own trade id, or the refund's original order. */
  trade_id: string;
  product_id: string;
  product_class: ProductClass;
  /** The record's paid amount (payable − coupon), rounded once; ≤ 0 for a refund. */
  paid: string;
  merchant_ratio: string;
  merchant_part: string;
  platform_part: string;
  /**
   * `order`: a sale at its product's ratio of the original period, a refund at its original
   * order's ratio; `unknown_order`: a refund whose order is not found, reversed at the refunded
   * product's ratio of the original period (reported as refund.original_ratio).
   */
  ratio_source: 'order' | 'unknown_order';
  /** The period whose ratio applied: the original period, or the refunded order's period. */
  ratio_period: string;
}

/**
 * A five-day refund of an order of the same period: the order's own split and the refund's
 * reversal, which mirror each other, so `net_merchant_share` and `net_paid` are 0.00 when the
 * refund is the whole order. Both records stay in `products`/`refunds` (and so in gross and
 * refunds); this section shows that they cancel out.
 */
export interface FiveDayNettingLine {
  trade_id: string;
  product_id: string;
  order_record_ids: string[];
  order_paid: string;
  order_merchant_share: string;
  order_platform_fee: string;
  refund_record_ids: string[];
  refund_paid: string;
  refund_merchant_share: string;
  refund_platform_fee: string;
  net_paid: string;
  net_merchant_share: string;
}

/** One payment request of the merchant invoice list (开票清单), for a class where the merchant invoices the platform. */
export interface InvoiceListLine {
  payment_request_no: string;
  product_class: ProductClass;
  /** Tax-inclusive amount: the class's payable of the period. */
  amount: string;
  rate: string;
  /** net = round(amount / (1 + rate)), tax = amount − net (DOMAIN §2). */
  net: string;
  tax: string;
  /** Carries the payment-request number and the reconciliation period. */
  remark: string;
}

export interface SettlementDeposit {
  /** Deposit (保证金) before this period: the previous settlement's remaining, else merchant-deposits.csv. */
  opening: string;
  deducted: string;
  remaining: string;
  /** `previous_settlement` (period given) or `merchant_deposits` (the reference file) or `none`. */
  source: 'previous_settlement' | 'merchant_deposits' | 'none';
  /** Period of the previous settlement the deposit comes from; null otherwise. */
  source_period: string | null;
}

export interface SettlementStatement {
  period: string;
  revision: number;
  seller_id: string;
  currency: string;
  /** Status when issued (always `billed`); the workflow's current status is kept by the store, never in the file. */
  status: SettlementStatus;
  products: SettlementProductLine[];
  totals: SettlementTotals;
  /** Stable id used by the workflow commands: `S-<period>-r<revision>-<currency>-<seller_id>`. */
  statement_id: string;
  /** Merchant name from partners.csv when the seller is listed there, else ''. */
  seller_name: string;
  refunds: SettlementRefundLine[];
  five_day_netting: FiveDayNettingLine[];
  /** Prior-period corrections booked this period, one line per late record (by original period, then record id). */
  corrections: SettlementCorrectionLine[];
  /** Every step of the deduction cascade and payment threshold, each with the period it came from. */
  cascade: CascadeLine[];
  deposit: SettlementDeposit;
  /** Valid orders (有效订单, DOMAIN §5.4) of the merchant's records of the period. */
  valid_orders: number;
  /**
   * Merchant invoice list: `required` when a class where the merchant invoices the platform
   * (joint, platform, curated) is paid this period; one line per such payment request.
   */
  invoice_list: { required: boolean; lines: InvoiceListLine[] };
  /** What the next period receives as brought forward (machine-readable; sums to totals.carried_forward). */
  carried: BroughtForward[];
  /** The payback receivable's movements; absent in documents issued before receivables were tracked. */
  receivable?: SettlementReceivable;
}

/** The statement id the workflow commands take. */
/**
 * The number of a payment request: one per period, currency, merchant and invoicing class, the
 * same in every revision. A merchant's invoice quotes it, so a reissued statement must not ask for
 * a new one (unlike the statement id, which names the revision's document).
 */
export function paymentRequestNo(period: string, currency: string, sellerId: string, productClass: string): string {
  return `PR-${period}-${currency}-${sellerId}-${productClass}`;
}

export function settlementStatementId(period: string, revision: number, currency: string, sellerId: string): string {
  return `S-${period}-r${revision}-${currency}-${sellerId}`;
}
