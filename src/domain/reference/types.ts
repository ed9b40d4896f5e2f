/** Reference data of a delivery (DOMAIN §4.4), validated. Amounts/rates are exact decimal strings. */

export type PartnerRole = 'distributor' | 'reseller' | 'solution_provider' | 'merchant';

export interface Partner {
  partnerId: string;
  name: string;
  roles: PartnerRole[];
  parentPartnerId: string;
  currency: string;
  payoutMethod: string;
  invoiceTaxRate: string;
  invoiceContent: string;
  signingEntity: string;
  /**
   * The day the partner left the programme (YYYY-MM-DD), '' or absent while it is in: an incentive
   * not paid one year after it is lost (docs/incentive-payouts.md).
   */
  programmeEnd?: string;
}

export type AssociationType = 'referral' | 'resale';

export interface Association {
  customerId: string;
  partnerId: string;
  associationType: AssociationType;
  /** UTC epoch ms, inclusive. */
  validFromMs: number;
  /** UTC epoch ms, exclusive; undefined = open. */
  validToMs: number | undefined;
  accountManagerId: string;
}

export interface PartnerCoupon {
  partnerId: string;
  couponId: string;
  period: string;
  amount: string;
  /** Not in the contract's column list; optional, defaults to the partner's currency. */
  currency: string;
}

export interface ProviderSummaryRow {
  partnerId: string;
  billCycle: string;
  consumption: string;
  refunds: string;
  adjustments: string;
  amountDue: string;
  /** Optional column; defaults to CNY. */
  currency: string;
}

/** Product class of a marketplace product (DOMAIN §4.4): 通用, 联营, 自营, 严选. */
export type ProductClass = 'generic' | 'joint' | 'platform' | 'curated';

/** A row of `marketplace-products.csv`. Rates are exact decimal strings ("0.05"). */
export interface MarketplaceProduct {
  productId: string;
  sellerId: string;
  productClass: ProductClass;
  platformFeeRate: string;
  fiveDayRefund: boolean;
  /** Optional `seller_name`: the merchant's name when partners.csv does not list the seller. */
  sellerName?: string;
}

/** A row of the optional `service-types.csv`: what a service type code is called. */
export interface ServiceTypeName {
  serviceTypeCode: string;
  name: string;
  /** Chinese name, '' when not given. */
  nameZh: string;
}

/** A row of `share-tiers.csv`: products with this fee rate whose month's paid reaches the minimum earn the extra share. */
export interface ShareTier {
  platformFeeRate: string;
  minMonthlyPaid: string;
  extraMerchantShare: string;
}

/** A row of `merchant-deposits.csv` (保证金). */
export interface MerchantDeposit {
  sellerId: string;
  depositBalance: string;
  /** Not in the contract's column list; optional, defaults to CNY. */
  currency: string;
}

/**
 * A row of `merchant-payments.csv`: money a merchant paid back of its payback receivable, booked
 * in the settlement of `period` (docs/settlements.md "Receivables").
 */
export interface MerchantPayment {
  sellerId: string;
  paymentId: string;
  period: string;
  /** > 0, at most 2 decimals. */
  amount: string;
  currency: string;
}

export type FundOperation = 'topup' | 'allocate' | 'reclaim' | 'reseller_allocate' | 'reseller_reclaim';
export const FUND_OPERATIONS: readonly FundOperation[] = ['topup', 'allocate', 'reclaim', 'reseller_allocate', 'reseller_reclaim'];

/** A row of `fund-movements.csv` (伙伴账户: 充值 topup, 拨款 allocate, 回收 reclaim; to and from resellers). */
export interface FundMovement {
  movementId: string;
  /** As delivered (ISO-8601 with offset), and as UTC epoch ms. */
  time: string;
  timeMs: number;
  partnerId: string;
  operation: FundOperation;
  /** For allocate and reclaim. */
  customerId: string;
  /** The reseller, for reseller_allocate and reseller_reclaim. */
  indirectPartnerId: string;
  /** > 0, at most 2 decimals. */
  amount: string;
  currency: string;
  memo: string;
}

/** A row of `voucher-quotas.csv`: a partner's voucher quota (代金券额度) in a currency, granted so far. */
export interface VoucherQuota {
  partnerId: string;
  quota: string;
  currency: string;
}

/** A row of `partner-vouchers.csv`: a voucher issued to or reclaimed from a resale customer. */
export interface PartnerVoucherRow {
  eventId: string;
  time: string;
  timeMs: number;
  partnerId: string;
  operation: 'issue' | 'reclaim';
  customerId: string;
  /** issue: > 0, at most 2 decimals; reclaim: '' (the whole remaining balance is reclaimed). */
  amount: string;
  currency: string;
  memo: string;
}

/** A row of `incentive-policies.csv` (DOMAIN §4.4). Periods are YYYY-MM, '' = open. */
export interface IncentivePolicyRow {
  /** A service type code, or '*' for every service without rows of its own. */
  serviceTypeCode: string;
  policy: 0 | 1 | 2 | 13;
  rate: string;
  minPeriodPerformance: string;
  validFrom: string;
  validTo: string;
  /** The currency of the statements it applies to; absent: the partner's own currency (its statement without a currency suffix). */
  currency?: string;
}

/** A row of `special-incentives.csv`: a fixed `amount`, or `rate` × `basis`; capped at `cap` ('' = no cap). */
export interface SpecialIncentiveRow {
  partnerId: string;
  program: string;
  period: string;
  amount: string;
  rate: string;
  basis: 'performance' | 'new_customer_performance' | '';
  cap: string;
  /** As IncentivePolicyRow.currency. */
  currency?: string;
}

/** A row of `payment-thresholds.csv`: the settlement payment threshold in one currency (default 1000 in every currency). */
export interface PaymentThreshold {
  currency: string;
  threshold: string;
}

/** Everything a close needs from reference data (the latest delivered version of each file). */
export interface ReferenceData {
  partners: Partner[];
  associations: Association[];
  partnerCoupons: PartnerCoupon[];
  providerSummary: ProviderSummaryRow[] | undefined;
  marketplaceProducts: MarketplaceProduct[];
  shareTiers: ShareTier[];
  merchantDeposits: MerchantDeposit[];
  merchantPayments: MerchantPayment[];
  paymentThresholds: PaymentThreshold[];
  voucherQuotas: VoucherQuota[];
  incentivePolicies: IncentivePolicyRow[];
  specialIncentives: SpecialIncentiveRow[];
  serviceTypes: ServiceTypeName[];
}
