import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../jobs/jobContext';
import { createProgressReporter } from '../../src/cli/progressReporter';
import { formatBytes, formatDuration, formatRate, timestampOf } from '../../src/cli/progress/progressText';

const T0 = Date.parse('2026-12-07T08:01:00Z');

/** A reporter writing to a fake non-TTY stream, on a clock the test moves. */
function plainReporter(options: { quiet?: boolean; isTTY?: boolean } = {}) {
  let now = T0;
  const lines: string[] = [];
  const stream = { isTTY: options.isTTY ?? false, write: (s: string) => { lines.push(...s.split('\n').filter((l) => l !== '')); return true; } };
  const reporter = createProgressReporter(stream as unknown as NodeJS.WritableStream, { quiet: options.quiet ?? false, now: () => now });
  const at = (ms: number, e: ProgressEvent) => {
    now = T0 + ms;
    reporter.report(e);
  };
  return { lines, at, reporter };
}

const file = (done: number, rows: number, total = 18_000_000): ProgressEvent =>
  ({ stage: 'ingest', label: 'consumption.csv', done, total, unit: 'bytes', rows });

describe('progress text', () => {
  it('formats durations, sizes, rates and timestamps for people', () => {
    // Proves: each range of a duration reads naturally, rates keep three significant digits, sizes pick their unit.
    expect([40, 3140, 42_400, 245_000, 3_720_000].map(formatDuration)).toEqual(['40 ms', '3.1 s', '42 s', '4 min 05 s', '1 h 02 min']);
    expect(formatRate(38_712.4, 'rows')).toBe('38,700 rows/s');
    expect(formatRate(52.44, 'rows')).toBe('52.4 rows/s');
    expect(formatRate(5.6 * 1048576, 'bytes')).toBe('5.6 MiB/s');
    expect([512, 1740, 18_035_507, 1.25 * 1024 ** 3].map(formatBytes)).toEqual(['512 B', '1.7 KiB', '17.2 MiB', '1.25 GiB']);
    expect(timestampOf(T0 + 2_345)).toBe('2026-12-07T08:01:02Z');
  });
});

