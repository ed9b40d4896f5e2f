import { Dec } from './decimal';
import { ExactSum, fromScaled, pow10, toScaled } from './exactDecimal';

export interface AllocationParty {
  /** Stable id; breaks ties between equal remainders (ascending). */
  id: string;
  /** Non-negative weight (a ratio such as "0.95"); weights need not sum to 1. */
  weight: string;
}

/**
 * Splits `amount` among parties by largest remainder at `scale` decimals (DOMAIN §2):
 * each share is the exact pro-rata share truncated toward zero; the left-over units go
 * one each to the largest remainders, ties broken by party id. The shares always add up to
 * the amount exactly, for negative amounts too (a negative amount is split as the mirror of
 * its positive, so a refund's split is the exact negative of its charge's). The result does
 * not depend on the order of the parties.
 *
 * @example allocateLargestRemainder('10.00', [{id:'a',weight:'1'},{id:'b',weight:'1'},{id:'c',weight:'1'}])
 *          // { a: '3.34', b: '3.33', c: '3.33' }
 */
export function allocateLargestRemainder(amount: string, parties: readonly AllocationParty[], scale = 2): Record<string, string> {
  if (parties.length === 0) throw new Error('allocation needs at least one party');
  const ids = new Set(parties.map((p) => p.id));
  if (ids.size !== parties.length) throw new Error('allocation party ids must be unique');
  const weights = parties.map((p) => new Dec(p.weight));
  if (weights.some((w) => !w.isFinite() || (w.isNegative() && !w.isZero())) || weights.every((w) => w.isZero())) {
    throw new Error('allocation weights must be non-negative and not all zero');
  }
  const exactAmount = new Dec(amount);
  const negative = exactAmount.isNegative();
  const absUnits = toUnits(exactAmount.abs().toFixed(), scale);
  // Exact integer arithmetic throughout: weights at a common scale, share_i = absUnits·w_i / Σw
  // as an integer quotient and remainder, so remainders compare exactly whatever the weights' digits.
  const weightScale = Math.max(...weights.map((w) => w.decimalPlaces()));
  const weightUnits = weights.map((w) => toUnits(w.toFixed(), weightScale));
  const totalWeight = weightUnits.reduce((acc, w) => acc + w, 0n);
  const base = parties
    .map((p, i) => {
      const numerator = absUnits * weightUnits[i]!;
      return { id: p.id, units: numerator / totalWeight, remainder: numerator % totalWeight };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let left = absUnits - base.reduce((acc, b) => acc + b.units, 0n);
  const byRemainder = [...base].sort((a, b) => (a.remainder > b.remainder ? -1 : a.remainder < b.remainder ? 1 : a.id < b.id ? -1 : 1));
  for (const share of byRemainder) {
    if (left <= 0n) break;
    share.units += 1n;
    left -= 1n;
  }
  const result: Record<string, string> = {};
  for (const b of base) {
    const units = negative ? -b.units : b.units;
    result[b.id] = new Dec(fromScaled({ units, scale })).toFixed(scale);
  }
  return result;
}

/** Amount in whole units of 10^-scale; the amount must already have at most `scale` decimals. */
function toUnits(text: string, scale: number): bigint {
  const v = toScaled(text);
  if (v.scale > scale) throw new Error(`amount ${text} has more than ${scale} decimals; round it first`);
  return v.units * pow10(scale - v.scale);
}

/** Sum of allocation shares, for checks. */
export function sumShares(shares: Record<string, string>): string {
  const acc = new ExactSum();
  for (const v of Object.values(shares)) acc.add(v);
  return acc.value();
}
