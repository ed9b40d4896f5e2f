import { renderCsv, renderJson, type CsvCell } from '../statements/csvFormat';
import { compareChecks, summariseChecks, type CheckResult } from './checkResult';

export interface ReconciliationReport {
  period: string;
  revision: number;
  checks: readonly CheckResult[];
}

export const RECONCILIATION_CSV_HEADER = ['check', 'status', 'subject', 'expected', 'actual', 'difference', 'records'] as const;

function ordered(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort(compareChecks).map((c) => ({
    check: c.check,
    status: c.status,
    subject: c.subject,
    expected: c.expected,
    actual: c.actual,
    difference: c.difference,
    records: [...c.records],
  }));
}

/**
 * reconciliation.json (DOMAIN §6): `period`, `revision`, a `summary` of counts per status, and
 * `checks[]` in a fixed order with fixed key order, so the same checks give the same bytes.
 */
export function renderReconciliationJson(report: ReconciliationReport): string {
  const checks = ordered(report.checks);
  return renderJson({ period: report.period, revision: report.revision, summary: summariseChecks(checks), checks });
}

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** Numbers stay numbers in a spreadsheet; any other text is escaped. */
function valueCell(text: string): CsvCell {
  return PLAIN_NUMBER.test(text) ? { amount: text } : text;
}

/** reconciliation.csv: one row per check, records `;`-joined; UTF-8 with BOM, formula-safe. */
export function renderReconciliationCsv(report: ReconciliationReport): string {
  const rows = ordered(report.checks).map((c): CsvCell[] => [
    c.check, c.status, c.subject, valueCell(c.expected), valueCell(c.actual), valueCell(c.difference), c.records.join(';'),
  ]);
  return renderCsv(RECONCILIATION_CSV_HEADER, rows);
}
