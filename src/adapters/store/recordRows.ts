import type { AdjustmentRecord, AdjustmentType, FeeRecord } from '../../domain/records/types';

/** Row shapes of the record tables and their mapping to domain records. */

export const FEE_SELECT_COLUMNS = [
  'id', 'record_id', 'bill_cycle', 'trade_time_ms', 'customer_id', 'customer_name', 'account_name', 'partner_id',
  'indirect_partner_id', 'account_manager_id', 'trade_id', 'bill_type', 'charging_mode', 'service_type_code',
  'resource_type_code', 'region_code', 'resource_id', 'resource_name', 'product_id', 'provider_type', 'seller_id',
  'currency', 'official_amount', 'discount_amount', 'erase_amount', 'payable_amount', 'cash_amount', 'credit_amount',
  'coupon_amount', 'flexipurchase_coupon_amount', 'stored_value_card_amount', 'bonus_amount', 'debt_amount',
  'writeoff_amount',
] as const;

export const ADJUSTMENT_SELECT_COLUMNS = [
  'id', 'record_id', 'bill_cycle', 'trade_time_ms', 'customer_id', 'currency', 'adjustment_type', 'signed_amount',
  'reference_trade_id', 'reason', 'target_period',
] as const;

type Row = Record<string, unknown>;

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

export function feeRecordFromRow(row: Row, kind: 'consumption' | 'refund'): FeeRecord {
  return {
    kind,
    recordId: str(row.record_id),
    billCycle: str(row.bill_cycle),
    tradeTimeMs: Number(row.trade_time_ms),
    customerId: str(row.customer_id),
    customerName: str(row.customer_name),
    accountName: str(row.account_name),
    partnerId: str(row.partner_id),
    indirectPartnerId: str(row.indirect_partner_id),
    accountManagerId: str(row.account_manager_id),
    tradeId: str(row.trade_id),
    billType: Number(row.bill_type),
    chargingMode: Number(row.charging_mode),
    serviceTypeCode: str(row.service_type_code),
    resourceTypeCode: str(row.resource_type_code),
    regionCode: str(row.region_code),
    resourceId: str(row.resource_id),
    resourceName: str(row.resource_name),
    productId: str(row.product_id),
    providerType: Number(row.provider_type),
    sellerId: str(row.seller_id),
    currency: str(row.currency),
    amounts: {
      official: str(row.official_amount),
      discount: str(row.discount_amount),
      erase: str(row.erase_amount),
      payable: str(row.payable_amount),
      cash: str(row.cash_amount),
      credit: str(row.credit_amount),
      coupon: str(row.coupon_amount),
      flexipurchaseCoupon: str(row.flexipurchase_coupon_amount),
      storedValueCard: str(row.stored_value_card_amount),
      bonus: str(row.bonus_amount),
      debt: str(row.debt_amount),
      writeoff: str(row.writeoff_amount),
    },
    originalTradeId: str(row.original_trade_id),
    refundReason: str(row.refund_reason),
  };
}

export function adjustmentRecordFromRow(row: Row): AdjustmentRecord {
  return {
    kind: 'adjustment',
    recordId: str(row.record_id),
    billCycle: str(row.bill_cycle),
    tradeTimeMs: Number(row.trade_time_ms),
    customerId: str(row.customer_id),
    currency: str(row.currency),
    adjustmentType: str(row.adjustment_type) as AdjustmentType,
    signedAmount: str(row.signed_amount),
    referenceTradeId: str(row.reference_trade_id),
    reason: str(row.reason),
    targetPeriod: str(row.target_period),
  };
}
