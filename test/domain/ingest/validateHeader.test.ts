import { describe, expect, it } from 'vitest';
import { validateHeader } from '../../../src/domain/ingest/validateHeader';
import { CONSUMPTION_ROW, specOf } from './rowFixtures';

describe('validateHeader', () => {
  it('accepts required columns in any order and keeps unknown columns as extras', () => {
    const header = ['note', ...Object.keys(CONSUMPTION_ROW).reverse()];
    const result = validateHeader(specOf('consumption'), header);
    expect(result.ok && result.layout.extras).toEqual([{ name: 'note', index: 0 }]);
  });

  it('names every missing and duplicated column', () => {
    const header = Object.keys(CONSUMPTION_ROW).filter((c) => c !== 'trade_time' && c !== 'payable_amount');
    const result = validateHeader(specOf('consumption'), [...header, 'customer_id']);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toContain('consumption.csv line 1 (header): missing required columns trade_time, payable_amount');
      expect(result.problem).toContain('column customer_id appears more than once');
    }
  });
});
