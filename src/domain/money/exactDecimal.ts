/**
 * Exact decimal arithmetic on canonical decimal strings via BigInt at a common scale.
 * Sums are the hot path of a close (millions of additions); BigInt is about 50x faster
 * than decimal.js for them and just as exact. Rates, division and rounding use decimal.js.
 */

/** A decimal as an integer count of 10^-scale units. */
export interface Scaled {
  units: bigint;
  scale: number;
}

const POW10: bigint[] = [];
export function pow10(n: number): bigint {
  let p = POW10[n];
  if (p === undefined) {
    p = 10n ** BigInt(n);
    POW10[n] = p;
  }
  return p;
}

/** "12.340" → { units: 12340n, scale: 3 }. Input must be a plain decimal (as parseAmount outputs). */
export function toScaled(text: string): Scaled {
  const negative = text.startsWith('-');
  const body = negative || text.startsWith('+') ? text.slice(1) : text;
  const dot = body.indexOf('.');
  const intPart = dot < 0 ? body : body.slice(0, dot);
  const fracPart = dot < 0 ? '' : body.slice(dot + 1);
  const units = BigInt((intPart || '0') + fracPart);
  return { units: negative ? -units : units, scale: fracPart.length };
}

/** Inverse of toScaled, canonical: no trailing fraction zeros, no "-0". */
export function fromScaled(value: Scaled): string {
  const { units, scale } = value;
  if (units === 0n) return '0';
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    const intPart = digits.slice(0, digits.length - scale);
    const fracPart = digits.slice(digits.length - scale).replace(/0+$/, '');
    digits = fracPart ? `${intPart}.${fracPart}` : intPart;
  }
  return negative ? `-${digits}` : digits;
}

/** Canonical form of a plain decimal string: "007.50" → "7.5", "-0.0" → "0". */
export function normalizeDecimal(text: string): string {
  return fromScaled(toScaled(text));
}

function rescale(value: Scaled, scale: number): bigint {
  return value.scale === scale ? value.units : value.units * pow10(scale - value.scale);
}

/** Exact a + b. */
export function addDecimal(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  return fromScaled({ units: rescale(x, scale) + rescale(y, scale), scale });
}

/** Exact a − b on parsed values. */
export function subtractScaled(a: Scaled, b: Scaled): Scaled {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) - rescale(b, scale), scale };
}

/** Exact a − b. */
export function subtractDecimal(a: string, b: string): string {
  return addDecimal(a, negateDecimal(b));
}

/** True for any spelling of zero: "0", "-0", "0.00", "+.0". */
function isZeroText(a: string): boolean {
  return /^[+-]?0*\.?0*$/.test(a);
}

/** Exact −a; keeps the digits as written, never produces "-0…". */
export function negateDecimal(a: string): string {
  const body = a.startsWith('-') || a.startsWith('+') ? a.slice(1) : a;
  if (isZeroText(body)) return body;
  return a.startsWith('-') ? body : `-${body}`;
}

/** -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  const d = rescale(x, scale) - rescale(y, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function signOfDecimal(a: string): number {
  return isZeroText(a) ? 0 : a.startsWith('-') ? -1 : 1;
}

/** Exact sum of any number of decimals, at full precision. */
export function sumDecimals(values: Iterable<string>): string {
  const acc = new ExactSum();
  for (const v of values) acc.add(v);
  return acc.value();
}

/**
 * Running exact sum. Keeps one BigInt at the largest scale seen so far, so adding
 * a million 8-decimal amounts costs a million BigInt additions and nothing else.
 */
export class ExactSum {
  private units = 0n;
  private scale = 0;

  add(text: string): this {
    if (text === '0') return this;
    return this.addScaled(toScaled(text));
  }

  /** Adds an already parsed value: a record's amount is parsed once and added to many sums. */
  addScaled(v: Scaled): this {
    if (v.units === 0n) return this;
    if (v.scale > this.scale) {
      this.units *= pow10(v.scale - this.scale);
      this.scale = v.scale;
    }
    this.units += v.scale === this.scale ? v.units : v.units * pow10(this.scale - v.scale);
    return this;
  }

  addSum(other: ExactSum): this {
    return this.add(other.value());
  }

  value(): string {
    return fromScaled({ units: this.units, scale: this.scale });
  }

  sign(): number {
    return this.units < 0n ? -1 : this.units > 0n ? 1 : 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }
}
