import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocateLargestRemainder, sumShares, type AllocationParty } from '../../../src/domain/money/allocate';
import { fromScaled, toScaled } from '../../../src/domain/money/exactDecimal';

const equalThree: AllocationParty[] = [
  { id: 'a', weight: '1' },
  { id: 'b', weight: '1' },
  { id: 'c', weight: '1' },
];

/** Exact integer value of a decimal string at `scale` (test-side oracle, independent of the module). */
function unitsAt(text: string, scale: number): bigint {
  const neg = text.startsWith('-');
  const [int = '0', frac = ''] = (neg ? text.slice(1) : text).split('.');
  if (frac.length > scale) throw new Error(`too many decimals: ${text}`);
  const u = BigInt(`${int}${frac.padEnd(scale, '0')}`);
  return neg ? -u : u;
}

/** Amounts of at most 2 decimals, either sign, including zero (canonical strings such as "-3.4"). */
const amountArb = fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }).map((u) => fromScaled({ units: u, scale: 2 }));
/** Weights like "0.95", "3", "0.0001", "0" (each party non-negative; at least one positive is enforced below). */
const weightArb = fc
  .tuple(fc.integer({ min: 0, max: 100 }), fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 4 }))
  .map(([i, f]) => `${i}${f ? `.${f}` : ''}`);
