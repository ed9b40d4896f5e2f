import { checkRow, type CheckResult } from './checkResult';

/**
 * `record.late`: records of closed periods that arrived after their revision and are booked in
 * this close as prior-period corrections (DOMAIN §3), one row per original period and kind, so
 * that none goes unseen. A warning: the figures are right, but someone should know they came late.
 */
export function lateRecordChecks(period: string, bookings: readonly { kind: string; recordId: string; billCycle: string }[]): CheckResult[] {
  const groups = new Map<string, string[]>();
  for (const b of bookings) {
    const key = `${b.billCycle} ${b.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), b.recordId]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, ids]) => {
    const [original, kind] = key.split(' ') as [string, string];
    return checkRow('record.late', 'warn', `${original} ${kind}`, {
      expected: `in the close of ${original}`,
      actual: `${ids.length} arrived after ${original} was closed; booked in ${period} as prior-period corrections`,
      records: ids,
    });
  });
}
