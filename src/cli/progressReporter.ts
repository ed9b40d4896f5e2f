import type { ProgressEvent } from '../../jobs/jobContext';
import { barProgress } from './progress/barProgress';
import { plainProgress } from './progress/plainProgress';

export interface ProgressReporter {
  report(event: ProgressEvent): void;
  stop(): void;
}

export interface ProgressOptions {
  quiet: boolean;
  /** The clock (epoch ms) elapsed times, rates, ETAs and timestamps are read from. */
  now?: () => number;
}

/**
 * Progress for people: bars on a terminal, timestamped lines when output goes to a file or CI
 * log (see progress/plainProgress); nothing with --quiet. Steps that did no work show nothing.
 */
export function createProgressReporter(stream: NodeJS.WritableStream & { isTTY?: boolean }, options: ProgressOptions): ProgressReporter {
  if (options.quiet) return { report: () => undefined, stop: () => undefined };
  const now = options.now ?? Date.now;
  return stream.isTTY ? barProgress(stream, now) : plainProgress(stream, now);
}
