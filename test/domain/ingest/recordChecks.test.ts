import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/domain/records/contentHash';
import { checkFeeIdentities } from '../../../src/domain/records/identities';
import { validateFeeRow } from '../../../src/domain/ingest/validateFeeRow';
import { CONSUMPTION_ROW, REFUND_ROW, readerFor } from './rowFixtures';

const fee = (cells: Record<string, string>, kind: 'consumption' | 'refunds' = 'consumption') => validateFeeRow(readerFor(kind, cells), kind)!;

describe('record identities A1/A2 and content hash', () => {
  it('checks A1 and A2 exactly, at full precision', () => {
    expect(checkFeeIdentities(fee(CONSUMPTION_ROW).amounts)).toEqual({ payableOk: true, officialOk: true });
    const offByTiny = fee({ ...CONSUMPTION_ROW, cash_amount: '9.9999999999999999999999999999' });
    expect(checkFeeIdentities(offByTiny.amounts)).toEqual({ payableOk: false, officialOk: true });
    expect(checkFeeIdentities(fee({ ...CONSUMPTION_ROW, discount_amount: '2.4' }).amounts).officialOk).toBe(false);
  });

  it('A1/A2 hold for a refund whose sign was normalised', () => {
    expect(checkFeeIdentities(fee(REFUND_ROW, 'refunds').amounts)).toEqual({ payableOk: true, officialOk: true });
  });

  it('hashes equal content equally whatever the spelling of amounts, and different content differently', () => {
    const a = contentHash(fee(CONSUMPTION_ROW));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash(fee({ ...CONSUMPTION_ROW, official_amount: '12.5000' }))).toBe(a);
    expect(contentHash(fee({ ...CONSUMPTION_ROW, payable_amount: '10.01' }))).not.toBe(a);
  });
});
