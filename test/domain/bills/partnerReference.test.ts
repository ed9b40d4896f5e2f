import { describe, expect, it } from 'vitest';
import { checkPartnerReference, PartnerDataError } from '../../../src/domain/bills/partnerReference';
import { payeeOf } from '../../../src/domain/bills/partnerBillBuilder';
import { partner } from './billFixtures';

describe('checkPartnerReference', () => {
  it('accepts a sound tree: distributor, its reseller, a partner without parent, an unknown id', () => {
    const partners = [partner('D1', ['distributor']), partner('R1', ['reseller'], 'D1'), partner('S1', ['solution_provider'])];
    for (const id of ['D1', 'R1', 'S1', 'X']) expect(() => checkPartnerReference(partners, id)).not.toThrow();
  });

  it('refuses a reseller whose parent names no known partner, with code bill.partner_reference', () => {
    const partners = [partner('R1', ['reseller'], 'D9')];
    expect(() => checkPartnerReference(partners, 'R1')).toThrow(PartnerDataError);
    expect(() => checkPartnerReference(partners, 'R1')).toThrow(expect.objectContaining({ code: 'bill.partner_reference', partnerId: 'R1' }));
  });

  it('refuses a partner that is its own ancestor, directly or through others', () => {
    expect(() => checkPartnerReference([partner('R1', ['reseller'], 'R1')], 'R1')).toThrow(/own ancestor/);
    const loop = [partner('A', ['reseller'], 'B'), partner('B', ['reseller'], 'C'), partner('C', ['distributor', 'reseller'], 'A')];
    for (const id of ['A', 'B', 'C']) expect(() => checkPartnerReference(loop, id)).toThrow(/own ancestor/);
  });

  it('does not blame a partner for a loop above it that it is not part of', () => {
    const partners = [partner('R1', ['reseller'], 'A'), partner('A', ['reseller'], 'B'), partner('B', ['reseller'], 'A')];
    expect(() => checkPartnerReference(partners, 'R1')).not.toThrow();
  });
});

describe('who a bill is paid to (payee)', () => {
  it('is the distributor for a reseller under one, else the platform', () => {
    expect(payeeOf({ roles: ['reseller'], parentPartnerId: 'D1' })).toBe('D1');
    expect(payeeOf({ roles: ['reseller'], parentPartnerId: '' })).toBe('platform');
    expect(payeeOf({ roles: ['distributor'], parentPartnerId: '' })).toBe('platform');
    expect(payeeOf({ roles: ['distributor', 'reseller'], parentPartnerId: 'D0' })).toBe('D0');
    expect(payeeOf({ roles: ['solution_provider'], parentPartnerId: 'D1' })).toBe('platform');
    expect(payeeOf(undefined)).toBe('platform');
  });
});
