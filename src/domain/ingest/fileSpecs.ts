import type { ImportFormat } from '../imports/importFormat';

/** The files of a delivery (DOMAIN §4) and the columns each one must carry. */

export type FeeFileKind = 'consumption' | 'refunds';
export type RecordFileKind = FeeFileKind | 'adjustments';
export type ReferenceKind =
  | 'partners' | 'associations' | 'partner-coupons' | 'provider-summary' | 'marketplace-products' | 'share-tiers' | 'merchant-deposits' | 'merchant-payments'
  | 'fund-movements' | 'payment-thresholds' | 'voucher-quotas' | 'partner-vouchers'
  | 'incentive-policies' | 'special-incentives' | 'service-types';
/** `export`: a cloud's own billing export, read through its format's mapping (docs/import-formats.md). */
export type FileKind = RecordFileKind | ReferenceKind | 'export';

export interface FileSpec {
  kind: FileKind;
  /** Path inside the delivery folder, '/'-separated. */
  fileName: string;
  reference: boolean;
  required: readonly string[];
  optional: readonly string[];
  /** Only for kind `export`: which cloud's export it is. */
  format?: ImportFormat;
}

/** The spec of a cloud export file: its columns are the format's, checked by ExportRowMapper. */
export function exportFileSpec(fileName: string, format: ImportFormat): FileSpec {
  return { kind: 'export', fileName, reference: false, required: [], optional: [], format };
}

const FEE_REQUIRED = [
  'record_id', 'bill_cycle', 'trade_time', 'customer_id', 'trade_id', 'bill_type', 'charging_mode',
  'service_type_code', 'official_amount', 'discount_amount', 'payable_amount',
] as const;

const FEE_OPTIONAL = [
  'customer_name', 'account_name', 'partner_id', 'indirect_partner_id', 'account_manager_id', 'resource_type_code',
  'region_code', 'resource_id', 'resource_name', 'product_id', 'provider_type', 'seller_id', 'erase_amount',
  'cash_amount', 'credit_amount', 'coupon_amount', 'flexipurchase_coupon_amount', 'stored_value_card_amount',
  'bonus_amount', 'debt_amount', 'writeoff_amount', 'currency', 'measure_id',
] as const;

function reference(kind: ReferenceKind, required: readonly string[], optional: readonly string[] = []): FileSpec {
  return { kind, fileName: `reference/${kind}.csv`, reference: true, required, optional };
}

/** Every known file, in ingest order: reference data first, then records. */
export const FILE_SPECS: readonly FileSpec[] = [
  reference('partners', ['partner_id', 'name', 'roles'], [
    'parent_partner_id', 'currency', 'payout_method', 'invoice_tax_rate', 'invoice_content', 'signing_entity', 'programme_end',
  ]),
  reference('associations', ['customer_id', 'partner_id', 'association_type', 'valid_from'], ['valid_to', 'account_manager_id']),
  reference('partner-coupons', ['partner_id', 'coupon_id', 'period', 'amount'], ['currency']),
  reference('provider-summary', ['partner_id', 'bill_cycle', 'consumption', 'refunds', 'adjustments', 'amount_due'], ['currency']),
  reference('marketplace-products', ['product_id', 'seller_id', 'product_class', 'platform_fee_rate'], ['five_day_refund', 'seller_name']),
  reference('share-tiers', ['platform_fee_rate', 'min_monthly_paid', 'extra_merchant_share']),
  reference('merchant-deposits', ['seller_id', 'deposit_balance'], ['currency']),
  // Optional: what merchants paid back of their payback receivables (docs/settlements.md).
  reference('merchant-payments', ['seller_id', 'payment_id', 'period', 'amount'], ['currency']),
  reference('incentive-policies', ['service_type_code', 'policy', 'rate'], ['min_period_performance', 'valid_from', 'valid_to', 'currency']),
  reference('special-incentives', ['partner_id', 'program', 'period'], ['amount', 'rate', 'basis', 'cap', 'currency']),
  // Optional: the settlement payment threshold per currency (1000 in every currency when absent).
  reference('payment-thresholds', ['currency', 'threshold']),
  // Optional: each partner's voucher quota (代金券额度), the latest version in force.
  reference('voucher-quotas', ['partner_id', 'quota'], ['currency']),
  // Optional names of service types, for the pages people read (statements keep the codes).
  reference('service-types', ['service_type_code', 'name'], ['name_zh']),
  { kind: 'consumption', fileName: 'consumption.csv', reference: false, required: FEE_REQUIRED, optional: FEE_OPTIONAL },
  {
    kind: 'refunds', fileName: 'refunds.csv', reference: false,
    required: [...FEE_REQUIRED, 'original_trade_id'], optional: [...FEE_OPTIONAL, 'refund_reason'],
  },
  // Partner fund movements (docs/partner-funds.md): every delivered row counts (not only the latest file's), once per movement_id.
  {
    kind: 'fund-movements', fileName: 'fund-movements.csv', reference: true,
    required: ['movement_id', 'time', 'partner_id', 'operation', 'amount'], optional: ['customer_id', 'indirect_partner_id', 'currency', 'memo'],
  },
  // Partner-issued vouchers (docs/partner-funds.md "Vouchers"): events accumulate like fund movements.
  {
    kind: 'partner-vouchers', fileName: 'partner-vouchers.csv', reference: true,
    required: ['event_id', 'time', 'partner_id', 'operation', 'customer_id'], optional: ['amount', 'currency', 'memo'],
  },
  {
    kind: 'adjustments', fileName: 'adjustments.csv', reference: false,
    required: ['record_id', 'bill_cycle', 'trade_time', 'customer_id', 'adjustment_type', 'amount'],
    optional: ['currency', 'measure_id', 'reference_trade_id', 'reason', 'target_period'],
  },
];

