import { describe, expect, it } from 'vitest';
import { DEFAULT_BILLING_ZONE } from '../../../src/domain/period/period';
import { periodForScheduledRun } from '../../../src/domain/period/scheduledPeriod';

const at = (iso: string) => Date.parse(iso);

describe('periodForScheduledRun', () => {
  it('the default schedule (12:00 on the 5th, Shanghai) closes the previous month', () => {
    expect(periodForScheduledRun(at('2026-12-05T12:00:00+08:00'), DEFAULT_BILLING_ZONE)).toBe('2026-11');
    expect(periodForScheduledRun(at('2026-11-05T12:00:00+08:00'), DEFAULT_BILLING_ZONE)).toBe('2026-10');
  });

  it('crosses the year in January', () => {
    expect(periodForScheduledRun(at('2027-01-05T12:00:00+08:00'), DEFAULT_BILLING_ZONE)).toBe('2026-12');
    expect(periodForScheduledRun(at('2027-01-01T00:00:00+08:00'), DEFAULT_BILLING_ZONE)).toBe('2026-12');
  });

  it('uses the billing zone, not UTC, at the month boundary', () => {
    // 2026-11-30T16:00Z is 2026-12-01 00:00 in Shanghai: December there, so November is closed.
    expect(periodForScheduledRun(at('2026-11-30T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11');
    // One millisecond earlier it is still November in Shanghai.
    expect(periodForScheduledRun(at('2026-11-30T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-10');
    // The same instant in UTC is still November 30th.
    expect(periodForScheduledRun(at('2026-11-30T16:00:00Z'), 'UTC')).toBe('2026-10');
  });

  it('works for zones west of UTC and with daylight saving time', () => {
    // 2027-03-01T02:00Z is still February 28th in New York (UTC-5).
    expect(periodForScheduledRun(at('2027-03-01T02:00:00Z'), 'America/New_York')).toBe('2027-01');
    expect(periodForScheduledRun(at('2027-03-01T05:00:00Z'), 'America/New_York')).toBe('2027-02');
    // Summer time (UTC-4): 2026-07-01T03:59Z is June 30th, 04:00Z is July 1st.
    expect(periodForScheduledRun(at('2026-07-01T03:59:59Z'), 'America/New_York')).toBe('2026-05');
    expect(periodForScheduledRun(at('2026-07-01T04:00:00Z'), 'America/New_York')).toBe('2026-06');
    // Kiritimati (UTC+14) is already in the next month while UTC is not.
    expect(periodForScheduledRun(at('2026-11-30T10:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-11');
  });

  it('rejects a scheduled time that is not a number of milliseconds', () => {
    expect(() => periodForScheduledRun(Number.NaN, DEFAULT_BILLING_ZONE)).toThrow(/epoch milliseconds/);
  });
});
