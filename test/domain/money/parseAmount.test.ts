import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAmount, parseMeasureId, type MeasureId } from '../../../src/domain/money/parseAmount';

function value(raw: string, measure: MeasureId = 1): string {
  const r = parseAmount(raw, measure);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(raw)} to parse, got: ${r.reason}`);
  return r.value;
}

describe('parseAmount: accepted forms', () => {
  it.each([
    ['12', '12'],
    ['12.50', '12.5'],
    ['007.500', '7.5'],
    ['-3.20', '-3.2'],
    ['+3.20', '3.2'],
    ['.5', '0.5'],
    ['-.5', '-0.5'],
    ['5.', '5'],
    ['0', '0'],
    ['-0', '0'],
    ['-0.000', '0'],
    ['  42.1  ', '42.1'],
  ])('plain/signed/leading-dot %j canonicalises to %j', (raw, expected) => {
    // Proves: plain, signed and leading-dot decimals come out canonical (no trailing zeros, no "-0").
    expect(value(raw)).toBe(expected);
  });

  it.each([
    ['1.3E-9', '0.0000000013'],
    ['1.3e-9', '0.0000000013'],
    ['2.5e3', '2500'],
    ['2.5E+3', '2500'],
    ['-7E-2', '-0.07'],
    ['1.23456789012345678901234567e-10', '0.000000000123456789012345678901234567'],
    ['12345e-4', '1.2345'],
  ])('exponent notation %j is expanded exactly to %j', (raw, expected) => {
    // Proves: exponent inputs from other clouds' exports become plain decimals with every digit kept.
    expect(value(raw)).toBe(expected);
  });

  it('keeps a 28-decimal input digit for digit', () => {
    // Proves: no digit of a 28-decimal amount is lost or rounded (DOMAIN §2).
    expect(value('0.1234567890123456789012345678')).toBe('0.1234567890123456789012345678');
    expect(value('-98765432109876.1234567890123456789012345671')).toBe('-98765432109876.1234567890123456789012345671');
    expect(value('99999999999999999.9999999999999999999999999999')).toBe('99999999999999999.9999999999999999999999999999');
  });

  it.each([
    ['150', 2, '15'],
    ['155', 2, '15.5'],
    ['1', 2, '0.1'],
    ['-0.3', 2, '-0.03'],
    ['150', 3, '1.5'],
    ['1', 3, '0.01'],
    ['-5', 3, '-0.05'],
    ['2.5e3', 3, '25'],
    ['0.1234567890123456789012345678', 3, '0.001234567890123456789012345678'],
    ['0.1234567890123456789012345678', 2, '0.01234567890123456789012345678'],
  ] as const)('measure conversion %j (measure %d) → %j yuan, exactly', (raw, measure, expected) => {
    // Proves: jiao (×0.1) and fen (×0.01) are converted by an exact decimal-point shift.
    expect(value(raw, measure)).toBe(expected);
  });

  it('measure conversion never silently drops digits of a long input (regression)', () => {
    // Proves: an input with more significant digits than the decimal clone's precision is
    // rejected, not rounded into a plausible-looking amount (it used to become "1000000000000000").
    const raw = `100000000000000000.${'0'.repeat(69)}1`;
    expect(parseAmount(raw, 3).ok).toBe(false);
    expect(parseAmount(raw, 2).ok).toBe(false);
    expect(parseAmount(raw, 1).ok).toBe(false);
  });

  it('accepts exactly 40 decimals after conversion and rejects 41', () => {
    // Proves: the decimal-places limit is applied to the converted value, at its edge.
    expect(value(`0.${'0'.repeat(37)}1`, 3)).toBe(`0.${'0'.repeat(39)}1`);
    expect(parseAmount(`0.${'0'.repeat(38)}1`, 3).ok).toBe(false);
    expect(value('1e-40')).toBe(`0.${'0'.repeat(39)}1`);
    expect(parseAmount('1e-41').ok).toBe(false);
  });

  it('accepts up to 10^18 exclusive, after conversion', () => {
    // Proves: the magnitude bound is on the yuan value, so 10^19 fen (10^17 yuan) is fine.
    expect(value('999999999999999999.99')).toBe('999999999999999999.99');
    expect(parseAmount('1e18').ok).toBe(false);
    expect(parseAmount('-1000000000000000000').ok).toBe(false);
    expect(value('1e19', 3)).toBe('100000000000000000');
    expect(parseAmount('1e20', 3).ok).toBe(false);
    expect(parseAmount('1e9999').ok).toBe(false);
  });
});

describe('parseAmount: rejections', () => {
  it.each(['', '   ', 'abc', '1,000', '¥5', '5元', '$1', '1e', '1e+', 'e5', '--1', '+-1', '-', '+', '.', 'NaN', 'Infinity', '-Infinity', '0x10', '0b1', '1.2.3', '1 000', '1_000', '１２', '1e2.5', '٣'])(
    'rejects %j with a reason',
    (raw) => {
      // Proves: junk never becomes an amount, and the caller gets a human-readable reason.
      const r = parseAmount(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason.length).toBeGreaterThan(5);
    },
  );

  it('rejects over-long input before parsing it', () => {
    // Proves: a 121-character number is refused with a length reason.
    const r = parseAmount(`1${'0'.repeat(120)}`);
    expect(r).toEqual({ ok: false, reason: 'amount is longer than 120 characters' });
  });
});

describe('parseAmount: properties', () => {
  const decimalText = fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 17n }), fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 28 }))
    .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`);

  it('value × 10^k in exponent form parses to the same amount as the plain form shifted by hand', () => {
    // Proves: "ddd.fffEk" and the measure shift agree with pure string digit shifting (independent oracle).
    fc.assert(
      fc.property(decimalText, fc.constantFrom<MeasureId>(1, 2, 3), (text, measure) => {
        const shift = measure === 1 ? 0 : measure === 2 ? 1 : 2;
        const neg = text.startsWith('-');
        const body = neg ? text.slice(1) : text;
        const [int, frac = ''] = body.split('.');
        // Oracle: move the point `shift` places left on the digit string, then strip zeros.
        const digits = `${int}${frac}`;
        const scale = frac.length + shift;
        const padded = digits.padStart(scale + 1, '0');
        let intPart = padded.slice(0, padded.length - scale).replace(/^0+(?=\d)/, '');
        const fracPart = padded.slice(padded.length - scale).replace(/0+$/, '');
        if (intPart === '') intPart = '0';
        const zero = /^0*$/.test(intPart + fracPart);
        const expected = zero ? '0' : `${neg ? '-' : ''}${intPart}${fracPart ? `.${fracPart}` : ''}`;
        expect(value(text, measure)).toBe(expected);
        expect(value(`${text}e0`, measure)).toBe(expected);
        expect(value(`${neg ? '-' : ''}${digits}e-${frac.length}`, measure)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('parsing is idempotent on its own output', () => {
    // Proves: the canonical output is a fixed point, so re-ingesting stored amounts changes nothing.
    fc.assert(
      fc.property(decimalText, (text) => {
        const once = value(text);
        expect(value(once)).toBe(once);
      }),
    );
  });
});

describe('parseMeasureId', () => {
  it('maps empty/1/2/3 and rejects anything else', () => {
    // Proves: only the three documented measures are accepted; empty means yuan.
    expect(parseMeasureId(undefined)).toBe(1);
    expect(parseMeasureId('')).toBe(1);
    expect(parseMeasureId(' 1 ')).toBe(1);
    expect(parseMeasureId('2')).toBe(2);
    expect(parseMeasureId('3')).toBe(3);
    expect(parseMeasureId('4')).toBeUndefined();
    expect(parseMeasureId('01')).toBeUndefined();
    expect(parseMeasureId('1.0')).toBeUndefined();
  });
});
