/**
 * Validated records as the domain sees them. Amounts are canonical exact decimal strings in
 * yuan (see money/parseAmount); refunds are stored negative; times are UTC epoch ms.
 */

export type RecordKind = 'consumption' | 'refund' | 'adjustment';

/** Payment-instrument and price amounts of a fee record (DOMAIN §4.1). */
export interface FeeAmounts {
  official: string;
  discount: string;
  erase: string;
  payable: string;
  cash: string;
  credit: string;
  coupon: string;
  flexipurchaseCoupon: string;
  storedValueCard: string;
  bonus: string;
  debt: string;
  writeoff: string;
}

export const FEE_AMOUNT_FIELDS: readonly (keyof FeeAmounts)[] = [
  'official', 'discount', 'erase', 'payable', 'cash', 'credit', 'coupon',
  'flexipurchaseCoupon', 'storedValueCard', 'bonus', 'debt', 'writeoff',
];

/** A consumption (kind 'consumption') or refund (kind 'refund') record. */
export interface FeeRecord {
  kind: 'consumption' | 'refund';
  recordId: string;
  billCycle: string;
  tradeTimeMs: number;
  customerId: string;
  customerName: string;
  accountName: string;
  partnerId: string;
  indirectPartnerId: string;
  accountManagerId: string;
  tradeId: string;
  billType: number;
  chargingMode: number;
  serviceTypeCode: string;
  resourceTypeCode: string;
  regionCode: string;
  resourceId: string;
  resourceName: string;
  productId: string;
  providerType: number;
  sellerId: string;
  currency: string;
  amounts: FeeAmounts;
  /** Refunds only: the order refunded. */
  originalTradeId: string;
  /** Refunds only. */
  refundReason: string;
}

export type AdjustmentType = 'compensation' | 'charge' | 'writeoff';

export interface AdjustmentRecord {
  kind: 'adjustment';
  recordId: string;
  billCycle: string;
  tradeTimeMs: number;
  customerId: string;
  currency: string;
  adjustmentType: AdjustmentType;
  /** Signed: compensation and writeoff negative (reduce what is owed), charge positive. */
  signedAmount: string;
  referenceTradeId: string;
  reason: string;
  targetPeriod: string;
}

export type BillRecord = FeeRecord | AdjustmentRecord;

/** Bill types of DOMAIN §4.1; orders are 1, 2, 3, 8 (trade_id is an order id). */
export const CONSUMPTION_BILL_TYPES: Readonly<Record<number, string>> = {
  1: 'new purchase', 2: 'renewal', 3: 'change', 5: 'usage', 8: 'auto-renewal', 12: 'hourly',
  14: 'support plan', 18: 'monthly payment', 23: 'savings plan', 25: 'erase make-up', 103: 'yearly payment',
};
export const ORDER_BILL_TYPES: ReadonlySet<number> = new Set([1, 2, 3, 8]);
export const REFUND_BILL_TYPES: Readonly<Record<number, string>> = { 4: 'refund', 20: 'refund', 24: 'refund' };
export const CHARGING_MODES: Readonly<Record<number, string>> = {
  1: 'yearly/monthly', 3: 'on-demand', 10: 'reserved instance', 11: 'savings plan',
};
export const REFUND_REASONS = ['unsubscribe', 'downgrade', 'to_on_demand', 'five_day', 'cancel'] as const;
export const ADJUSTMENT_TYPES: readonly AdjustmentType[] = ['compensation', 'charge', 'writeoff'];
