import { negateDecimal, signOfDecimal } from '../money/exactDecimal';
import type { MeasureId } from '../money/parseAmount';
import { FEE_AMOUNT_FIELDS, type FeeAmounts, type FeeRecord } from '../records/types';
import {
  parseChargingMode, parseConsumptionBillType, parseProviderType, parseRefundBillType, parseRefundReason,
} from './enums';
import type { FeeFileKind } from './fileSpecs';
import type { RowReader } from './RowReader';

const BILL_TYPES = '1, 2, 3, 5, 8, 12, 14, 18, 23, 25, 103 or their names (new purchase, renewal, change, usage, …)';

/**
 * Validates one row of consumption.csv or refunds.csv (DOMAIN §4.1, §4.2). Returns the record,
 * or undefined when the reader collected problems. Refunds come back with all amounts ≤ 0.
 */
export function validateFeeRow(reader: RowReader, kind: FeeFileKind): FeeRecord | undefined {
  const measure = reader.measureId();
  const recordId = reader.requiredText('record_id');
  const billCycle = reader.period('bill_cycle', true);
  const tradeTimeMs = reader.instant('trade_time');
  const customerId = reader.requiredText('customer_id');
  const billType = kind === 'refunds' ? readRefundBillType(reader) : reader.enumValue('bill_type', parseConsumptionBillType, true, BILL_TYPES);
  const chargingMode = reader.enumValue('charging_mode', parseChargingMode, true, '1 (yearly/monthly), 3 (on-demand), 10 (reserved instance), 11 (savings plan)');
  const providerType = reader.enumValue('provider_type', parseProviderType, false, '1 (platform) or 2 (marketplace)') ?? 1;
  const sellerId = reader.text('seller_id');
  const productId = reader.text('product_id');
  if (providerType === 2) {
    if (sellerId === '') reader.fail('seller_id', 'row.rule', 'is required for a marketplace record (provider_type 2)');
    if (productId === '') reader.fail('product_id', 'row.rule', 'is required for a marketplace record (provider_type 2)');
  }
  const record: FeeRecord = {
    kind: kind === 'refunds' ? 'refund' : 'consumption',
    recordId, billCycle, tradeTimeMs, customerId,
    customerName: reader.text('customer_name'),
    accountName: reader.text('account_name'),
    partnerId: reader.text('partner_id'),
    indirectPartnerId: reader.text('indirect_partner_id'),
    accountManagerId: reader.text('account_manager_id'),
    tradeId: reader.requiredText('trade_id'),
    billType: billType ?? 0,
    chargingMode: chargingMode ?? 0,
    serviceTypeCode: reader.requiredText('service_type_code'),
    resourceTypeCode: reader.text('resource_type_code'),
    regionCode: reader.text('region_code'),
    resourceId: reader.text('resource_id'),
    resourceName: reader.text('resource_name'),
    productId, providerType, sellerId,
    currency: reader.currency(),
    amounts: readFeeAmounts(reader, measure),
    originalTradeId: kind === 'refunds' ? reader.requiredText('original_trade_id') : '',
    refundReason: kind === 'refunds' ? readRefundReason(reader) : '',
  };
  if (!reader.ok) return undefined;
  if (kind === 'refunds') record.amounts = normalizeRefundSign(record.amounts);
  return record;
}

function readRefundBillType(reader: RowReader): number | undefined {
  const parsed = reader.enumValue('bill_type', parseRefundBillType, true, '4, 20 or 24 (refund bill types)');
  if (parsed !== 'not-refund') return parsed;
  reader.fail('bill_type', 'row.rule', 'is a consumption bill type; a refund has bill_type 4, 20 or 24');
  return undefined;
}

function readRefundReason(reader: RowReader): string {
  return reader.enumValue('refund_reason', parseRefundReason, false, 'unsubscribe, downgrade, to_on_demand, five_day, cancel') ?? '';
}

function readFeeAmounts(reader: RowReader, measure: MeasureId | undefined): FeeAmounts {
  return {
    official: reader.amount('official_amount', measure, true),
    discount: reader.amount('discount_amount', measure, true),
    erase: reader.amount('erase_amount', measure, false),
    payable: reader.amount('payable_amount', measure, true),
    cash: reader.amount('cash_amount', measure, false),
    credit: reader.amount('credit_amount', measure, false),
    coupon: reader.amount('coupon_amount', measure, false),
    flexipurchaseCoupon: reader.amount('flexipurchase_coupon_amount', measure, false),
    storedValueCard: reader.amount('stored_value_card_amount', measure, false),
    bonus: reader.amount('bonus_amount', measure, false),
    debt: reader.amount('debt_amount', measure, false),
    writeoff: reader.amount('writeoff_amount', measure, false),
  };
}

/**
 * Refunds are stored negative (DOMAIN §4.2). A refund delivered positive (payable > 0, or
 * payable 0 and official > 0) has every amount negated, so that A1 and A2 hold (or fail)
 * exactly as delivered; a refund delivered negative is kept as it is.
 */
export function normalizeRefundSign(amounts: FeeAmounts): FeeAmounts {
  const payableSign = signOfDecimal(amounts.payable);
  const positive = payableSign > 0 || (payableSign === 0 && signOfDecimal(amounts.official) > 0);
  if (!positive) return amounts;
  const negated = { ...amounts };
  for (const field of FEE_AMOUNT_FIELDS) negated[field] = negateDecimal(amounts[field]);
  return negated;
}
