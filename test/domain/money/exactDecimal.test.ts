import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Dec } from '../../../src/domain/money/decimal';
import {
  addDecimal,
  compareDecimal,
  ExactSum,
  fromScaled,
  negateDecimal,
  normalizeDecimal,
  signOfDecimal,
  subtractDecimal,
  sumDecimals,
  toScaled,
} from '../../../src/domain/money/exactDecimal';

/** Random plain decimal strings: sign, up to 18 integer digits, up to 28 decimals (trailing zeros allowed). */
const decimalText = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }),
    fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 28 }),
  )
  .map(([sign, int, frac]) => `${sign}${int}${frac ? `.${frac}` : ''}`);

/** Independent canonical form via decimal.js: plain notation, no trailing zeros, no "-0". */
function decCanonical(d: InstanceType<typeof Dec>): string {
  return d.isZero() ? '0' : d.toFixed();
}

describe('toScaled / fromScaled', () => {
  it('splits plain decimals into integer units and scale', () => {
    // Proves: the scaled representation keeps every written digit, including trailing zeros.
    expect(toScaled('12.340')).toEqual({ units: 12340n, scale: 3 });
    expect(toScaled('-0.05')).toEqual({ units: -5n, scale: 2 });
    expect(toScaled('+7')).toEqual({ units: 7n, scale: 0 });
    expect(toScaled('.5')).toEqual({ units: 5n, scale: 1 });
    expect(toScaled('-.5')).toEqual({ units: -5n, scale: 1 });
    expect(toScaled('0.1234567890123456789012345678')).toEqual({ units: 1234567890123456789012345678n, scale: 28 });
  });

  it('formats canonically: no trailing zeros, no "-0", leading zero before the point', () => {
    // Proves: fromScaled is the canonical printer used for every stored exact amount.
    expect(fromScaled({ units: 12340n, scale: 3 })).toBe('12.34');
    expect(fromScaled({ units: -5n, scale: 2 })).toBe('-0.05');
    expect(fromScaled({ units: 0n, scale: 9 })).toBe('0');
    expect(fromScaled({ units: -0n, scale: 2 })).toBe('0');
    expect(fromScaled({ units: 1200n, scale: 2 })).toBe('12');
    expect(fromScaled({ units: 13n, scale: 10 })).toBe('0.0000000013');
    expect(fromScaled({ units: 5n, scale: 0 })).toBe('5');
  });

  it('normalizeDecimal canonicalises', () => {
    // Proves: "007.50" → "7.5" and every spelling of zero → "0".
    expect(normalizeDecimal('007.50')).toBe('7.5');
    expect(normalizeDecimal('-0.0')).toBe('0');
    expect(normalizeDecimal('-000.0100')).toBe('-0.01');
    expect(normalizeDecimal('+3.000')).toBe('3');
  });

  it('round-trips any decimal to its decimal.js canonical form', () => {
    // Proves: toScaled→fromScaled equals decimal.js parsing→plain printing for random inputs.
    fc.assert(
      fc.property(decimalText, (t) => {
        expect(normalizeDecimal(t)).toBe(decCanonical(new Dec(t)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('addDecimal / subtractDecimal / negateDecimal / compareDecimal / signOfDecimal', () => {
  it('adds and subtracts exactly across scales', () => {
    // Proves: mixed-scale additions are exact where binary floating point is not.
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(addDecimal('1.005', '-1.005')).toBe('0');
    expect(addDecimal('9007199254740993.01', '0.0000000000000000000000000001')).toBe('9007199254740993.0100000000000000000000000001');
    expect(subtractDecimal('10', '0.01')).toBe('9.99');
    expect(subtractDecimal('-1.5', '-1.5')).toBe('0');
    expect(subtractDecimal('0', '0.00')).toBe('0');
  });

  it('negates without ever producing "-0" or a doubled sign', () => {
    // Proves: negation of zero in any spelling stays unsigned, and an explicit "+" is handled.
    expect(negateDecimal('1.50')).toBe('-1.50');
    expect(negateDecimal('-1.50')).toBe('1.50');
    expect(negateDecimal('0')).toBe('0');
    expect(negateDecimal('0.00')).toBe('0.00');
    expect(negateDecimal('-0.00')).toBe('0.00');
    expect(negateDecimal('+5')).toBe('-5');
  });

  it('signOfDecimal treats every spelling of zero as zero', () => {
    // Proves: a rounded zero such as "0.00" (as roundAmount prints it) has sign 0, not 1.
    expect(signOfDecimal('0')).toBe(0);
    expect(signOfDecimal('0.00')).toBe(0);
    expect(signOfDecimal('-0.00')).toBe(0);
    expect(signOfDecimal('0.01')).toBe(1);
    expect(signOfDecimal('-0.01')).toBe(-1);
    expect(signOfDecimal('+2')).toBe(1);
  });

  it('compares exactly, including differences in the 28th decimal', () => {
    // Proves: compareDecimal sees differences far below float resolution and ignores trailing zeros.
    expect(compareDecimal('1.0000000000000000000000000001', '1')).toBe(1);
    expect(compareDecimal('-1.0000000000000000000000000001', '-1')).toBe(-1);
    expect(compareDecimal('2.50', '2.5')).toBe(0);
    expect(compareDecimal('-0', '0')).toBe(0);
  });

  it('add, subtract, compare and sign agree with decimal.js on random inputs', () => {
    // Proves: the BigInt helpers are the same arithmetic as decimal.js (an independent implementation).
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        const x = new Dec(a);
        const y = new Dec(b);
        expect(addDecimal(a, b)).toBe(decCanonical(x.plus(y)));
        expect(subtractDecimal(a, b)).toBe(decCanonical(x.minus(y)));
        expect(compareDecimal(a, b)).toBe(x.comparedTo(y));
        expect(signOfDecimal(a)).toBe(x.isZero() ? 0 : x.isNegative() ? -1 : 1);
        expect(normalizeDecimal(negateDecimal(a))).toBe(decCanonical(x.negated()));
      }),
      { numRuns: 500 },
    );
  });
});

describe('ExactSum: exact sums beyond 2^53 minor units', () => {
  const BASE = '123456789012345.12345678901'; // 11 decimals; 1.2e16 fen alone exceeds 2^53
  const BASE_UNITS = 12345678901234512345678901n; // BASE × 10^11, written out by hand

  it('sums 1,000 copies of an 11-decimal value exactly', () => {
    // Proves: a total of ~1.2e19 fen (far above 2^53 ≈ 9.0e15) keeps all 11 decimals.
    const acc = new ExactSum();
    for (let i = 0; i < 1000; i += 1) acc.add(BASE);
    expect(acc.value()).toBe('123456789012345123.45678901');
    expect(acc.value()).toBe(fromScaled({ units: BASE_UNITS * 1000n, scale: 11 }));
    // The same sum in JS numbers is wrong, which is why amounts never pass through `number`.
    let float = 0;
    for (let i = 0; i < 1000; i += 1) float += Number(BASE);
    expect(String(float)).not.toBe('123456789012345123.45678901');
  });

  it('sums 100,000 distinct values base + i·10^-11 to the closed form n·base + n(n+1)/2·10^-11', () => {
    // Proves: exactness over a long run of distinct 11-decimal values, against an arithmetic-series formula.
    const n = 100_000n;
    const acc = new ExactSum();
    for (let i = 1n; i <= n; i += 1n) acc.add(fromScaled({ units: BASE_UNITS + i, scale: 11 }));
    const expectedUnits = n * BASE_UNITS + (n * (n + 1n)) / 2n;
    expect(expectedUnits).toBe(1234567890123451234572890150000n);
    expect(acc.value()).toBe('12345678901234512345.7289015');
    expect(sumDecimals([BASE, `-${BASE}`, '0.00000000001'])).toBe('0.00000000001');
  });

  it('sums mixed signs and scales exactly (charges and refunds)', () => {
    // Proves: refunds cancel charges to the last digit while the scale grows mid-sum.
    const values: string[] = [];
    for (let i = 1; i <= 1000; i += 1) values.push(i % 3 === 0 ? `-${BASE}` : BASE);
    values.push('0.0000000000000000000000000001', '-0.0000000000000000000000000001');
    expect(sumDecimals(values)).toBe('41234567530123271.23456752934');
    // 1000 values, 333 refunds: 334 net copies of BASE.
    expect(sumDecimals(values)).toBe(fromScaled({ units: BASE_UNITS * 334n, scale: 11 }));
  });

  it('starts at zero, ignores zeros, and addSum merges partial sums', () => {
    // Proves: partitioned sums (e.g. per customer, then total) merge to the same exact value.
    const a = new ExactSum();
    expect(a.value()).toBe('0');
    expect(a.isZero()).toBe(true);
    a.add('0').add('0.000').add('1.10');
    const b = new ExactSum().add('-1.1').add('0.0000000001');
    expect(a.addSum(b).value()).toBe('0.0000000001');
    expect(new ExactSum().add('5').add('-5.00').isZero()).toBe(true);
  });

  it('agrees with a decimal.js reduce on random arrays of up to 28-decimal values', () => {
    // Proves: ExactSum equals decimal.js arithmetic (precision 80) for any order and mix of scales.
    fc.assert(
      fc.property(fc.array(decimalText, { maxLength: 60 }), (values) => {
        const expected = values.reduce((acc, v) => acc.plus(v), new Dec(0));
        const acc = new ExactSum();
        for (const v of values) acc.add(v);
        expect(acc.value()).toBe(decCanonical(expected));
        expect(sumDecimals([...values].reverse())).toBe(acc.value());
      }),
      { numRuns: 300 },
    );
  });
});

describe('ExactSum: the safe-integer fast path never loses a digit', () => {
  // Terms around 2^53 units at scales 0..10, so that additions cross from the JS-integer fast path to the BigInt and back.
  const term = fc.record({
    units: fc.oneof(
      fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }),
      fc.bigInt({ min: 2n ** 53n - 1000n, max: 2n ** 53n + 1000n }),
      fc.bigInt({ min: -(2n ** 53n) - 1000n, max: -(2n ** 53n) + 1000n }),
      fc.bigInt({ min: -1_000_000n, max: 1_000_000n }),
    ),
    scale: fc.integer({ min: 0, max: 10 }),
  });

  it('agrees with a BigInt sum at the largest scale, and so do sign() and isZero()', () => {
    // Proves: whatever mix of fast and slow additions, value = the exact sum of the terms.
    fc.assert(
      fc.property(fc.array(term, { maxLength: 80 }), (terms) => {
        const scale = terms.reduce((m, t) => Math.max(m, t.scale), 0);
        const expected = terms.reduce((acc, t) => acc + t.units * 10n ** BigInt(scale - t.scale), 0n);
        const acc = new ExactSum();
        for (const t of terms) acc.addScaled({ units: t.units, scale: t.scale });
        const exact = expected === 0n ? '0' : fromScaled({ units: expected, scale });
        expect(acc.value()).toBe(exact);
        expect(acc.sign()).toBe(expected < 0n ? -1 : expected > 0n ? 1 : 0);
        expect(acc.isZero()).toBe(expected === 0n);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps 2^53 + 1 units exactly (the first integer a double cannot hold)', () => {
    const acc = new ExactSum();
    acc.addScaled({ units: 2n ** 53n, scale: 2 });
    acc.addScaled({ units: 1n, scale: 2 });
    expect(acc.value()).toBe(fromScaled({ units: 2n ** 53n + 1n, scale: 2 }));
    const small = new ExactSum();
    for (let i = 0; i < 3; i++) small.addScaled({ units: 2n ** 52n, scale: 0 });
    expect(small.value()).toBe(String(3n * 2n ** 52n));
  });
});
