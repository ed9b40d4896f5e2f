import { describe, expect, it } from 'vitest';
import { attributeRecord, buildAssociationIndex, findAssociationOverlaps } from '../../../src/domain/bills/attribution';
import { association, at } from './billFixtures';

const t = (day: string): number => at(`2026-10-${day}T00:00:00+08:00`);

describe('attributeRecord', () => {
  it('picks the association whose half-open window covers the trade time', () => {
    const index = buildAssociationIndex([association('C1', 'A', 'resale', t('01'), t('10')), association('C1', 'B', 'referral', t('10'))]);
    expect(attributeRecord(index, 'C1', t('10') - 1)?.partnerId).toBe('A');
    expect(attributeRecord(index, 'C1', t('10'))?.partnerId).toBe('B');
    expect(attributeRecord(index, 'C1', t('01') - 1)).toBeUndefined();
    expect(attributeRecord(index, 'C2', t('05'))).toBeUndefined();
  });

  it('resolves overlaps deterministically: latest valid_from, then partner id, whatever the input order', () => {
    const list = [association('C1', 'B', 'resale', t('01')), association('C1', 'A', 'resale', t('01')), association('C1', 'Z', 'resale', t('02'), t('04'))];
    for (const order of [list, [...list].reverse()]) {
      const index = buildAssociationIndex(order);
      expect(attributeRecord(index, 'C1', t('03'))?.partnerId).toBe('Z');
      expect(attributeRecord(index, 'C1', t('05'))?.partnerId).toBe('A');
    }
  });

  it('reports every overlapping pair with the shared window', () => {
    const index = buildAssociationIndex([
      association('C1', 'A', 'resale', t('01'), t('10')),
      association('C1', 'B', 'resale', t('05')),
      association('C1', 'C', 'resale', t('10'), t('12')),
      association('C2', 'A', 'resale', t('01'), t('02')),
      association('C2', 'B', 'resale', t('02')),
    ]);
    const overlaps = findAssociationOverlaps(index);
    expect(overlaps.map((o) => [o.customerId, o.first.partnerId, o.second.partnerId, o.overlapFromMs, o.overlapToMs])).toEqual([
      ['C1', 'A', 'B', t('05'), t('10')],
      ['C1', 'B', 'C', t('10'), t('12')],
    ]);
  });
});
