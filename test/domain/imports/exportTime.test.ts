import { describe, expect, it } from 'vitest';
import { exportInstant, intervalStart, periodAsWritten } from '../../../src/domain/imports/exportTime';

describe('periods as the exports write them', () => {
  it('takes year and month as written, never shifted by a zone', () => {
    expect(periodAsWritten('2024-09-01 00:00:00')).toBe('2024-09');
    expect(periodAsWritten('2024-09-01T00:00:00Z')).toBe('2024-09');
    expect(periodAsWritten('2024-09-01T00:00:00.000Z')).toBe('2024-09');
    // The instant is 2024-09-01 in UTC, but the label as written says August.
    expect(periodAsWritten('2024-08-31T17:00:00-07:00')).toBe('2024-08');
    expect(periodAsWritten('2023-11-13T10:00Z')).toBe('2023-11');
    expect(periodAsWritten('9/1/2023')).toBe('2023-09');
    expect(periodAsWritten('09/01/2023')).toBe('2023-09');
    expect(periodAsWritten('12/31/2023 11:59 PM')).toBe('2023-12');
    expect(periodAsWritten('20240901')).toBe('2024-09');
    expect(periodAsWritten('2024-09')).toBe('2024-09');
  });

  it('refuses what is not a date: impossible days, day/month swapped past 12, junk, out-of-range periods', () => {
    for (const bad of ['2024-02-30', '13/1/2023', '2024-13-01', 'Sept 2024', '', '1969-12-31', '2024/09/01', '9/1/23']) {
      expect(periodAsWritten(bad), bad).toBeUndefined();
    }
  });
});

describe('instants as the exports write them', () => {
  it('reads ISO-8601 with or without seconds and zone (no zone = UTC), dates alone and US dates', () => {
    const utc = Date.UTC(2023, 10, 13, 10, 0, 0);
    expect(exportInstant('2023-11-13T10:00Z')).toBe(utc);
    expect(exportInstant('2023-11-13T10:00:00Z')).toBe(utc);
    expect(exportInstant('2023-11-13 10:00:00')).toBe(utc);
    expect(exportInstant('2023-11-13T10:00')).toBe(utc);
    expect(exportInstant('2023-11-13T18:00:00+08:00')).toBe(utc);
    expect(exportInstant('2023-11-13')).toBe(Date.UTC(2023, 10, 13));
    expect(exportInstant('11/13/2023')).toBe(Date.UTC(2023, 10, 13));
    expect(exportInstant('11/13/2023 10:00:00 AM')).toBe(utc);
    expect(exportInstant('11/13/2023 12:30 AM')).toBe(Date.UTC(2023, 10, 13, 0, 30));
    expect(exportInstant('11/13/2023 12:30 PM')).toBe(Date.UTC(2023, 10, 13, 12, 30));
    expect(exportInstant('11/13/2023 13:05')).toBe(Date.UTC(2023, 10, 13, 13, 5));
  });

  it('refuses impossible times rather than rolling them over', () => {
    for (const bad of ['2023-11-13T25:00:00Z', '2023-11-31', '11/13/2023 13:00 PM', '2023-11-13T10:00:00+25:00', 'yesterday', '2023-11-13T10:60']) {
      expect(exportInstant(bad), bad).toBeUndefined();
    }
  });

  it('takes the start of a CUR time interval', () => {
    expect(intervalStart('2023-11-01T00:00:00Z/2023-11-02T00:00:00Z')).toBe('2023-11-01T00:00:00Z');
    expect(intervalStart('9/1/2023')).toBe('9/1/2023');
  });
});
