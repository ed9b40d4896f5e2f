import { Dec } from './decimal';
import { fromScaled, toScaled } from './exactDecimal';

/** Unit an input amount is expressed in (DOMAIN §2): 1 yuan, 2 jiao (×0.1), 3 fen (×0.01). */
export type MeasureId = 1 | 2 | 3;

export type ParsedAmount = { ok: true; value: string } | { ok: false; reason: string };

/** Decimal with optional sign, optional fraction and optional exponent: "12", "-0.5", ".5", "1.3E-9". */
const DECIMAL_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?$/;
const MAX_INPUT_LENGTH = 120;

/**
 * Parses an input amount into a canonical plain decimal string in yuan (no exponent,
 * no trailing zeros, "-" only on non-zero values). Every digit the input carries is kept;
 * measure conversion is a shift of the decimal point, so it is exact too.
 *
 * @example parseAmount('1.3E-9') // { ok: true, value: '0.0000000013' }
 * @example parseAmount('150', 3)  // { ok: true, value: '1.5' }  (150 fen)
 */
export function parseAmount(raw: string, measureId: MeasureId = 1): ParsedAmount {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'amount is empty' };
  if (text.length > MAX_INPUT_LENGTH) return { ok: false, reason: `amount is longer than ${MAX_INPUT_LENGTH} characters` };
  if (!DECIMAL_PATTERN.test(text)) {
    return { ok: false, reason: 'not a decimal number (digits, optional sign, "." and exponent like 1.3E-9 are allowed; no thousands separators or currency signs)' };
  }
  // The constructor keeps every digit; the measure is applied as a shift of the scale, never
  // as a multiplication (which would round to the clone's precision).
  const parsed = new Dec(text);
  const shift = measureId === 1 ? 0 : measureId === 2 ? 1 : 2;
  if (parsed.decimalPlaces() + shift > 40) return { ok: false, reason: 'amount has more than 40 decimal places' };
  if (parsed.abs().gte(new Dec(10).pow(18 + shift))) return { ok: false, reason: 'amount is 10^18 or more, not a plausible fee' };
  const scaled = toScaled(parsed.toFixed());
  return { ok: true, value: fromScaled({ units: scaled.units, scale: scaled.scale + shift }) };
}

/** Parses a `measure_id` cell; empty means yuan (1). */
export function parseMeasureId(raw: string | undefined): MeasureId | undefined {
  const text = (raw ?? '').trim();
  if (text === '' || text === '1') return 1;
  if (text === '2') return 2;
  if (text === '3') return 3;
  return undefined;
}
