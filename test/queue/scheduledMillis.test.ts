import type { JobsOptions } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { scheduledMillisOf } from '../../jobs/bullmq/scheduledMillis';

/** Jobs shaped as bullmq 6.7.0 stores them (see the comment on scheduledMillisOf). */
const job = (id: string | undefined, opts: JobsOptions = {}) => ({ id, opts });
const AT = Date.parse('2026-12-05T04:00:00Z');

describe('scheduledMillisOf', () => {
  it('reads a cron job: id and opts.prevMillis agree', () => {
    expect(scheduledMillisOf(job(`repeat:month-end-close:${AT}`, { prevMillis: AT, delay: 0 }))).toBe(AT);
  });

  it('reads an `every` job, which has no prevMillis, from its id', () => {
    expect(scheduledMillisOf(job(`repeat:every-hour:${AT}`))).toBe(AT);
  });

  it('allows ":" inside the scheduler id', () => {
    expect(scheduledMillisOf(job(`repeat:close:monthly:${AT}`))).toBe(AT);
  });

  it('ignores timestamp and delay, which a promotion rewrites', () => {
    const promoted = { ...job(`repeat:month-end-close:${AT}`, { prevMillis: AT }), timestamp: AT - 86_400_000, delay: 0 };
    expect(scheduledMillisOf(promoted)).toBe(AT);
  });

  it('falls back to prevMillis when the id carries no millis', () => {
    expect(scheduledMillisOf(job('custom', { prevMillis: AT }))).toBe(AT);
  });

  it('refuses a job that no scheduler produced, or contradictory fields', () => {
    expect(() => scheduledMillisOf(job('42'))).toThrow(/not produced by a job scheduler/);
    expect(() => scheduledMillisOf(job(undefined))).toThrow(/not produced by a job scheduler/);
    expect(() => scheduledMillisOf(job(`repeat:x:${AT}`, { prevMillis: AT + 1 }))).toThrow(/disagree/);
  });
});
