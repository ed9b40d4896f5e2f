import { ExactSum, negateDecimal, signOfDecimal, subtractDecimal } from '../money/exactDecimal';
import { formatExact, roundAmount, roundBreakdown, type RoundingPolicy } from '../money/rounding';
import type { PartnerCoupon } from '../reference/types';
import type { CouponSection, StatementTotals, StatementTotalsExact } from './partnerStatement';

/** Exact inputs of a statement's totals. */
export interface TotalsInput {
  consumption: string;
  refunds: string;
  adjustments: string;
  corrections: string;
  /** Σ coupon_amount of the included fee records and corrections (refunds net off). */
  recordCoupons: string;
  partnerCoupons: readonly PartnerCoupon[];
  creditBroughtForward: string;
}

export interface ComputedTotals {
  totals: StatementTotals;
  totalsExact: StatementTotalsExact;
  coupons: CouponSection;
  settlementResidual: string;
  amountDueResidual: string;
}

function sumOf(values: readonly string[]): string {
  const acc = new ExactSum();
  for (const v of values) acc.add(v);
  return acc.value();
}

/**
 * The totals of DOMAIN §5.1. Every figure is summed exactly and rounded once; amount_due is
 * rounded from the exact balance (settlement − coupons_used − credit brought forward), and a
 * negative balance becomes credit_carried instead. The two residuals make the shown figures
 * add up visibly: settlement vs its shown components, and amount_due vs settlement's shown
 * deductions.
 */
export function computeStatementTotals(input: TotalsInput, policy: RoundingPolicy): ComputedTotals {
  const settlementExact = sumOf([input.consumption, input.refunds, input.adjustments, input.corrections]);
  const couponBreakdown = roundBreakdown([input.recordCoupons, ...input.partnerCoupons.map((c) => c.amount)], policy);
  const couponsExact = sumOf([input.recordCoupons, ...input.partnerCoupons.map((c) => c.amount)]);
  const balance = subtractDecimal(subtractDecimal(settlementExact, couponsExact), input.creditBroughtForward);
  const owes = signOfDecimal(balance) > 0;
  const dueExact = owes ? balance : '0';
  const creditExact = owes ? '0' : negateDecimal(balance);
  const round = (exact: string): string => roundAmount(exact, policy);
  const totals: StatementTotals = {
    consumption: round(input.consumption),
    refunds: round(input.refunds),
    adjustments: round(input.adjustments),
    corrections: round(input.corrections),
    settlement: round(settlementExact),
    coupons_used: couponBreakdown.total,
    amount_due: round(dueExact),
    credit_carried: round(creditExact),
    credit_brought_forward: round(input.creditBroughtForward),
  };
  const shownComponents = sumOf([totals.consumption, totals.refunds, totals.adjustments, totals.corrections]);
  const shownBalance = sumOf([totals.settlement, negateDecimal(totals.coupons_used), negateDecimal(totals.credit_brought_forward)]);
  const shownDue = subtractDecimal(totals.amount_due, totals.credit_carried);
  const exact = (value: string): string => formatExact(value, policy.scale);
  return {
    totals,
    totalsExact: {
      consumption: exact(input.consumption),
      refunds: exact(input.refunds),
      adjustments: exact(input.adjustments),
      corrections: exact(input.corrections),
      settlement: exact(settlementExact),
      coupons_used: exact(couponsExact),
      credit_brought_forward: exact(input.creditBroughtForward),
      balance: exact(balance),
      amount_due: exact(dueExact),
      credit_carried: exact(creditExact),
    },
    coupons: {
      from_records: couponBreakdown.shown[0]!,
      partner_coupons: input.partnerCoupons.map((c, i) => ({ coupon_id: c.couponId, amount: couponBreakdown.shown[i + 1]! })),
      rounding_residual: couponBreakdown.residual,
      total: couponBreakdown.total,
    },
    settlementResidual: round(subtractDecimal(totals.settlement, shownComponents)),
    amountDueResidual: round(subtractDecimal(shownDue, shownBalance)),
  };
}
