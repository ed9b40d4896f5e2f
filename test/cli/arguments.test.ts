import { describe, expect, it } from 'vitest';
import { requirePeriod } from '../../src/cli/arguments';
import { EXIT_USAGE, UserError } from '../../src/cli/exitCodes';

function failureOf(run: () => void): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('requirePeriod', () => {
  it.each(['0000-01', '0001-01', '1969-12'])('refuses %s as a wrong argument (exit 2) saying the supported range', (period) => {
    // Proves: a period outside the range never reaches a command (reckon close 0000-01 used to exit 70 and leave it closing).
    const error = failureOf(() => requirePeriod(period));
    expect(error.exitCode).toBe(EXIT_USAGE);
    expect(error.message).toBe(`"${period}" is outside the supported periods 1970-01 to 9999-12`);
  });

  it('names the option, refuses malformed periods and accepts the range ends', () => {
    // Proves: one message shape for <period> and --period; both ends are valid.
    expect(failureOf(() => requirePeriod('2026-13', '--period')).message).toBe('--period "2026-13" is not a period: use YYYY-MM, e.g. 2026-10');
    expect(() => requirePeriod('1970-01')).not.toThrow();
    expect(() => requirePeriod('9999-12', '--period')).not.toThrow();
  });
});
