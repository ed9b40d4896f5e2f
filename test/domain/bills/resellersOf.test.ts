import { describe, expect, it } from 'vitest';
import { resellersOf } from '../../../src/domain/bills/resellersOf';
import { partner } from './billFixtures';

describe('resellersOf', () => {
  it('lists only partners with the reseller role under the distributor, sorted, never the distributor itself', () => {
    const partners = [
      partner('D1', ['distributor']),
      partner('R2', ['reseller'], 'D1'),
      partner('R1', ['reseller', 'solution_provider'], 'D1'),
      partner('S1', ['solution_provider'], 'D1'), // a parent but no reseller role: billed on its own only
      partner('R9', ['reseller'], 'D2'),
      partner('X', ['reseller', 'distributor'], 'X'),
    ];
    expect(resellersOf(partners, 'D1')).toEqual(['R1', 'R2']);
    expect(resellersOf(partners, 'X')).toEqual([]);
  });
});
