import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpillArea } from '../../../src/adapters/output/spillSort';
import { ValidOrderCounter, type SortedStrings } from '../../../src/domain/bills/validOrderCounter';
import { fromScaled, toScaled } from '../../../src/domain/money/exactDecimal';
import type { FeeRecord } from '../../../src/domain/records/types';

const BASE: FeeRecord = {
  kind: 'consumption', recordId: 'R', billCycle: '2026-10', tradeTimeMs: 0, customerId: 'C', customerName: '', accountName: '',
  partnerId: '', indirectPartnerId: '', accountManagerId: '', tradeId: 'T', billType: 1, chargingMode: 1, serviceTypeCode: '',
  resourceTypeCode: '', regionCode: '', resourceId: '', resourceName: '', productId: '', providerType: 1, sellerId: '', currency: 'CNY',
  amounts: {
    official: '0', discount: '0', erase: '0', payable: '0', cash: '0', credit: '0', coupon: '0',
    flexipurchaseCoupon: '0', storedValueCard: '0', bonus: '0', debt: '0', writeoff: '0',
  },
  originalTradeId: '', refundReason: '',
};

/** The rule of DOMAIN §5.4 written out plainly: BigInt sums per order, nothing clever. */
function reference(records: readonly FeeRecord[]): number {
  let onDemand = 0;
  const paid = new Map<string, bigint>();
  const unsubscribed = new Set<string>();
  const units = (text: string) => {
    const s = toScaled(text);
    return s.units * 10n ** BigInt(30 - s.scale);
  };
  for (const r of records) {
    if (r.kind === 'refund') {
      if ((r.refundReason === 'unsubscribe' || r.refundReason === 'five_day') && r.originalTradeId !== '') unsubscribed.add(r.originalTradeId);
      continue;
    }
    const p = units(r.amounts.payable) - units(r.amounts.coupon);
    if (r.chargingMode === 3) {
      if (p >= 0n) onDemand += 1;
      continue;
    }
    if (![1, 2, 3, 8].includes(r.billType)) continue;
    paid.set(r.tradeId, (paid.get(r.tradeId) ?? 0n) + p);
  }
  return onDemand + [...paid].filter(([id, p]) => p > 0n && !unsubscribed.has(id)).length;
}

const amount = fc.oneof(
  fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
  fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }),
).chain((units) => fc.integer({ min: 0, max: 12 }).map((scale) => (units === 0n ? '0' : fromScaled({ units, scale }))));

const record = fc.record({
  kind: fc.constantFrom('consumption', 'consumption', 'refund') as fc.Arbitrary<'consumption' | 'refund'>,
  tradeId: fc.constantFrom('O1', 'O2', 'O3', 'O4'),
  billType: fc.constantFrom(1, 2, 5, 8),
  chargingMode: fc.constantFrom(1, 3, 10),
  payable: amount,
  coupon: fc.oneof(fc.constant('0'), amount),
  refundReason: fc.constantFrom('unsubscribe', 'five_day', 'downgrade', ''),
}).map((r): FeeRecord => ({
  ...BASE, kind: r.kind, tradeId: r.tradeId, billType: r.billType, chargingMode: r.chargingMode,
  amounts: { ...BASE.amounts, payable: r.payable, coupon: r.coupon },
  originalTradeId: r.kind === 'refund' ? r.tradeId : '', refundReason: r.kind === 'refund' ? r.refundReason : '',
}));

describe('ValidOrderCounter', () => {
  it('counts as the plain rule does, for any amounts, scales and order of records (property)', () => {
    // Proves: the compact per-order number and its ExactSum fallback never change a count, even near 2^53 units or beyond 8 decimals.
    fc.assert(
      fc.property(fc.array(record, { maxLength: 30 }), (records) => {
        const counter = new ValidOrderCounter();
        for (const r of records) counter.add(r, toScaled(r.amounts.payable), toScaled(r.amounts.coupon));
        expect(counter.count()).toBe(reference(records));
      }),
      { numRuns: 1000 },
    );
  });

  it('counts the same when it sets per-order amounts aside, in memory or spilled to disk (property)', () => {
    // Proves: the sorted-strings path (large months) and the map path give the same count; the disk path is exercised with a limit of 3 strings.
    const parent = mkdtempSync(join(tmpdir(), 'orders-'));
    try {
      fc.assert(
        fc.property(fc.array(record, { maxLength: 30 }), (records) => {
          const held: string[] = [];
          const memory: SortedStrings = { add: (t) => held.push(t), sorted: () => held.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
          const area = new SpillArea(3, parent);
          try {
            for (const spill of [memory, area.bucket()]) {
              const counter = new ValidOrderCounter(spill);
              for (const r of records) counter.add(r, toScaled(r.amounts.payable), toScaled(r.amounts.coupon));
              expect(counter.count()).toBe(reference(records));
              expect(counter.count()).toBe(reference(records)); // counted once, asked twice
            }
          } finally {
            area.close();
          }
        }),
        { numRuns: 500 },
      );
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('an order whose records cancel to exactly zero is not valid, one cent more is', () => {
    const add = (counter: ValidOrderCounter, payable: string) =>
      counter.add({ ...BASE, amounts: { ...BASE.amounts, payable } }, toScaled(payable), toScaled('0'));
    const zero = new ValidOrderCounter();
    add(zero, '90071992547409.93');
    add(zero, '-90071992547409.93');
    expect(zero.count()).toBe(0);
    const cent = new ValidOrderCounter();
    add(cent, '90071992547409.93');
    add(cent, '-90071992547409.92');
    expect(cent.count()).toBe(1);
  });
});
