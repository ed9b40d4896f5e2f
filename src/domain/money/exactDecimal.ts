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

/** 10^n as a JS number, exact for n ≤ 22; beyond, no fast path. */
const POW10_NUMBER: readonly number[] = Array.from({ length: 23 }, (_, n) => 10 ** n);

/**
 * Running exact sum. Keeps the sum as a BigInt plus a JS integer (`fast`) at the largest scale
 * seen so far: an addition whose terms and result are safe integers (|x| < 2^53, exact in a
 * double) stays in `fast` and allocates nothing; any other goes to the BigInt. A close adds
 * each record's amounts to a dozen sums, so this saves most of its BigInt allocations (and the
 * garbage collection they cost) without losing a digit: the value is always units + fast.
 */
export class ExactSum {
  private units = 0n;
  private fast = 0;
  private scale = 0;

  add(text: string): this {
    if (text === '0') return this;
    return this.addScaled(toScaled(text));
  }

  /** Adds an already parsed value: a record's amount is parsed once and added to many sums. */
  addScaled(v: Scaled): this {
    if (v.units === 0n) return this;
    if (v.scale > this.scale) this.rescale(v.scale);
    const factor = POW10_NUMBER[this.scale - v.scale];
    if (factor !== undefined) {
      // Each step is exact exactly when its result is a safe integer (see the class comment).
      const n = Number(v.units) * factor;
      const sum = this.fast + n;
      if (Number.isSafeInteger(n) && Number.isSafeInteger(sum)) {
        this.fast = sum;
        return this;
      }
    }
    this.units += v.scale === this.scale ? v.units : v.units * pow10(this.scale - v.scale);
    return this;
  }

  private rescale(scale: number): void {
    const factor = pow10(scale - this.scale);
    this.units = (this.units + BigInt(this.fast)) * factor;
    this.fast = 0;
    this.scale = scale;
  }

  private total(): bigint {
    return this.fast === 0 ? this.units : this.units + BigInt(this.fast);
  }

  addSum(other: ExactSum): this {
    return this.add(other.value());
  }

  value(): string {
    return fromScaled({ units: this.total(), scale: this.scale });
  }

  sign(): number {
    const t = this.total();
    return t < 0n ? -1 : t > 0n ? 1 : 0;
  }

  isZero(): boolean {
    return this.total() === 0n;
  }
}
