import { ExactSum, compareDecimal, negateDecimal, subtractDecimal } from '../money/exactDecimal';
import { formatExact } from '../money/rounding';
import { checkRow, type CheckResult, type CheckStatus } from './checkResult';

/** A refund whose original order is not known (in this or any earlier delivery). */
export interface UnmatchedRefund {
  file: string;
  recordId: string;
  originalTradeId: string;
  /** Stored (negative) payable of the refund, exact. */
  payable: string;
}

/**
 * `refund.unmatched` (DOMAIN §4.2): one row per refund whose original order is unknown,
 * `warn` by default (the order may predate the data held); one ok row when none.
 */
export function refundUnmatchedChecks(refundsChecked: number, unmatched: readonly UnmatchedRefund[], status: CheckStatus = 'warn', standaloneCredits = 0): CheckResult[] {
  const credits = standaloneCredits > 0 ? ` (and ${standaloneCredits} credits that refund no order)` : '';
  if (unmatched.length === 0) return [checkRow('refund.unmatched', 'ok', `${refundsChecked} refunds matched${credits}`)];
  return unmatched.map((r) =>
    checkRow('refund.unmatched', status, `${r.file}: order ${r.originalTradeId}`, {
      expected: 'original order known',
      actual: formatExact(r.payable),
      records: [r.recordId],
    }),
  );
}

/** One refunded order: what it paid and the refunds recorded against it. */
export interface RefundedOrder {
  originalTradeId: string;
  /** Σ paid (payable − coupon) of the order, exact, ≥ 0 normally. */
  paid: string;
  /** Σ payable of its refunds, exact, stored negative. */
  refunds: string;
  refundRecordIds: readonly string[];
}

/**
 * `refund.excess` (DOMAIN §4.2): a fail per order whose refunds exceed what it paid.
 * `expected` = paid, `actual` = refunded (positive), `difference` = the excess.
 */
export function refundExcessChecks(orders: readonly RefundedOrder[]): CheckResult[] {
  const rows: CheckResult[] = [];
  for (const order of orders) {
    const refunded = negateDecimal(new ExactSum().add(order.refunds).value());
    if (compareDecimal(refunded, order.paid) <= 0) continue;
    rows.push(
      checkRow('refund.excess', 'fail', `order ${order.originalTradeId}`, {
        expected: formatExact(order.paid),
        actual: formatExact(refunded),
        difference: formatExact(subtractDecimal(refunded, order.paid)),
        records: order.refundRecordIds,
      }),
    );
  }
  if (rows.length === 0) rows.push(checkRow('refund.excess', 'ok', `${orders.length} refunded orders within paid`));
  return rows;
}
