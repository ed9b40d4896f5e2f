import { describe, expect, it } from 'vitest';
import { ERROR_FAMILIES, errorFamilyOf, errorFamilyOfExit } from '../../src/domain/errorFamilies';
import { CsvFileError } from '../../src/adapters/csv/CsvFileError';

describe('the platform error families beside Reckon\'s codes', () => {
  it('maps each kind of code to its family, the longest match first', () => {
    expect(errorFamilyOf('row.amount')).toBe('CBC.0100');
    expect(errorFamilyOf('row.length')).toBe('CBC.0100');
    expect(errorFamilyOf('file.header')).toBe('CBC.0100');
    expect(errorFamilyOf('file.read')).toBe('CBC.0999');
    expect(errorFamilyOf('ingest.empty_delivery')).toBe('CBC.0100');
    expect(errorFamilyOf('period.blocked')).toBe('CBC.0151');
    expect(errorFamilyOf('settlement.transition')).toBe('CBC.0151');
    expect(errorFamilyOf('settlement.actor_required')).toBe('CBC.0100');
    expect(errorFamilyOf('fund.insufficient')).toBe('CBC.99005003');
    expect(errorFamilyOf('fund.not_resale')).toBe('CBC.99000047');
    expect(errorFamilyOf('store.newer')).toBe('CBC.0999');
    expect(errorFamilyOf('CBC.0999')).toBe('CBC.0999');
    expect(errorFamilyOf('something.new')).toBe('CBC.0999');
    expect(errorFamilyOf('rowing')).toBe('CBC.0999'); // a prefix is a whole segment
    expect(errorFamilyOfExit(true)).toBe('CBC.0100');
    expect(errorFamilyOfExit(false)).toBe('CBC.0999');
  });

  it('gives every family a meaning, and every family a code maps to is listed', () => {
    for (const code of ['row.x', 'file.csv', 'file.read', 'period.order', 'close.lease', 'fund.insufficient', 'fund.not_resale', 'store.x', 'bill.partner_reference']) {
      expect(Object.keys(ERROR_FAMILIES)).toContain(errorFamilyOf(code));
    }
    expect(new CsvFileError('file.empty', 'x').code).toBe('file.empty');
  });
});
