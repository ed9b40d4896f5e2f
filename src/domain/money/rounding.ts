import { Dec, ROUND_HALF_EVEN, ROUND_HALF_UP, type DecimalRounding } from './decimal';
import { ExactSum, subtractDecimal } from './exactDecimal';

/**
 * The rounding policy (DOMAIN §2), in one place. Sums are exact; a shown figure is
 * rounded once from its exact value; shown sub-totals get a residual line so that they
 * add up to the shown total.
 */
export interface RoundingPolicy {
  /** Decimal places of shown amounts (2 = fen). */
  scale: number;
  /** half-up = 四舍五入, away from zero for negatives (so a refund rounds to the exact negative of its charge). */
  mode: 'half-up' | 'half-even';
}

export const DEFAULT_ROUNDING: RoundingPolicy = { scale: 2, mode: 'half-up' };

function decimalMode(policy: RoundingPolicy): DecimalRounding {
  return policy.mode === 'half-even' ? ROUND_HALF_EVEN : ROUND_HALF_UP;
}

/** Rounds an exact amount to the policy's scale; returns a fixed-decimal string ("12.30", never "-0.00"). */
export function roundAmount(exact: string, policy: RoundingPolicy = DEFAULT_ROUNDING): string {
  const rounded = new Dec(exact).toDecimalPlaces(policy.scale, decimalMode(policy));
  return (rounded.isZero() ? new Dec(0) : rounded).toFixed(policy.scale);
}

/** Formats an already-exact amount with at least `scale` decimals, keeping every digit (for *_exact fields). */
export function formatExact(exact: string, scale = 2): string {
  const d = new Dec(exact);
  return (d.isZero() ? new Dec(0) : d).toFixed(Math.max(scale, d.decimalPlaces()));
}

export interface TaxSplit {
  gross: string;
  net: string;
  tax: string;
}

/** DOMAIN §2: net = round(gross / (1 + rate)), tax = gross − net. `gross` is rounded first. */
export function splitTax(grossExact: string, rate: string, policy: RoundingPolicy = DEFAULT_ROUNDING): TaxSplit {
  const divisor = new Dec(1).plus(rate);
  if (!divisor.isFinite() || divisor.lte(0)) throw new Error(`tax rate ${rate} is not usable: 1 + rate must be a positive number`);
  const gross = roundAmount(grossExact, policy);
  const net = new Dec(gross).div(divisor).toDecimalPlaces(policy.scale, decimalMode(policy));
  const tax = new Dec(gross).minus(net);
  return { gross, net: roundAmount(net.toFixed(), policy), tax: roundAmount(tax.toFixed(), policy) };
}

export interface RoundedBreakdown {
  /** Each sub-total rounded once, in input order. */
  shown: string[];
  /** The shown total (exact total rounded once). */
  total: string;
  /** total − Σ shown: the visible line that makes the shown sub-totals add up. */
  residual: string;
}

/**
 * Rounds sub-totals and their total independently and returns the residual that
 * reconciles them: Σ shown + residual = total, exactly.
 */
export function roundBreakdown(subtotalsExact: readonly string[], policy: RoundingPolicy = DEFAULT_ROUNDING): RoundedBreakdown {
  const exactTotal = new ExactSum();
  const shownSum = new ExactSum();
  const shown = subtotalsExact.map((s) => {
    exactTotal.add(s);
    const r = roundAmount(s, policy);
    shownSum.add(r);
    return r;
  });
  const total = roundAmount(exactTotal.value(), policy);
  return { shown, total, residual: roundAmount(subtractDecimal(total, shownSum.value()), policy) };
}
