import { describe, expect, it } from 'vitest';
import DecimalJs from 'decimal.js';
import { Dec, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP } from '../../../src/domain/money/decimal';

describe('Dec: the decimal.js doorway', () => {
  it('does not lose digits where the default precision of 20 would', () => {
    // Proves: the clone's precision (80 significant digits) keeps large amounts with small fractions.
    expect(new Dec('100000000000000000.001').plus('0.001').toFixed()).toBe('100000000000000000.002');
    expect(new Dec('123456789012345678.1234567890123456789012345678').plus('0.0000000000000000000000000001').toFixed()).toBe(
      '123456789012345678.1234567890123456789012345679',
    );
    expect(new DecimalJs('100000000000000000.001').plus('0.001').toFixed()).toBe('100000000000000000');
  });

  it('never prints exponent notation for amounts', () => {
    // Proves: toString() of tiny and huge values stays plain (toExpNeg −100, toExpPos 100).
    expect(new Dec('1.3E-9').toString()).toBe('0.0000000013');
    expect(new Dec('1e-28').toString()).toBe('0.0000000000000000000000000001');
    expect(new Dec('2.5e30').toString()).toBe('2500000000000000000000000000000');
    expect(new DecimalJs('1e-7').toString()).toBe('1e-7');
  });

  it('defaults to half-up rounding, and exports the rounding-mode constants', () => {
    // Proves: the clone's default mode is ROUND_HALF_UP and the constants match decimal.js.
    expect(Dec.rounding).toBe(ROUND_HALF_UP);
    expect(new Dec('2.345').toDecimalPlaces(2).toFixed()).toBe('2.35');
    expect(new Dec('-2.345').toDecimalPlaces(2).toFixed()).toBe('-2.35');
    expect([ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN, ROUND_FLOOR]).toEqual([
      DecimalJs.ROUND_HALF_UP,
      DecimalJs.ROUND_HALF_EVEN,
      DecimalJs.ROUND_DOWN,
      DecimalJs.ROUND_FLOOR,
    ]);
  });

  it('is isolated from global Decimal.set', () => {
    // Proves: another module lowering the global precision cannot change our arithmetic.
    const saved = DecimalJs.precision;
    try {
      DecimalJs.set({ precision: 5 });
      expect(new Dec('1.000001').plus('1').toFixed()).toBe('2.000001');
      expect(Dec.precision).toBe(80);
    } finally {
      DecimalJs.set({ precision: saved });
    }
  });

  it('keeps every digit of a string on construction', () => {
    // Proves: the constructor itself never rounds, even past the configured precision.
    const long = `1.${'1'.repeat(99)}`;
    expect(new Dec(long).toFixed()).toBe(long);
  });
});
