import { periodBounds } from '../period/period';

/**
 * Answers periodOf(tradeTimeMs, zone) === billCycle with a cached half-open bounds check, so
 * that a million records do not each format a date in the billing zone.
 */
export class PeriodMatcher {
  private readonly bounds = new Map<string, { startMs: number; endMs: number }>();

  constructor(private readonly zone: string) {}

  matches(billCycle: string, instantMs: number): boolean {
    let b = this.bounds.get(billCycle);
    if (b === undefined) {
      b = periodBounds(billCycle, this.zone);
      this.bounds.set(billCycle, b);
    }
    return instantMs >= b.startMs && instantMs < b.endMs;
  }
}
