import { describe, expect, it } from 'vitest';
import { parseClosePayload } from '../../jobs/catalog';
import { isPermanentError } from '../../jobs/errors';
import { PayloadError } from '../../jobs/jobContext';
import { parsePayload, payloadObject, period } from '../../jobs/payload';

/** A job payload names a period only inside the supported range; anything else fails the job for good. */
describe('period fields of job payloads', () => {
  it.each(['0000-01', '1969-12'])('a close payload for %s is a permanent payload error naming the range', (period) => {
    // Proves: a queued close of an unsupported period is refused on arrival (never retried, never reaches periodBounds).
    let error: unknown;
    try {
      parseClosePayload({ period, outDir: '/tmp/out' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PayloadError);
    expect(isPermanentError(error)).toBe(true);
    expect((error as Error).message).toContain(`period "${period}" is outside the supported periods 1970-01 to 9999-12`);
  });

  it('accepts the range ends and refuses malformed or non-string periods', () => {
    // Proves: the same range as the CLI and the input files, inclusive at both ends.
    expect(parseClosePayload({ period: '1970-01', outDir: 'o' }).period).toBe('1970-01');
    const parsePeriod = (payload: unknown) => parsePayload('job', payloadObject({ period }), payload).period;
    expect(parsePeriod({ period: '9999-12' })).toBe('9999-12');
    expect(() => parsePeriod({ period: '2026-13' })).toThrow('job: invalid payload: period "2026-13" is not a period');
    expect(() => parsePeriod({ period: 202610 })).toThrow(PayloadError);
    expect(() => parsePeriod({ period: 202610 })).toThrow('job: invalid payload: period must be a period YYYY-MM');
  });
});
