import type { ProgressReporter } from '../progressReporter';
import { didWork, fractionOf, StepTracker } from './progressSteps';
import { runningText, summaryText, timestampOf, titleOf } from './progressText';

/** A running step with a known total gets a line this often; a shorter step only its summary. */
const PLAIN_INTERVAL_MS = 2000;

/**
 * Progress as log lines (CI logs, a pipe): one timestamped summary per step that did work, and for
 * a step that runs long a line every PLAIN_INTERVAL_MS with its percentage and ETA.
 */
export function plainProgress(stream: NodeJS.WritableStream, now: () => number): ProgressReporter {
  const steps = new StepTracker(now);
  const lastLineMs = new WeakMap<object, number>();
  const line = (atMs: number, text: string) => stream.write(`${timestampOf(atMs)} ${text}\n`);
  return {
    report(e) {
      const step = steps.apply(e);
      if (step === undefined) return;
      if (step.finished) {
        if (didWork(step)) line(step.atMs, `${titleOf(step)}: ${summaryText(step)}`);
        return;
      }
      if (fractionOf(step) === undefined) return;
      if (step.atMs - (lastLineMs.get(step) ?? step.startedMs) < PLAIN_INTERVAL_MS) return;
      lastLineMs.set(step, step.atMs);
      line(step.atMs, `${titleOf(step)}: ${runningText(step, step.atMs)}`);
    },
    stop: () => undefined,
  };
}
