import { DEFAULT_BILLING_ZONE, periodOf } from '../period/period';
import type { CheckResult } from './checkResult';
import { recordFindingChecks, type FileFindings, type RecordFinding } from './recordFindingChecks';

/**
 * DOMAIN §3: a record whose trade_time (in the billing zone) falls outside its bill_cycle is
 * reported, not rejected. `expected` is the bill_cycle, `actual` the trade time's period.
 */
export function findPeriodMismatch(
  record: { recordId: string; billCycle: string; tradeTimeMs: number },
  zone: string = DEFAULT_BILLING_ZONE,
): RecordFinding | undefined {
  const tradePeriod = periodOf(record.tradeTimeMs, zone);
  return tradePeriod === record.billCycle ? undefined : { recordId: record.recordId, expected: record.billCycle, actual: tradePeriod };
}

/** `record.period` rows: a warn per record, else one ok per file. */
export function recordPeriodChecks(files: readonly FileFindings[]): CheckResult[] {
  return recordFindingChecks('record.period', 'warn', files);
}
