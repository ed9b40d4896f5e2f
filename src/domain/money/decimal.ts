import DecimalJs from 'decimal.js';

/**
 * The one doorway to decimal.js. A private clone so that no other code's global
 * Decimal settings can change ours. Precision is in significant digits: 80 holds a
 * 28-decimal amount of up to 10^50 without rounding, far beyond any bill.
 * Arithmetic never rounds silently below that; rounding to cents is explicit (rounding.ts).
 */
export const Dec = DecimalJs.clone({
  precision: 80,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -100,
  toExpPos: 100,
});
export type Dec = InstanceType<typeof Dec>;

export const ROUND_HALF_UP = DecimalJs.ROUND_HALF_UP;
export const ROUND_HALF_EVEN = DecimalJs.ROUND_HALF_EVEN;
export const ROUND_DOWN = DecimalJs.ROUND_DOWN;
export const ROUND_FLOOR = DecimalJs.ROUND_FLOOR;

export type DecimalRounding = DecimalJs.Rounding;
