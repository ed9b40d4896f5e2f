import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkPeriod,
  DEFAULT_BILLING_ZONE,
  isPeriod,
  isSupportedPeriod,
  nextPeriod,
  parseAnyInstant,
  parseCommonInstant,
  parseInstant,
  periodBounds,
  periodOf,
  previousPeriod,
  shiftPeriod,
} from '../../../src/domain/period/period';

const iso = (ms: number): string => new Date(ms).toISOString();
const at = (text: string): number => Date.parse(text);
function boundsIso(period: string, zone?: string): [string, string] {
  const b = periodBounds(period, zone);
  return [iso(b.startMs), iso(b.endMs)];
}

const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Pacific/Kiritimati', 'Europe/London', 'Australia/Lord_Howe', 'Africa/Cairo', 'America/Havana', 'Asia/Kathmandu'];
const periodArb = fc
  .tuple(fc.integer({ min: 1970, max: 9998 }), fc.integer({ min: 1, max: 12 }))
  .map(([y, m]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`);

describe('periodBounds (half-open, billing zone)', () => {
  it('defaults to Asia/Shanghai', () => {
    // Proves: the documented default billing zone.
    expect(DEFAULT_BILLING_ZONE).toBe('Asia/Shanghai');
  });

  it('2024-02 in Asia/Shanghai is [2024-01-31T16:00Z, 2024-02-29T16:00Z)', () => {
    // Proves: month bounds are local midnights in UTC+8, with the leap day included.
    expect(boundsIso('2024-02')).toEqual(['2024-01-31T16:00:00.000Z', '2024-02-29T16:00:00.000Z']);
    expect(boundsIso('2024-02', 'Asia/Shanghai')).toEqual(['2024-01-31T16:00:00.000Z', '2024-02-29T16:00:00.000Z']);
  });

  it.each([
    ['2025-02', 'Asia/Shanghai', '2025-01-31T16:00:00.000Z', '2025-02-28T16:00:00.000Z'],
    ['2024-12', 'Asia/Shanghai', '2024-11-30T16:00:00.000Z', '2024-12-31T16:00:00.000Z'],
    ['2026-10', 'Asia/Shanghai', '2026-09-30T16:00:00.000Z', '2026-10-31T16:00:00.000Z'],
    ['1970-01', 'Asia/Shanghai', '1969-12-31T16:00:00.000Z', '1970-01-31T16:00:00.000Z'],
    ['2024-02', 'UTC', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['2024-12', 'UTC', '2024-12-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'],
    ['2024-02', 'Pacific/Kiritimati', '2024-01-31T10:00:00.000Z', '2024-02-29T10:00:00.000Z'],
    // New York: March starts on EST (−5) and ends on EDT (−4); November the reverse.
    ['2024-03', 'America/New_York', '2024-03-01T05:00:00.000Z', '2024-04-01T04:00:00.000Z'],
    ['2024-11', 'America/New_York', '2024-11-01T04:00:00.000Z', '2024-12-01T05:00:00.000Z'],
    ['2024-07', 'America/New_York', '2024-07-01T04:00:00.000Z', '2024-08-01T04:00:00.000Z'],
  ])('%s in %s is [%s, %s)', (period, zone, start, end) => {
    // Proves: the zone is configurable and DST changes the month's length, not its local-midnight bounds.
    expect(boundsIso(period, zone)).toEqual([start, end]);
  });

  it('a zone whose clocks skip local midnight on the 1st still tiles (Africa/Cairo 2014-08, regression)', () => {
    // Proves: 2014-08-01 00:00 did not exist in Cairo; August starts at the gap's end, and
    // September starts at its own midnight, not at 01:00 carried over by month arithmetic.
    expect(boundsIso('2014-08', 'Africa/Cairo')).toEqual(['2014-07-31T22:00:00.000Z', '2014-08-31T21:00:00.000Z']);
    expect(periodBounds('2014-07', 'Africa/Cairo').endMs).toBe(periodBounds('2014-08', 'Africa/Cairo').startMs);
    expect(periodOf(at('2014-08-31T21:30:00Z'), 'Africa/Cairo')).toBe('2014-09');
    // Repeated midnight (Gaza 2004-10-01): the month starts at the first 00:00.
    expect(boundsIso('2004-10', 'Asia/Gaza')[0]).toBe('2004-09-30T21:00:00.000Z');
  });

  it('a DST month in New York is one hour shorter/longer than its calendar days', () => {
    // Proves: bounds are computed in the zone, not by adding 24h×days.
    const march = periodBounds('2024-03', 'America/New_York');
    const nov = periodBounds('2024-11', 'America/New_York');
    expect(march.endMs - march.startMs).toBe(31 * 86_400_000 - 3_600_000);
    expect(nov.endMs - nov.startMs).toBe(30 * 86_400_000 + 3_600_000);
  });

  it.each(['2024-13', '2024-00', '2024-1', '24-01', '2024/01', '202401', '', ' 2024-01', '2024-01-01'])('rejects %j', (bad) => {
    // Proves: only YYYY-MM with a real month is a period.
    expect(isPeriod(bad)).toBe(false);
    expect(() => periodBounds(bad)).toThrow(/not a period/);
  });

  it('rejects periods before 1970 instead of returning wrong bounds', () => {
    // Proves: year 0050 is not silently read as 1950 (Date's two-digit-year rule).
    expect(() => periodBounds('0050-01', 'UTC')).toThrow(/before 1970/);
    expect(() => periodBounds('1969-12')).toThrow(/before 1970/);
    expect(boundsIso('1970-01', 'UTC')).toEqual(['1970-01-01T00:00:00.000Z', '1970-02-01T00:00:00.000Z']);
  });

  it('the supported range is 1970-01 to 9999-12, and periodBounds computes both ends in every zone', () => {
    // Proves: the one range every input and command is checked against, and that its ends have bounds.
    expect(['1969-12', '0000-01', '0001-01'].map(isSupportedPeriod)).toEqual([false, false, false]);
    expect(['1970-01', '2026-10', '9999-12'].map(isSupportedPeriod)).toEqual([true, true, true]);
    expect(checkPeriod('0000-01')).toBe('is outside the supported periods 1970-01 to 9999-12');
    expect(checkPeriod('2026-13')).toBe('is not a period: use YYYY-MM, e.g. 2026-10');
    expect(checkPeriod('10000-01')).toBe('is not a period: use YYYY-MM, e.g. 2026-10');
    expect(checkPeriod('2026-10')).toBeUndefined();
    for (const zone of ZONES) {
      const last = periodBounds('9999-12', zone);
      expect(last.endMs).toBeGreaterThan(last.startMs);
      expect(periodOf(last.endMs - 1, zone)).toBe('9999-12');
      expect(periodOf(periodBounds('1970-01', zone).startMs, zone)).toBe('1970-01');
    }
  });

  it('consecutive periods tile time: end of p = start of next(p), in every zone', () => {
    // Proves: no instant falls between two periods or into two of them.
    fc.assert(
      fc.property(periodArb, fc.constantFrom(...ZONES), (p, zone) => {
        const b = periodBounds(p, zone);
        expect(b.endMs).toBe(periodBounds(nextPeriod(p), zone).startMs);
        expect(b.endMs - b.startMs).toBeGreaterThan(27 * 86_400_000);
        expect(b.endMs - b.startMs).toBeLessThan(32 * 86_400_000);
        expect(periodOf(b.startMs, zone)).toBe(p);
        expect(periodOf(b.endMs - 1, zone)).toBe(p);
      }),
      { numRuns: 300 },
    );
  });
});

describe('periodOf', () => {
  it.each([
    ['2024-01-31T15:59:59.999Z', '2024-01'],
    ['2024-01-31T16:00:00.000Z', '2024-02'],
    ['2024-01-31T16:30:00.000Z', '2024-02'],
    ['2024-02-29T15:59:59.999Z', '2024-02'],
    ['2024-02-29T16:00:00.000Z', '2024-03'],
    ['2024-12-31T15:59:59.999Z', '2024-12'],
    ['2024-12-31T16:00:00.000Z', '2025-01'],
    ['2026-10-01T00:15:00+08:00', '2026-10'],
    ['2026-09-30T23:59:59+08:00', '2026-09'],
  ])('%s → %s in Asia/Shanghai', (instant, period) => {
    // Proves: boundary instants land on the correct side of local midnight.
    expect(periodOf(at(instant))).toBe(period);
  });

  it.each([
    ['2024-01-31T23:59:59.999Z', 'UTC', '2024-01'],
    ['2024-02-01T00:00:00.000Z', 'UTC', '2024-02'],
    ['2024-04-01T03:59:59.999Z', 'America/New_York', '2024-03'],
    ['2024-04-01T04:00:00.000Z', 'America/New_York', '2024-04'],
    ['2024-12-01T04:59:59.999Z', 'America/New_York', '2024-11'],
    ['2024-12-01T05:00:00.000Z', 'America/New_York', '2024-12'],
    ['2024-01-31T10:00:00.000Z', 'Pacific/Kiritimati', '2024-02'],
    ['2024-01-31T09:59:59.999Z', 'Pacific/Kiritimati', '2024-01'],
  ])('%s in %s → %s', (instant, zone, period) => {
    // Proves: the zone is a parameter, DST included.
    expect(periodOf(at(instant), zone)).toBe(period);
  });

  it('every instant lies in the bounds of its own period', () => {
    // Proves: periodOf and periodBounds agree, for random instants Feb 1970–2100 in several zones.
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 1, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...ZONES), (ms, zone) => {
        const b = periodBounds(periodOf(ms, zone), zone);
        expect(b.startMs <= ms && ms < b.endMs).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('shiftPeriod / nextPeriod / previousPeriod', () => {
  it.each([
    ['2024-12', 1, '2025-01'],
    ['2025-01', -1, '2024-12'],
    ['2024-03', -15, '2022-12'],
    ['2024-01', 24, '2026-01'],
    ['2024-05', 0, '2024-05'],
    ['1999-12', 1, '2000-01'],
    ['2000-01', -12, '1999-01'],
    ['0001-01', -1, '0000-12'],
    ['9999-11', 1, '9999-12'],
  ] as const)('shiftPeriod(%s, %d) = %s', (p, k, expected) => {
    // Proves: month arithmetic across year boundaries, in both directions.
    expect(shiftPeriod(p, k)).toBe(expected);
  });

  it('next/previous step one month', () => {
    // Proves: the convenience wrappers.
    expect(nextPeriod('2026-12')).toBe('2027-01');
    expect(previousPeriod('2026-01')).toBe('2025-12');
  });

  it('rejects bad periods, fractional shifts and results outside 0000–9999', () => {
    // Proves: no malformed period string ("2024-01.5", "10000-01", "-001-12") can come out.
    expect(() => shiftPeriod('2024-13', 1)).toThrow(/not a period/);
    expect(() => shiftPeriod('2024-01', 1.5)).toThrow(/whole number/);
    expect(() => shiftPeriod('2024-01', Number.NaN)).toThrow(/whole number/);
    expect(() => shiftPeriod('9999-12', 1)).toThrow(/outside/);
    expect(() => shiftPeriod('0000-01', -1)).toThrow(/outside/);
  });

  it('agrees with calendar month arithmetic and inverts', () => {
    // Proves: shiftPeriod(p,k) matches Date.UTC month rollover, and shifting back restores p.
    fc.assert(
      fc.property(periodArb, fc.integer({ min: -600, max: 600 }), (p, k) => {
        const [y, m] = p.split('-').map(Number) as [number, number];
        const d = new Date(Date.UTC(y, m - 1 + k, 1));
        fc.pre(d.getUTCFullYear() >= 1000 && d.getUTCFullYear() <= 9999);
        const expected = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
        expect(shiftPeriod(p, k)).toBe(expected);
        expect(shiftPeriod(expected, -k)).toBe(p);
        expect(isPeriod(expected)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseInstant', () => {
  it.each([
    ['2026-10-03T08:15:00+08:00', Date.UTC(2026, 9, 3, 0, 15)],
    ['2026-10-03T08:15:00Z', Date.UTC(2026, 9, 3, 8, 15)],
    ['2026-10-03 08:15:00+08:00', Date.UTC(2026, 9, 3, 0, 15)],
    ['2026-10-03T08:15:00.123+08:00', Date.UTC(2026, 9, 3, 0, 15, 0, 123)],
    ['2026-10-03T08:15+08:00', Date.UTC(2026, 9, 3, 0, 15)],
    ['2026-10-03T08:15:00+0800', Date.UTC(2026, 9, 3, 0, 15)],
    ['2026-10-03T08:15:00-05:00', Date.UTC(2026, 9, 3, 13, 15)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['  2026-10-03T08:15:00Z  ', Date.UTC(2026, 9, 3, 8, 15)],
    ['2026-10-01T00:00:00+08:00', Date.UTC(2026, 8, 30, 16)],
  ])('accepts %j as %d ms', (text, ms) => {
    // Proves: ISO-8601 instants with an explicit offset parse to the right UTC instant.
    expect(parseInstant(text)).toBe(ms);
  });

  it.each([
    '2026-10-03T08:15:00',
    '2026-10-03 08:15:00',
    '2026-10-03',
    '2026-02-30T00:00:00+08:00',
    '2025-02-29T00:00:00Z',
    '2026-04-31T12:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-10-03T25:00:00Z',
    '2026-10-03T08:60:00Z',
    '2026-10-03T08:15:00+25:00',
    '2026-10-03T08:15:00+08',
    '2026-10-03T08:15:00 CST',
    '2026/10/03 08:15:00+08:00',
    'Sat, 03 Oct 2026 08:15:00 GMT',
    '1790986500000',
    'yesterday',
    '',
  ])('rejects %j', (text) => {
    // Proves: no zone guessing (missing offset), no calendar overflow, no garbage.
    expect(parseInstant(text)).toBeUndefined();
  });

  it('round-trips any instant through toISOString and a +08:00 rendering', () => {
    // Proves: parseInstant is exact to the millisecond for both Z and offset forms.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(parseInstant(new Date(ms).toISOString())).toBe(ms);
        const local = new Date(ms + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
        expect(parseInstant(local)).toBe(ms);
      }),
    );
  });
});

describe('parseInstant fast path', () => {
  const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
  const instantText = fc.record({
    year: fc.oneof(fc.integer({ min: 1960, max: 2110 }), fc.integer({ min: 0, max: 9999 })).map((n) => String(n).padStart(4, '0')),
    month: two(0, 19), day: two(0, 39), hour: two(0, 29), minute: two(0, 69), second: two(0, 69),
    sep: fc.constantFrom('T', ' ', 't', '_'),
    zone: fc.oneof(
      fc.constantFrom('Z', 'z', '+08:00', '-05:00', '+00:00', '-00:00', '+0800', '+08', ''),
      fc.tuple(fc.constantFrom('+', '-', ':'), two(0, 29), two(0, 69)).map(([sign, h, m]) => `${sign}${h}:${m}`),
    ),
    pad: fc.constantFrom('', '', '', ' ', 'x'),
  }).map((r) => `${r.year}-${r.month}-${r.day}${r.sep}${r.hour}:${r.minute}:${r.second}${r.zone}${r.pad}`);

  it('gives exactly what the general parser gives, for instants of any shape and range', () => {
    // Proves: the digit-arithmetic path never changes a result (accepted value or rejection).
    fc.assert(fc.property(fc.oneof(instantText, fc.string({ maxLength: 26 })), (text) => {
      expect(parseInstant(text)).toBe(parseAnyInstant(text));
      const fast = parseCommonInstant(text);
      if (fast !== undefined) expect(fast).toBe(parseAnyInstant(text));
    }), { numRuns: 20000 });
  });

  it('takes the common +08:00 and Z shapes itself', () => {
    // Proves: the shape platform exports use does not fall back to the regex/Date.parse path.
    expect(parseCommonInstant('2026-10-03T08:15:00+08:00')).toBe(Date.UTC(2026, 9, 3, 0, 15));
    expect(parseCommonInstant('2024-02-29 23:59:59Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
    expect(parseCommonInstant('2026-10-01T00:00:00-00:30')).toBe(Date.UTC(2026, 9, 1, 0, 30));
    expect(parseCommonInstant('2025-02-29T00:00:00Z')).toBeUndefined();
  });
});
