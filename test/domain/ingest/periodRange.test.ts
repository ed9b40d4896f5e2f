import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../../src/domain/ingest/fileSpecs';
import type { RowReader } from '../../../src/domain/ingest/RowReader';
import { validateAdjustmentRow } from '../../../src/domain/ingest/validateAdjustmentRow';
import { validateFeeRow } from '../../../src/domain/ingest/validateFeeRow';
import { validateReferenceRow, type ReferenceRow } from '../../../src/domain/ingest/validateReferenceRow';
import type { AdjustmentRecord, FeeRecord } from '../../../src/domain/records/types';
import { CONSUMPTION_ROW, REFUND_ROW, readerFor } from './rowFixtures';

const ZONE = 'Asia/Shanghai';
const ADJUSTMENT_ROW = {
  record_id: 'A1', bill_cycle: '2026-10', trade_time: '2026-10-05T00:00:00+08:00', customer_id: 'C1',
  adjustment_type: 'compensation', amount: '3', target_period: '2026-09',
};

type Validate = (reader: RowReader) => FeeRecord | AdjustmentRecord | ReferenceRow | undefined;
const reference = (kind: FileKind): Validate => (r) => validateReferenceRow(r, kind as never, ZONE);

/** Every period-valued column of every input file, with a row that is valid apart from that column. */
const PERIOD_COLUMNS: [FileKind, string, Record<string, string>, Validate][] = [
  ['consumption', 'bill_cycle', { ...CONSUMPTION_ROW }, (r) => validateFeeRow(r, 'consumption')],
  ['refunds', 'bill_cycle', { ...REFUND_ROW }, (r) => validateFeeRow(r, 'refunds')],
  ['adjustments', 'bill_cycle', ADJUSTMENT_ROW, validateAdjustmentRow],
  ['adjustments', 'target_period', ADJUSTMENT_ROW, validateAdjustmentRow],
  ['partner-coupons', 'period', { partner_id: 'P1', coupon_id: 'K1', period: '2026-10', amount: '10' }, reference('partner-coupons')],
  ['provider-summary', 'bill_cycle', {
    partner_id: 'P1', bill_cycle: '2026-10', consumption: '1', refunds: '0', adjustments: '0', amount_due: '1',
  }, reference('provider-summary')],
  ['incentive-policies', 'valid_from', { service_type_code: '*', policy: '0', rate: '0.1', valid_from: '2026-01', valid_to: '2026-12' }, reference('incentive-policies')],
  // valid_from left open: an early valid_to would also be "before valid_from" (row.rule).
  ['incentive-policies', 'valid_to', { service_type_code: '*', policy: '0', rate: '0.1', valid_from: '', valid_to: '2026-12' }, reference('incentive-policies')],
  ['special-incentives', 'period', { partner_id: 'S1', program: 'X', period: '2026-10', amount: '10' }, reference('special-incentives')],
];

describe('period-valued cells outside the supported range are row errors (row.period)', () => {
  it.each(PERIOD_COLUMNS)('%s %s: the valid row is accepted', (kind, _column, row, validate) => {
    // Proves: the fixture row is valid, so the rejections below are caused by the period alone.
    expect(validate(readerFor(kind, row))).toBeDefined();
  });

  it.each(PERIOD_COLUMNS.flatMap(([kind, column, row, validate]) =>
    ['1969-12', '0001-01', '0000-01'].map((value) => [kind, column, value, row, validate] as const)))(
    '%s %s %s is rejected with row.period naming file, line, column and the range',
    (kind, column, value, row, validate) => {
      // Proves: a period before 1970-01 (whose bounds cannot be computed) rejects its row instead of reaching periodBounds.
      const reader = readerFor(kind, { ...row, [column]: value }, 7);
      expect(validate(reader)).toBeUndefined();
      expect(reader.issues).toHaveLength(1);
      expect(reader.issues[0]).toMatchObject({ line: 7, column, rawValue: value, code: 'row.period' });
      expect(reader.issues[0]!.message).toContain(`line 7, column ${column}: "${value}" is outside the supported periods 1970-01 to 9999-12`);
    });

  it.each(['1970-01', '9999-12'])('the range ends %s are accepted in bill_cycle', (value) => {
    // Proves: the range is inclusive at both ends.
    expect(validateFeeRow(readerFor('consumption', { ...CONSUMPTION_ROW, bill_cycle: value }), 'consumption')).toMatchObject({ billCycle: value });
  });

  it.each(['2026-13', '２０２６-１０', '10000-01', '2026-1'])('%j is not a period (row.period, the YYYY-MM message)', (value) => {
    // Proves: malformed periods keep their own message, distinct from out-of-range ones.
    const reader = readerFor('consumption', { ...CONSUMPTION_ROW, bill_cycle: value });
    expect(validateFeeRow(reader, 'consumption')).toBeUndefined();
    expect(reader.issues.map((i) => [i.code, i.message.endsWith('is not a period: use YYYY-MM, e.g. 2026-10')])).toEqual([['row.period', true]]);
  });
});