describe('plain progress (not a terminal)', () => {
  it('prints a long step every two seconds with percentage, rate, elapsed and ETA, then one timestamped summary', () => {
    // Proves: intermediate lines come at the interval (not per event) and the summary states rows, size, time and rate.
    const { lines, at } = plainReporter();
    at(0, file(0, 0));
    at(1000, file(4_500_000, 30_000));
    at(2500, file(9_000_000, 60_000));
    at(3000, file(10_800_000, 72_000));
    at(5000, file(18_000_000, 120_000));
    at(5001, file(18_000_000, 120_000)); // the closing repeat of the last batch
    expect(lines).toEqual([
      '2026-12-07T08:01:02Z ingest consumption.csv: 50%, 8.6 MiB of 17.2 MiB, 60,000 rows, 24,000 rows/s, 2.5 s elapsed, ETA 2.5 s',
      '2026-12-07T08:01:05Z ingest consumption.csv: 120,000 rows (17.2 MiB) in 5.0 s, 24,000 rows/s',
    ]);
  });

  it('counts partners done of their total, with the ETA taken from when partners began to finish', () => {
    // Proves: a records pass with no partner done yet shows no ETA; once partners finish, the ETA extrapolates from then, not from the start.
    const { lines, at } = plainReporter();
    const partners = (done: number, rows: number): ProgressEvent => ({ stage: 'compute', label: 'partners', done, total: 4, unit: 'items', rows });
    at(0, partners(0, 0));
    at(2100, partners(0, 10_500));
    at(4200, partners(2, 12_000));
    at(4800, partners(4, 12_000));
    expect(lines).toEqual([
      '2026-12-07T08:01:02Z compute partners: 0%, 0/4, 10,500 records, 5,000 records/s, 2.1 s elapsed',
      '2026-12-07T08:01:04Z compute partners: 50%, 2/4, 12,000 records, 2,860 records/s, 4.2 s elapsed, ETA 2.1 s',
      '2026-12-07T08:01:04Z compute partners: 4/4, 12,000 records in 4.8 s, 2,500 records/s',
    ]);
  });

  it('prints one line per step, and none for a step that did no work', () => {
    // Proves: an empty file, a header-only file, an emit that never ends and an empty partner set print nothing; a step without a count prints its time once.
    const { lines, at, reporter } = plainReporter();
    at(0, { stage: 'ingest', label: 'refunds.csv', done: 0, total: 0, unit: 'bytes', rows: 0 });
    at(0, { stage: 'ingest', label: 'adjustments.csv', done: 0, total: 54, unit: 'bytes', rows: 0 });
    at(3, { stage: 'ingest', label: 'adjustments.csv', done: 54, total: 54, unit: 'bytes', rows: 0 });
    at(5, { stage: 'compute', label: 'partners', done: 0, total: 0, unit: 'items' });
    at(10, { stage: 'reconcile', label: 'checks', done: 0, total: 1, unit: 'step' });
    at(400, { stage: 'reconcile', label: 'checks', done: 1, total: 1, unit: 'step' });
    at(410, { stage: 'emit', label: 'files', done: 0, total: 0, unit: 'items' });
    at(9000, { stage: 'emit', label: 'files', done: 0, total: 0, unit: 'items' });
    reporter.stop();
    expect(lines).toEqual(['2026-12-07T08:01:00Z reconcile checks: done in 390 ms']);
  });

  it('prints files written of files to write, and a step again when it starts over', () => {
    // Proves: a count known only at the end is a summary line; a step that restarts from 0 after its end (a retried job) is a new step.
    const { lines, at } = plainReporter();
    at(0, { stage: 'emit', label: 'files', done: 0, total: 0, unit: 'items' });
    at(1200, { stage: 'emit', label: 'files', done: 73, total: 73, unit: 'items' });
    at(2000, { stage: 'emit', label: 'files', done: 0, total: 0, unit: 'items' });
    at(2500, { stage: 'emit', label: 'files', done: 73, total: 73, unit: 'items' });
    expect(lines).toEqual(['2026-12-07T08:01:01Z emit files: 73/73 in 1.2 s', '2026-12-07T08:01:02Z emit files: 73/73 in 500 ms']);
  });

  it('prints nothing with --quiet, on a terminal or not', () => {
    // Proves: quiet wins over both renderers.
    for (const isTTY of [false, true]) {
      const { lines, at, reporter } = plainReporter({ quiet: true, isTTY });
      at(0, file(0, 0));
      at(5000, file(18_000_000, 120_000));
      reporter.stop();
      expect(lines).toEqual([]);
    }
  });
});

describe('progress bars (a terminal)', () => {
  it('draws a bar with the summary for a step that did work, and none for one that did not', () => {
    // Proves: the terminal renderer shares the plain one's words and its rule of silence for steps without work.
    let now = T0;
    let screen = '';
    const tty = {
      isTTY: true, columns: 160,
      write: (s: string) => { screen += s; return true; },
      cursorTo: () => true, moveCursor: () => true, clearLine: () => true, clearScreenDown: () => true,
      on: () => tty, removeListener: () => tty,
    };
    const reporter = createProgressReporter(tty as unknown as NodeJS.WritableStream, { quiet: false, now: () => now });
    reporter.report({ stage: 'ingest', label: 'refunds.csv', done: 0, total: 54, unit: 'bytes', rows: 0 });
    reporter.report({ stage: 'ingest', label: 'refunds.csv', done: 54, total: 54, unit: 'bytes', rows: 0 });
    reporter.report(file(0, 0));
    now += 5000;
    reporter.report(file(18_000_000, 120_000));
    reporter.stop();
    expect(screen).toContain('ingest consumption.csv');
    expect(screen).toContain('120,000 rows (17.2 MiB) in 5.0 s, 24,000 rows/s');
    expect(screen).not.toContain('refunds.csv');
  });
});
