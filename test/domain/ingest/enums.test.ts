import { describe, expect, it } from 'vitest';
import {
  parseAdjustmentType, parseAssociationType, parseChargingMode, parseConsumptionBillType, parseRefundBillType,
} from '../../../src/domain/ingest/enums';

describe('enumerations accept the code or the English name', () => {
  it('bill types', () => {
    expect(parseConsumptionBillType('103')).toBe(103);
    expect(parseConsumptionBillType(' New Purchase ')).toBe(1);
    expect(parseConsumptionBillType('erase_make_up')).toBe(25);
    expect(parseConsumptionBillType('4')).toBeUndefined();
    expect(parseRefundBillType('24')).toBe(24);
    expect(parseRefundBillType('usage')).toBe('not-refund');
  });

  it('charging modes, adjustment and association types', () => {
    expect(parseChargingMode('yearly/monthly')).toBe(1);
    expect(parseChargingMode('Reserved_Instance')).toBe(10);
    expect(parseAdjustmentType('9')).toBe('compensation');
    expect(parseAdjustmentType('CHARGE')).toBe('charge');
    expect(parseAssociationType('Resale')).toBe('resale');
    expect(parseAssociationType('agency')).toBeUndefined();
  });
});
