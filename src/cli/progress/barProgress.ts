import cliProgress from 'cli-progress';
import type { ProgressReporter } from '../progressReporter';
import { didWork, fractionOf, StepTracker, type StepState } from './progressSteps';
import { runningText, summaryText, titleOf } from './progressText';

/** Bar positions: the bar shows the step's fraction, the text beside it the numbers. */
const SCALE = 1000;
/** A step whose count is known only at its end (the emit) gets its bar once it has run this long: someone is waiting on it. */
const SHOW_AFTER_MS = 1000;
/** Elapsed time and ETA move between events too. */
const REFRESH_MS = 1000;
const TITLE_WIDTH = 32;

/** Progress on a terminal: a bar per step that did work, with percentage, rate, elapsed and ETA beside it. */
export function barProgress(stream: NodeJS.WritableStream, now: () => number): ProgressReporter {
  const multibar = new cliProgress.MultiBar(
    { stream, clearOnComplete: false, hideCursor: true, format: ' {title} |{bar}| {status}', fps: 5, barsize: 20 },
    cliProgress.Presets.shades_classic,
  );
  const steps = new StepTracker(now);
  const bars = new Map<StepState, cliProgress.SingleBar>();
  const draw = (step: StepState) => {
    const nowMs = now();
    const awaited = !step.finished && step.unit === 'items' && step.total === 0 && nowMs - step.startedMs >= SHOW_AFTER_MS;
    if (!bars.has(step) && !didWork(step) && !awaited) return;
    const payload = {
      title: titleOf(step).padEnd(TITLE_WIDTH),
      status: step.finished ? summaryText(step) : runningText(step, nowMs),
    };
    const value = Math.round((fractionOf(step) ?? 0) * SCALE);
    const bar = bars.get(step);
    if (bar === undefined) bars.set(step, multibar.create(SCALE, value, payload));
    else bar.update(value, payload);
  };
  const refresh = setInterval(() => steps.running().forEach(draw), REFRESH_MS);
  refresh.unref();
  return {
    report(e) {
      const step = steps.apply(e);
      if (step !== undefined) draw(step);
    },
    stop() {
      clearInterval(refresh);
      multibar.stop();
    },
  };
}
