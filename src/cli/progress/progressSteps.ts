import type { ProgressEvent } from '../../../jobs/jobContext';

/** One step as the reporter follows it: its last event and when it started, moved and ended. */
export interface StepState {
  stage: ProgressEvent['stage'];
  label: string;
  unit: ProgressEvent['unit'];
  done: number;
  total: number;
  rows: number | undefined;
  startedMs: number;
  /** The last moment `done` was still 0: the ETA extrapolates from when the count began to move. */
  zeroMs: number;
  /** When the last event came. */
  atMs: number;
  finished: boolean;
}

/**
 * Turns progress events into steps (one per stage and label). A step starts with its first event
 * and ends when `done` reaches a known total; repeats of its last event are dropped, and an event
 * at 0 after the end starts it again (a retried job).
 */
export class StepTracker {
  private readonly steps = new Map<string, StepState>();

  constructor(private readonly now: () => number) {}

  /** The step the event moved, or undefined when it changed nothing. */
  apply(e: ProgressEvent): StepState | undefined {
    const key = `${e.stage} ${e.label}`;
    const at = this.now();
    let step = this.steps.get(key);
    if (step?.finished) {
      if (e.done !== 0) return undefined;
      step = undefined;
    }
    if (step === undefined) {
      step = { stage: e.stage, label: e.label, unit: e.unit, done: 0, total: 0, rows: undefined, startedMs: at, zeroMs: at, atMs: at, finished: false };
      this.steps.set(key, step);
    }
    step.unit = e.unit;
    step.done = e.done;
    step.total = e.total;
    step.rows = e.rows;
    step.atMs = at;
    if (e.done === 0) step.zeroMs = at;
    step.finished = e.total > 0 && e.done >= e.total;
    return step;
  }

  running(): StepState[] {
    return [...this.steps.values()].filter((s) => !s.finished);
  }
}

/**
 * Whether a step did something worth showing: a step without a count ran; a file read rows (a
 * header-only or empty file did not); anything else counted above 0.
 */
export function didWork(step: StepState): boolean {
  if (step.unit === 'step') return true;
  if (step.unit === 'bytes' && step.rows !== undefined) return step.rows > 0;
  return step.done > 0;
}

/** How far the step is (0…1), when its total is known. */
export function fractionOf(step: StepState): number | undefined {
  if (step.finished) return 1;
  if (step.unit === 'step' || step.total <= 0) return undefined;
  return Math.min(step.done / step.total, 1);
}