const partiesArb = fc
  .uniqueArray(fc.string({ unit: fc.constantFrom(...'abcdefgh_-0123'), minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 })
  .chain((ids) => fc.tuple(...ids.map((id) => weightArb.map((weight) => ({ id, weight })))))
  .filter((ps) => ps.some((p) => toScaled(p.weight).units > 0n));

describe('allocateLargestRemainder: examples', () => {
  it('10.00 into 3 equal shares → a 3.34, b 3.33, c 3.33 (tie broken by party id)', () => {
    // Proves: the left-over fen goes to the lowest id when remainders tie.
    expect(allocateLargestRemainder('10.00', equalThree)).toEqual({ a: '3.34', b: '3.33', c: '3.33' });
    expect(allocateLargestRemainder('10.00', [equalThree[2]!, equalThree[0]!, equalThree[1]!])).toEqual({ a: '3.34', b: '3.33', c: '3.33' });
  });

  it('-10.00 into 3 equal shares mirrors the charge: a −3.34, b −3.33, c −3.33', () => {
    // Proves: a refund splits as the exact negative of its charge.
    expect(allocateLargestRemainder('-10.00', equalThree)).toEqual({ a: '-3.34', b: '-3.33', c: '-3.33' });
  });

  it('0.05 split merchant 0.95 / platform 0.05 → merchant 0.05, platform 0.00', () => {
    // Proves: 4.75 and 0.25 fen floor to 4 and 0; the single left-over fen goes to the larger remainder.
    const parties = [
      { id: 'platform', weight: '0.05' },
      { id: 'merchant', weight: '0.95' },
    ];
    expect(allocateLargestRemainder('0.05', parties)).toEqual({ merchant: '0.05', platform: '0.00' });
    expect(allocateLargestRemainder('-0.05', parties)).toEqual({ merchant: '-0.05', platform: '0.00' });
    expect(allocateLargestRemainder('100.01', parties)).toEqual({ merchant: '95.01', platform: '5.00' });
  });

  it('zero, a zero-weight party, weights that need not sum to 1, and a custom scale', () => {
    // Proves: zero splits to "0.00" (never "-0.00"); zero weight gets nothing; scale is honoured.
    expect(allocateLargestRemainder('0', equalThree)).toEqual({ a: '0.00', b: '0.00', c: '0.00' });
    expect(allocateLargestRemainder('-0.00', equalThree)).toEqual({ a: '0.00', b: '0.00', c: '0.00' });
    expect(allocateLargestRemainder('0.01', [{ id: 'a', weight: '0' }, { id: 'b', weight: '1' }])).toEqual({ a: '0.00', b: '0.01' });
    expect(allocateLargestRemainder('1.00', [{ id: 'x', weight: '3' }, { id: 'y', weight: '1' }])).toEqual({ x: '0.75', y: '0.25' });
    expect(allocateLargestRemainder('10', equalThree, 0)).toEqual({ a: '4', b: '3', c: '3' });
    expect(allocateLargestRemainder('1', equalThree, 3)).toEqual({ a: '0.334', b: '0.333', c: '0.333' });
  });

  it('uses exact remainders even when weights carry more digits than decimal.js precision (regression)', () => {
    // Proves: b's exact remainder 0.45 + 10^-85 beats a's 0.45, so b (not the lower id a) gets the fen.
    const parties = [
      { id: 'a', weight: '0.45' },
      { id: 'b', weight: `0.45${'0'.repeat(83)}1` },
      { id: 'c', weight: '0.1' },
    ];
    expect(allocateLargestRemainder('0.01', parties)).toEqual({ a: '0.00', b: '0.01', c: '0.00' });
  });

  it('rejects invalid input', () => {
    // Proves: no parties, duplicate ids, negative or all-zero weights, and unrounded amounts fail loudly.
    expect(() => allocateLargestRemainder('1.00', [])).toThrow(/at least one party/);
    expect(() => allocateLargestRemainder('1.00', [{ id: 'a', weight: '1' }, { id: 'a', weight: '2' }])).toThrow(/unique/);
    expect(() => allocateLargestRemainder('1.00', [{ id: 'a', weight: '-1' }, { id: 'b', weight: '2' }])).toThrow(/non-negative/);
    expect(() => allocateLargestRemainder('1.00', [{ id: 'a', weight: '0' }, { id: 'b', weight: '0.000' }])).toThrow(/not all zero/);
    expect(() => allocateLargestRemainder('1.005', equalThree)).toThrow(/more than 2 decimals/);
  });
});

describe('allocateLargestRemainder: properties', () => {
  it('shares sum to the amount exactly (positive, negative, zero; 1–6 parties; random weights)', () => {
    // Proves: the allocation never loses or invents a fen.
    fc.assert(
      fc.property(amountArb, partiesArb, (amount, parties) => {
        const shares = allocateLargestRemainder(amount, parties);
        expect(Object.keys(shares).sort()).toEqual(parties.map((p) => p.id).sort());
        const total = Object.values(shares).reduce((acc, s) => acc + unitsAt(s, 2), 0n);
        expect(total).toBe(unitsAt(amount, 2));
        expect(sumShares(shares)).toBe(fromScaled({ units: unitsAt(amount, 2), scale: 2 }));
        for (const s of Object.values(shares)) {
          expect(s).toMatch(/^-?\d+\.\d{2}$/);
          expect(s).not.toBe('-0.00');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is identical under any reordering of the parties', () => {
    // Proves: the input order of parties never changes who gets which fen.
    const withPermutation = partiesArb.chain((ps) =>
      fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length, maxLength: ps.length })),
    );
    fc.assert(
      fc.property(amountArb, withPermutation, (amount, [parties, shuffled]) => {
        expect(allocateLargestRemainder(amount, shuffled)).toEqual(allocateLargestRemainder(amount, parties));
        expect(allocateLargestRemainder(amount, [...parties].reverse())).toEqual(allocateLargestRemainder(amount, parties));
      }),
      { numRuns: 300 },
    );
  });

  it('allocate(−a) = −allocate(a), share by share', () => {
    // Proves: a refund's split is the exact mirror of its charge's split.
    fc.assert(
      fc.property(amountArb, partiesArb, (amount, parties) => {
        const minus = amount.startsWith('-') ? amount.slice(1) : `-${amount}`;
        const pos = allocateLargestRemainder(amount, parties);
        const neg = allocateLargestRemainder(minus, parties);
        for (const { id } of parties) expect(unitsAt(neg[id]!, 2)).toBe(-unitsAt(pos[id]!, 2));
      }),
      { numRuns: 300 },
    );
  });

  it('each share is within one fen of its exact pro-rata value, and is its floor or ceiling', () => {
    // Proves (exact BigInt oracle): |share·W − amount·w| < W, i.e. |share − amount·w/W| < 0.01.
    fc.assert(
      fc.property(amountArb, partiesArb, (amount, parties) => {
        const shares = allocateLargestRemainder(amount, parties);
        const wScale = 8;
        const w = parties.map((p) => unitsAt(p.weight, wScale));
        const W = w.reduce((a, b) => a + b, 0n);
        const A = unitsAt(amount, 2);
        parties.forEach((p, i) => {
          const diff = unitsAt(shares[p.id]!, 2) * W - A * w[i]!;
          expect(diff < W && diff > -W).toBe(true);
          if (w[i] === 0n) expect(unitsAt(shares[p.id]!, 2)).toBe(0n);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('left-over fen go to the largest remainders: no party with a smaller remainder got one that a larger missed', () => {
    // Proves: the largest-remainder rule itself (with id tie-break), using an exact oracle.
    fc.assert(
      fc.property(amountArb, partiesArb, (amount, parties) => {
        const shares = allocateLargestRemainder(amount, parties);
        const A = unitsAt(amount, 2);
        const absA = A < 0n ? -A : A;
        const w = parties.map((p) => unitsAt(p.weight, 8));
        const W = w.reduce((a, b) => a + b, 0n);
        const info = parties.map((p, i) => {
          const num = absA * w[i]!;
          const got = unitsAt(shares[p.id]!, 2);
          return { id: p.id, rem: num % W, bumped: (got < 0n ? -got : got) - num / W };
        });
        for (const x of info) expect(x.bumped === 0n || x.bumped === 1n).toBe(true);
        for (const x of info) {
          for (const y of info) {
            if (x.bumped === 1n && y.bumped === 0n) {
              const xFirst = x.rem > y.rem || (x.rem === y.rem && x.id < y.id);
              expect(xFirst).toBe(true);
            }
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
