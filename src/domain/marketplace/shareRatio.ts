import { Dec } from '../money/decimal';
import { compareDecimal, normalizeDecimal } from '../money/exactDecimal';
import { roundAmount, type RoundingPolicy, DEFAULT_ROUNDING } from '../money/rounding';
import type { MarketplaceProduct, ProductClass, ShareTier } from '../reference/types';

export type { MarketplaceProduct, ProductClass, ShareTier } from '../reference/types';

/** Every product class, in the fixed order statements list them. */
export const PRODUCT_CLASSES: readonly ProductClass[] = ['generic', 'joint', 'platform', 'curated'];

/** The merchant's ratio of a product for a month, and the tier that raised it (undefined: none reached). */
export interface ShareRatio {
  /** Canonical exact decimal in [0, 1], e.g. "0.97". */
  ratio: string;
  tier: ShareTier | undefined;
}

/**
 * Reference data cannot give a usable split: a fee rate outside [0, 1], or a tier that would
 * give the merchant more than the whole amount or less than nothing. A data error of one
 * product; the close reports it and settles the other products.
 */
export class ShareRatioError extends Error {
  override readonly name = 'ShareRatioError';
  readonly code = 'settlement.share_ratio' as const;

  constructor(readonly productId: string, message: string) {
    super(message);
  }
}

/**
 * Merchant share ratio of a product for a month (DOMAIN §5.2): `1 − platform_fee_rate`, plus the
 * `extra_merchant_share` of the highest tier that applies.
 *
 * Decisions where the DOMAIN is silent:
 * - a tier applies to a product when its `platform_fee_rate` equals the product's numerically
 *   ("0.05" = "0.050");
 * - "reaches" is ≥, compared on the month's paid amount **as shown** (rounded once to cents by
 *   the rounding policy): the statement shows that figure beside the split, so a reader can
 *   check the tier from it; 1 499 999.995 shows as 1 500 000.00 and reaches a 1.5 M tier;
 * - the month's paid amount is the product's sales of the period (gross, before refunds):
 *   refunds reverse with their original order's ratio and never re-tier the month;
 * - "highest tier" is the highest `min_monthly_paid` reached; two rows with the same rate and
 *   threshold resolve to the larger extra share, so the result does not depend on row order;
 * - a ratio outside [0, 1] is a data error (ShareRatioError), never silently clamped.
 *
 * @example merchantShareRatio({ platformFeeRate: '0.05', … }, '1500000.00',
 *            [{ platformFeeRate: '0.05', minMonthlyPaid: '1500000', extraMerchantShare: '0.02' }]).ratio // '0.97'
 */
export function merchantShareRatio(
  product: MarketplaceProduct,
  monthlyPaidExact: string,
  tiers: readonly ShareTier[],
  policy: RoundingPolicy = DEFAULT_ROUNDING,
): ShareRatio {
  const feeRate = new Dec(product.platformFeeRate);
  if (!feeRate.isFinite() || feeRate.lt(0) || feeRate.gt(1)) {
    throw new ShareRatioError(product.productId, `product ${product.productId} has platform_fee_rate ${product.platformFeeRate}, outside [0, 1]`);
  }
  const tier = highestTierReached(product.platformFeeRate, roundAmount(monthlyPaidExact, policy), tiers);
  const ratio = new Dec(1).minus(feeRate).plus(tier?.extraMerchantShare ?? '0');
  if (!ratio.isFinite() || ratio.lt(0) || ratio.gt(1)) {
    throw new ShareRatioError(product.productId,
      `product ${product.productId}: 1 − ${product.platformFeeRate} + ${tier?.extraMerchantShare ?? '0'} = ${ratio.toFixed()} is outside [0, 1]`);
  }
  return { ratio: normalizeDecimal(ratio.toFixed()), tier };
}

/** The applicable tier with the highest threshold that `shownPaid` reaches, or undefined. */
export function highestTierReached(feeRate: string, shownPaid: string, tiers: readonly ShareTier[]): ShareTier | undefined {
  let best: ShareTier | undefined;
  for (const tier of tiers) {
    if (!new Dec(tier.platformFeeRate).eq(feeRate)) continue;
    if (compareDecimal(shownPaid, normalizeDecimal(new Dec(tier.minMonthlyPaid).toFixed())) < 0) continue;
    if (best === undefined) {
      best = tier;
      continue;
    }
    const byThreshold = new Dec(tier.minMonthlyPaid).comparedTo(best.minMonthlyPaid);
    if (byThreshold > 0 || (byThreshold === 0 && new Dec(tier.extraMerchantShare).gt(best.extraMerchantShare))) best = tier;
  }
  return best;
}
