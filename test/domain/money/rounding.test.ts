import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Dec } from '../../../src/domain/money/decimal';
import { addDecimal, sumDecimals } from '../../../src/domain/money/exactDecimal';
import { DEFAULT_ROUNDING, formatExact, roundAmount, roundBreakdown, splitTax, type RoundingPolicy } from '../../../src/domain/money/rounding';

const HALF_EVEN: RoundingPolicy = { scale: 2, mode: 'half-even' };

/** Exact decimal strings with up to 28 decimals and either sign. */
const exactText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 28 }))
  .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`);

/** Values that sit exactly on a half (x.xx5) — the cases where the rule matters. */
const halfText = fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 12n })).map(([neg, units]) => {
  const s = (units * 10n + 5n).toString().padStart(4, '0');
  return `${neg ? '-' : ''}${s.slice(0, -3)}.${s.slice(-3)}`;
});

/** Textual negation of a fixed-decimal result ("0.00" stays "0.00"). */
function negated(fixed: string): string {
  if (/^-?0\.0+$/.test(fixed) || /^-?0$/.test(fixed)) return fixed.replace('-', '');
  return fixed.startsWith('-') ? fixed.slice(1) : `-${fixed}`;
}

describe('roundAmount (default: half-up to 2 dp, away from zero)', () => {
  it.each([
    ['2.345', '2.35'],
    ['-2.345', '-2.35'],
    ['0.125', '0.13'],
    ['-0.125', '-0.13'],
    ['2.344999999999999999999999999', '2.34'],
    ['0.0049999999999999999999999999', '0.00'],
    ['0.005', '0.01'],
    ['-0.005', '-0.01'],
    ['1.3E-9', '0.00'],
    ['12.3', '12.30'],
    ['7', '7.00'],
    ['123456789012345678.995', '123456789012345679.00'],
    ['9007199254740993.015', '9007199254740993.02'],
  ])('%s → %s', (exact, shown) => {
    // Proves: 四舍五入 to fen, symmetric for negatives, exact for values beyond float precision.
    expect(roundAmount(exact)).toBe(shown);
  });

  it.each(['-0.001', '-0.004999', '-0', '0', '-0.0000000000000000000000000001'])('never prints "-0.00" (%s → "0.00")', (exact) => {
    // Proves: a negative amount that rounds to zero is shown as "0.00", not "-0.00".
    expect(roundAmount(exact)).toBe('0.00');
    expect(roundAmount(exact, HALF_EVEN)).toBe('0.00');
  });

  it.each([
    ['2.345', '2.34'],
    ['2.355', '2.36'],
    ['0.125', '0.12'],
    ['-2.345', '-2.34'],
    ['-0.005', '0.00'],
    ['0.015', '0.02'],
    ['2.3450000000000000000000000001', '2.35'],
  ])('half-even option: %s → %s', (exact, shown) => {
    // Proves: the configurable banker's rounding rounds exact halves to the even fen.
    expect(roundAmount(exact, HALF_EVEN)).toBe(shown);
  });

  it('honours the policy scale', () => {
    // Proves: the scale is configurable (yuan, or 4-decimal unit prices).
    expect(roundAmount('2.5', { scale: 0, mode: 'half-up' })).toBe('3');
    expect(roundAmount('-2.5', { scale: 0, mode: 'half-up' })).toBe('-3');
    expect(roundAmount('2.5', { scale: 0, mode: 'half-even' })).toBe('2');
    expect(roundAmount('1.23455', { scale: 4, mode: 'half-up' })).toBe('1.2346');
  });

  it('a refund rounds to the exact negative of its charge: roundAmount(−x) = −roundAmount(x)', () => {
    // Proves: rounding is symmetric in both modes, for arbitrary and for exact-half inputs.
    fc.assert(
      fc.property(fc.oneof(exactText, halfText), fc.constantFrom(DEFAULT_ROUNDING, HALF_EVEN), (x, policy) => {
        const minusX = x.startsWith('-') ? x.slice(1) : `-${x}`;
        expect(roundAmount(minusX, policy)).toBe(negated(roundAmount(x, policy)));
      }),
      { numRuns: 500 },
    );
  });

  it('is within half a fen of the exact value and has exactly two decimals', () => {
    // Proves: roundAmount is a rounding (|shown − exact| ≤ 0.005) with fixed scale output.
    fc.assert(
      fc.property(exactText, fc.constantFrom(DEFAULT_ROUNDING, HALF_EVEN), (x, policy) => {
        const shown = roundAmount(x, policy);
        expect(shown).toMatch(/^-?\d+\.\d{2}$/);
        expect(new Dec(shown).minus(x).abs().lte('0.005')).toBe(true);
      }),
    );
  });

  it('half-up rounds every exact half away from zero', () => {
    // Proves: on ties, |shown| = |exact| + 0.005 (never toward zero) under the default policy.
    fc.assert(
      fc.property(halfText, (x) => {
        const shown = new Dec(roundAmount(x));
        expect(shown.abs().minus(new Dec(x).abs()).toFixed()).toBe('0.005');
      }),
    );
  });
});

describe('formatExact', () => {
  it('pads to at least two decimals and keeps every further digit', () => {
    // Proves: *_exact fields keep all digits and never show "-0".
    expect(formatExact('1.5')).toBe('1.50');
    expect(formatExact('0.0000000013')).toBe('0.0000000013');
    expect(formatExact('-12')).toBe('-12.00');
    expect(formatExact('-0.000')).toBe('0.00');
    expect(formatExact('123456789012345123.45678901')).toBe('123456789012345123.45678901');
    expect(formatExact('1.3E-9', 4)).toBe('0.0000000013');
    expect(formatExact('2', 0)).toBe('2');
  });
});

describe('splitTax: net = round(gross / (1 + rate)), tax = gross − net', () => {
  it.each([
    ['106.00', '0.06', '106.00', '100.00', '6.00'],
    ['113', '0.13', '113.00', '100.00', '13.00'],
    ['100.00', '0.06', '100.00', '94.34', '5.66'], // 94.3396… → 94.34
    ['10.00', '0.06', '10.00', '9.43', '0.57'], // 9.43396… → 9.43
    ['0.05', '1', '0.05', '0.03', '0.02'], // 0.025 is a tie: half-up → 0.03
    ['106.004', '0.06', '106.00', '100.00', '6.00'], // gross is rounded first
    ['106.005', '0.06', '106.01', '100.01', '6.00'], // 100.009433… → 100.01
    ['-106.00', '0.06', '-106.00', '-100.00', '-6.00'],
    ['-100.00', '0.06', '-100.00', '-94.34', '-5.66'],
    ['0', '0.06', '0.00', '0.00', '0.00'],
    ['-0.01', '0.06', '-0.01', '-0.01', '0.00'],
    ['55.55', '0', '55.55', '55.55', '0.00'],
  ])('gross %s at rate %s → gross %s net %s tax %s', (grossExact, rate, gross, net, tax) => {
    // Proves: the documented tax split, with rounding, sign symmetry and no "-0.00".
    expect(splitTax(grossExact, rate)).toEqual({ gross, net, tax });
  });

  it('half-even policy applies to the net', () => {
    // Proves: the policy mode reaches the net computation (0.025 → 0.02 under half-even).
    expect(splitTax('0.05', '1', HALF_EVEN)).toEqual({ gross: '0.05', net: '0.02', tax: '0.03' });
  });

  it('rejects a rate that makes 1 + rate zero or negative, or is not a number', () => {
    // Proves: an impossible rate fails loudly instead of printing "Infinity" amounts.
    expect(() => splitTax('10.00', '-1')).toThrow(/rate/);
    expect(() => splitTax('10.00', '-1.5')).toThrow(/rate/);
    expect(() => splitTax('10.00', 'Infinity')).toThrow(/rate/);
  });

  it('net + tax = gross exactly, and a refund splits as the exact negative of its charge', () => {
    // Proves: the split never loses or invents a fen, and is sign-symmetric.
    const rate = fc.constantFrom('0', '0.03', '0.06', '0.09', '0.13', '0.16', '0.17');
    fc.assert(
      fc.property(exactText, rate, (g, r) => {
        const s = splitTax(g, r);
        expect(addDecimal(s.net, s.tax)).toBe(addDecimal(s.gross, '0'));
        const minusG = g.startsWith('-') ? g.slice(1) : `-${g}`;
        const m = splitTax(minusG, r);
        expect(m).toEqual({ gross: negated(s.gross), net: negated(s.net), tax: negated(s.tax) });
        expect(s.net).toBe(roundAmount(new Dec(s.gross).div(new Dec(1).plus(r)).toFixed()));
      }),
      { numRuns: 500 },
    );
  });
});

describe('roundBreakdown: shown sub-totals + residual = shown total', () => {
  it('three half-fen sub-totals: shown 0.01 each, total 0.02, residual −0.01', () => {
    // Proves: sub-totals and total are rounded independently; the residual reconciles them.
    expect(roundBreakdown(['0.005', '0.005', '0.005'])).toEqual({ shown: ['0.01', '0.01', '0.01'], total: '0.02', residual: '-0.01' });
  });

  it('no residual when the sub-totals are already at fen', () => {
    // Proves: the residual is "0.00" (not "-0.00") when nothing needs reconciling.
    expect(roundBreakdown(['10.10', '-0.10', '5'])).toEqual({ shown: ['10.10', '-0.10', '5.00'], total: '15.00', residual: '0.00' });
    expect(roundBreakdown([])).toEqual({ shown: [], total: '0.00', residual: '0.00' });
  });

  it('total is rounded once from the exact sum, not summed from rounded parts', () => {
    // Proves: 1/3-like parts: 3 × 0.3333 → shown 0.33 each, total round(0.9999) = 1.00, residual 0.01.
    expect(roundBreakdown(['0.3333', '0.3333', '0.3334'])).toEqual({ shown: ['0.33', '0.33', '0.33'], total: '1.00', residual: '0.01' });
  });

  it('Σ shown + residual = total exactly, total = round(Σ exact), for random sub-totals', () => {
    // Proves: the statement always foots, in both rounding modes, with 28-decimal inputs of either sign.
    fc.assert(
      fc.property(fc.array(exactText, { maxLength: 40 }), fc.constantFrom(DEFAULT_ROUNDING, HALF_EVEN), (parts, policy) => {
        const b = roundBreakdown(parts, policy);
        expect(b.shown).toEqual(parts.map((p) => roundAmount(p, policy)));
        expect(b.total).toBe(roundAmount(sumDecimals(parts), policy));
        const shownPlusResidual = sumDecimals([...b.shown, b.residual]);
        expect(roundAmount(shownPlusResidual, policy)).toBe(b.total);
        expect(new Dec(shownPlusResidual).eq(b.total)).toBe(true);
        expect(b.residual).toMatch(/^-?\d+\.\d{2}$/);
        expect(b.residual).not.toBe('-0.00');
        // Each shown part is off by at most half a fen, so the residual is bounded too.
        expect(new Dec(b.residual).abs().lte(new Dec('0.005').times(parts.length).plus('0.005'))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
