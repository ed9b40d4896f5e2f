import { negateDecimal, signOfDecimal } from '../money/exactDecimal';
import type { AdjustmentRecord } from '../records/types';
import { parseAdjustmentType } from './enums';
import type { RowReader } from './RowReader';

/**
 * Validates one row of adjustments.csv (DOMAIN §4.3). The delivered amount must be > 0; the
 * stored signed amount is −amount for compensation and writeoff, +amount for charge.
 */
export function validateAdjustmentRow(reader: RowReader): AdjustmentRecord | undefined {
  const measure = reader.measureId();
  const recordId = reader.requiredText('record_id');
  const billCycle = reader.period('bill_cycle', true);
  const tradeTimeMs = reader.instant('trade_time');
  const customerId = reader.requiredText('customer_id');
  const currency = reader.currency();
  const adjustmentType = reader.enumValue('adjustment_type', parseAdjustmentType, true, 'compensation (9), charge (16), writeoff');
  const amount = reader.amount('amount', measure, true);
  if (amount !== '' && signOfDecimal(amount) <= 0) {
    reader.fail('amount', 'row.rule', 'must be greater than 0; the sign comes from adjustment_type');
  }
  const referenceTradeId = reader.text('reference_trade_id');
  const reason = reader.text('reason');
  const targetPeriod = reader.period('target_period', false);
  if (!reader.ok || adjustmentType === undefined) return undefined;
  return {
    kind: 'adjustment', recordId, billCycle, tradeTimeMs, customerId, currency, adjustmentType,
    signedAmount: adjustmentType === 'charge' ? amount : negateDecimal(amount),
    referenceTradeId, reason, targetPeriod,
  };
}
