import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../../src/domain/money/parseAmount';
import { readAmount } from '../../../src/domain/ingest/readAmount';

const amountText = fc.oneof(
  fc.tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{1,20}$/), fc.option(fc.stringMatching(/^\d{0,45}$/)))
    .map(([sign, int, frac]) => `${sign}${int}${frac === null ? '' : `.${frac}`}`),
  fc.constantFrom('0', '-0', '0.000', '00012.3400', '.5', '5.', '1.3E-9', '12,50', '', ' 7 ', '999999999999999999.99', '1000000000000000000'),
  fc.string(),
);

describe('readAmount', () => {
  it('gives exactly what parseAmount gives, for any text and measure', () => {
    fc.assert(fc.property(amountText, fc.constantFrom(1, 2, 3) as fc.Arbitrary<1 | 2 | 3>, (text, measure) => {
      expect(readAmount(text, measure)).toEqual(parseAmount(text, measure));
    }), { numRuns: 3000 });
  });

  it('keeps every digit of a 28-decimal amount', () => {
    expect(readAmount('0.1234567890123456789012345678', 1)).toEqual({ ok: true, value: '0.1234567890123456789012345678' });
  });
});
