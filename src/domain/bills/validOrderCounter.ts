import { ExactSum, signOfDecimal, subtractDecimal } from '../money/exactDecimal';
import { ORDER_BILL_TYPES, type FeeRecord } from '../records/types';

const ON_DEMAND = 3;

/**
 * Counts valid orders (有效订单, DOMAIN §5.4) of a statement while records stream by:
 * - an on-demand consumption record (charging_mode 3) with paid ≥ 0 counts once per record
 *   (its trade_id is a transaction id, so each record is its own "order");
 * - an order (bill types 1, 2, 3, 8, not on-demand) counts once per trade_id when the Σ paid of
 *   its consumption records in the period is > 0 and no refund of the period unsubscribed it.
 * paid = payable − coupon. Only order ids are kept in memory, never records.
 */
export class ValidOrderCounter {
  private onDemandValid = 0;
  private readonly paidByOrder = new Map<string, ExactSum>();
  private readonly unsubscribed = new Set<string>();

  add(record: FeeRecord): void {
    if (record.kind === 'refund') {
      if (record.refundReason === 'unsubscribe' && record.originalTradeId !== '') this.unsubscribed.add(record.originalTradeId);
      return;
    }
    const paid = subtractDecimal(record.amounts.payable, record.amounts.coupon);
    if (record.chargingMode === ON_DEMAND) {
      if (signOfDecimal(paid) >= 0) this.onDemandValid += 1;
      return;
    }
    if (!ORDER_BILL_TYPES.has(record.billType)) return;
    let sum = this.paidByOrder.get(record.tradeId);
    if (!sum) {
      sum = new ExactSum();
      this.paidByOrder.set(record.tradeId, sum);
    }
    sum.add(paid);
  }

  count(): number {
    let orders = 0;
    for (const [tradeId, paid] of this.paidByOrder) {
      if (!this.unsubscribed.has(tradeId) && signOfDecimal(paid.value()) > 0) orders += 1;
    }
    return this.onDemandValid + orders;
  }
}
