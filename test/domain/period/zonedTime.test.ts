import { describe, expect, it } from 'vitest';
import { isoInZone, isoTextInZone } from '../../../src/domain/period/zonedTime';

describe('instants shown in the billing zone', () => {
  it('carry the zone offset, and milliseconds only when there are some', () => {
    expect(isoInZone(Date.parse('2026-09-30T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-10-01T00:00:00+08:00');
    expect(isoInZone(Date.parse('2026-12-07T02:32:41.645Z'), 'Asia/Shanghai')).toBe('2026-12-07T10:32:41.645+08:00');
    expect(isoInZone(Date.parse('2026-10-01T00:00:00Z'), 'UTC')).toBe('2026-10-01T00:00:00Z'.replace('Z', '+00:00'));
    // A zone with summer time: the offset of that instant.
    expect(isoInZone(Date.parse('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe('2026-07-01T14:00:00+02:00');
    expect(isoInZone(Date.parse('2026-12-01T12:00:00Z'), 'Europe/Berlin')).toBe('2026-12-01T13:00:00+01:00');
  });

  it('name the same instant as the stored UTC text', () => {
    const stored = '2026-11-05T04:00:00.000Z';
    const shown = isoTextInZone(stored, 'Asia/Shanghai');
    expect(shown).toBe('2026-11-05T12:00:00+08:00');
    expect(Date.parse(shown)).toBe(Date.parse(stored));
    expect(isoTextInZone('not a time', 'Asia/Shanghai')).toBe('not a time');
  });
});
