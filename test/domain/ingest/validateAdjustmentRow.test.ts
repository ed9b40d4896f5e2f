import { describe, expect, it } from 'vitest';
import { validateAdjustmentRow } from '../../../src/domain/ingest/validateAdjustmentRow';
import { readerFor } from './rowFixtures';

const ROW = {
  record_id: 'A1', bill_cycle: '2026-10', trade_time: '2026-10-05T10:00:00Z', customer_id: 'C1',
  adjustment_type: 'compensation', amount: '5.25',
};

describe('validateAdjustmentRow', () => {
  it('signs the amount by type: compensation and writeoff reduce, charge increases', () => {
    expect(validateAdjustmentRow(readerFor('adjustments', ROW))?.signedAmount).toBe('-5.25');
    expect(validateAdjustmentRow(readerFor('adjustments', { ...ROW, adjustment_type: 'writeoff' }))?.signedAmount).toBe('-5.25');
    expect(validateAdjustmentRow(readerFor('adjustments', { ...ROW, adjustment_type: '16' }))).toMatchObject({ adjustmentType: 'charge', signedAmount: '5.25' });
  });

  it('rejects an amount that is not greater than 0 and a bad target period', () => {
    const reader = readerFor('adjustments', { ...ROW, amount: '-1', target_period: '2026/09' });
    expect(validateAdjustmentRow(reader)).toBeUndefined();
    expect(reader.issues.map((i) => [i.column, i.code])).toEqual([['amount', 'row.rule'], ['target_period', 'row.period']]);
  });
});
