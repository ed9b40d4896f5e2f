import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SmallTextSet } from '../../../src/domain/bills/smallTextSet';

describe('SmallTextSet', () => {
  it('holds what a Set holds, in insertion order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('', 'a', 'b', 'c', 'AM-1'), { maxLength: 12 }), (values) => {
        const small = new SmallTextSet();
        const set = new Set<string>();
        for (const v of values) {
          small.add(v);
          set.add(v);
        }
        expect(small.size).toBe(set.size);
        expect([...small]).toEqual([...set]);
      }),
      { numRuns: 500 },
    );
  });
});
