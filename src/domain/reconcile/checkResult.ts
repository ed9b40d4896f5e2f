import { compareText } from '../text/compareText';

/**
 * One line of the reconciliation report (DOMAIN §7): a stable check code, its outcome, what
 * was compared, and the ids of the records behind it. Amounts are strings (2 dp or exact);
 * a field that does not apply is the empty string.
 */
export interface CheckResult {
  check: string;
  status: CheckStatus;
  subject: string;
  expected: string;
  actual: string;
  difference: string;
  records: string[];
}

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** The order a person reads checks in, failures first (reconciliation.csv, a close's digest). */
export const STATUS_ORDER: Readonly<Record<CheckStatus, number>> = { fail: 0, warn: 1, ok: 2 };

/** Check codes of DOMAIN §7 (ingest, partner bills, settlements); each appears in every report. */
export const CLOSE_CHECK_CODES = [
  'bill.provider_summary',
  'incentive.cap',
  'incentive.performance',
  'incentive.tier',
  'ingest.conflict',
  'ingest.count',
  'record.association',
  'record.identity.official',
  'record.identity.payable',
  'record.late',
  'record.period',
  'refund.excess',
  'refund.five_day',
  'refund.original_ratio',
  'refund.unmatched',
  'split.conservation',
  'statement.sum',
] as const;

/** Subject of the placeholder row of a check that had nothing to look at. */
export const NOTHING_TO_CHECK = 'nothing to check';

/** Report order: check, subject, records, then the rest, so the bytes never depend on input order. */
export function compareChecks(a: CheckResult, b: CheckResult): number {
  return (
    compareText(a.check, b.check) ||
    compareText(a.subject, b.subject) ||
    compareText(a.records.join('\u0000'), b.records.join('\u0000')) ||
    compareText(a.status, b.status) ||
    compareText(a.expected, b.expected) ||
    compareText(a.actual, b.actual) ||
    compareText(a.difference, b.difference)
  );
}

/** A row; `records` are copied and sorted. */
export function checkRow(
  check: string,
  status: CheckStatus,
  subject: string,
  fields: { expected?: string; actual?: string; difference?: string; records?: readonly string[] } = {},
): CheckResult {
  return {
    check,
    status,
    subject,
    expected: fields.expected ?? '',
    actual: fields.actual ?? '',
    difference: fields.difference ?? '',
    records: [...(fields.records ?? [])].sort(compareText),
  };
}

/**
 * The final list of a report: sorted, with one 'ok' row added for every listed check code
 * that produced no row at all, so a reader sees that the check ran.
 */
export function completeChecks(checks: readonly CheckResult[], codes: readonly string[] = CLOSE_CHECK_CODES): CheckResult[] {
  const present = new Set(checks.map((c) => c.check));
  const all = [...checks];
  for (const code of codes) if (!present.has(code)) all.push(checkRow(code, 'ok', NOTHING_TO_CHECK));
  return all.sort(compareChecks);
}

/** Counts per status, for the report's summary. */
export function summariseChecks(checks: readonly CheckResult[]): { ok: number; warn: number; fail: number } {
  const summary = { ok: 0, warn: 0, fail: 0 };
  for (const c of checks) summary[c.status] += 1;
  return summary;
}
