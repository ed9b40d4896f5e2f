import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRecordBatches } from '../../../src/domain/records/planRecordBatches';

describe('planRecordBatches: bounded reads of a partner\'s customers', () => {
  it('groups small customers, gives a big one its own batch, skips empty ones', () => {
    const batches = planRecordBatches(
      [{ customerId: 'c', rows: 50 }, { customerId: 'a', rows: 40 }, { customerId: 'b', rows: 500 }, { customerId: 'd', rows: 0 }, { customerId: 'e', rows: 30 }],
      100,
    );
    expect(batches).toEqual([
      { customerIds: ['a'], rows: 40 },
      { customerIds: ['b'], rows: 500 },
      { customerIds: ['c', 'e'], rows: 80 },
    ]);
  });

  it('covers every customer with rows exactly once; a batch of several stays within the limit (property)', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.record({ customerId: fc.string({ minLength: 1, maxLength: 6 }), rows: fc.nat(300) }), { selector: (c) => c.customerId }), fc.integer({ min: 1, max: 400 }), (counts, max) => {
      const batches = planRecordBatches(counts, max, 5);
      const covered = batches.flatMap((b) => b.customerIds).sort();
      expect(covered).toEqual(counts.filter((c) => c.rows > 0).map((c) => c.customerId).sort());
      for (const b of batches) {
        if (b.customerIds.length > 1) expect(b.rows).toBeLessThanOrEqual(max);
        expect(b.customerIds.length).toBeLessThanOrEqual(5);
      }
    }));
  });
});
