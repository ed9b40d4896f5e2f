import { allocateLargestRemainder } from '../money/allocate';
import { Dec } from '../money/decimal';
import { ExactSum, normalizeDecimal, signOfDecimal } from '../money/exactDecimal';
import { DEFAULT_ROUNDING, roundAmount, type RoundingPolicy } from '../money/rounding';

/** Party ids of a marketplace split; 'merchant' sorts first, so it takes an exactly tied fen. */
export const MERCHANT_PARTY = 'merchant';
export const PLATFORM_PARTY = 'platform';

/** One split amount as settlement.json shows it (DOMAIN §6): merchant_share + platform_fee = paid, to the cent. */
export interface RevenueSplit {
  paid: string;
  merchant_share: string;
  platform_fee: string;
}

/** A product's line of the period's sales (settlement.json `products[]`). */
export interface ProductSplit extends RevenueSplit {
  product_id: string;
}

/**
 * Splits a paid amount between merchant and platform (DOMAIN §2, §5.2). The exact paid amount is
 * rounded once to cents by the rounding policy, then divided by largest remainder with weights
 * `ratio` and `1 − ratio`: both shares are whole cents and add up to the shown paid amount
 * exactly. A negative amount splits as the exact mirror of its positive.
 *
 * @example splitPaid('100.01', '0.95') // { paid: '100.01', merchant_share: '95.01', platform_fee: '5.00' }
 */
export function splitPaid(paidExact: string, merchantRatio: string, policy: RoundingPolicy = DEFAULT_ROUNDING): RevenueSplit {
  const ratio = new Dec(merchantRatio);
  if (!ratio.isFinite() || ratio.lt(0) || ratio.gt(1)) throw new Error(`merchant share ratio ${merchantRatio} is outside [0, 1]`);
  const paid = roundAmount(paidExact, policy);
  const shares = allocateLargestRemainder(paid, [
    { id: MERCHANT_PARTY, weight: normalizeDecimal(ratio.toFixed()) },
    { id: PLATFORM_PARTY, weight: normalizeDecimal(new Dec(1).minus(ratio).toFixed()) },
  ], policy.scale);
  return { paid, merchant_share: shares[MERCHANT_PARTY]!, platform_fee: shares[PLATFORM_PARTY]! };
}

/** The split of one product's sales of the period, with the ratio of the month (see merchantShareRatio). */
export function splitProductSales(productId: string, paidExact: string, merchantRatio: string, policy: RoundingPolicy = DEFAULT_ROUNDING): ProductSplit {
  return { product_id: productId, ...splitPaid(paidExact, merchantRatio, policy) };
}

/**
 * Reverses a refund (stored negative, DOMAIN §4.2) with the ratio of its **original** order,
 * which the caller looks up, even in an earlier period. The result is the exact mirror of the
 * split the same positive amount gets with that ratio, so a full refund of an order nets its
 * merchant share and platform fee to zero; a five-day refund of an order of the same period
 * therefore nets the order to zero on the statement.
 *
 * A positive amount is refused: a refund that adds money is a data error the caller reports.
 */
export function reverseRefund(refundExact: string, originalRatio: string, policy: RoundingPolicy = DEFAULT_ROUNDING): RevenueSplit {
  if (signOfDecimal(refundExact) > 0) throw new Error(`refund amount ${refundExact} is positive; refunds are stored negative`);
  return splitPaid(refundExact, originalRatio, policy);
}

/**
 * The split figures of a statement (settlement.json `totals`): `gross`, `merchant_share`,
 * `platform_fee` over the period's sales, `refunds` and `refunds_reversed` (the merchant's part)
 * over its refunds, and `net = merchant_share + refunds_reversed`. Sums of cent lines are taken
 * exactly, so merchant_share + platform_fee = gross holds for the statement whenever it holds per line.
 */
export interface SplitTotals {
  gross: string;
  merchant_share: string;
  platform_fee: string;
  refunds: string;
  refunds_reversed: string;
  /** The platform's part of the refunds (≤ 0): refunds = refunds_reversed + refunds_platform_fee. */
  refunds_platform_fee: string;
  net: string;
}

/** Totals of a statement's sales lines and refund reversals; every input line is already in cents. */
export function sumSplits(sales: readonly RevenueSplit[], refunds: readonly RevenueSplit[], policy: RoundingPolicy = DEFAULT_ROUNDING): SplitTotals {
  const total = (lines: readonly RevenueSplit[], pick: (s: RevenueSplit) => string): string => {
    const acc = new ExactSum();
    for (const line of lines) acc.add(pick(line));
    return acc.value();
  };
  const merchantShare = total(sales, (s) => s.merchant_share);
  const reversed = total(refunds, (s) => s.merchant_share);
  const net = new ExactSum().add(merchantShare).add(reversed).value();
  // Every figure is a sum of cent amounts, so roundAmount only formats; it never changes a digit.
  const show = (exact: string): string => roundAmount(exact, policy);
  return {
    gross: show(total(sales, (s) => s.paid)),
    merchant_share: show(merchantShare),
    platform_fee: show(total(sales, (s) => s.platform_fee)),
    refunds: show(total(refunds, (s) => s.paid)),
    refunds_reversed: show(reversed),
    refunds_platform_fee: show(total(refunds, (s) => s.platform_fee)),
    net: show(net),
  };
}
