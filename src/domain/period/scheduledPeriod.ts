import { periodOf, previousPeriod, type Period } from './period';

/**
 * The period a scheduled month-end close settles: the one before the period the scheduled
 * instant falls in, in the billing zone. It is derived from the run's scheduled time, never from
 * the clock, so a run that starts late (worker down, retry, promoted by hand) still closes the
 * month it was planned for.
 */
export function periodForScheduledRun(scheduledMs: number, zone: string): Period {
  if (!Number.isFinite(scheduledMs)) throw new Error(`scheduled time must be epoch milliseconds: ${scheduledMs}`);
  return previousPeriod(periodOf(scheduledMs, zone));
}
