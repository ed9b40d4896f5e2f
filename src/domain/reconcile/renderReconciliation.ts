import { renderCsv, renderJson, type CsvCell } from '../statements/csvFormat';
import { isPlainNumber } from '../statements/formulaEscape';
import { compareChecks, STATUS_ORDER, summariseChecks, type CheckResult } from './checkResult';

export interface ReconciliationReport {
  period: string;
  revision: number;
  checks: readonly CheckResult[];
}

/** `note` holds what a figure column cannot: text such as "a provider summary row" or "≤ 1000.00". */
export const RECONCILIATION_CSV_HEADER = ['check', 'status', 'subject', 'expected', 'actual', 'difference', 'records', 'note'] as const;

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

const FIGURES = ['expected', 'actual', 'difference'] as const;

/**
 * reconciliation.csv: one row per check, failures first (fail, warn, ok; then the JSON's order),
 * records `;`-joined; UTF-8 with BOM, formula-safe. The figure columns hold numbers only, so a
 * spreadsheet can sum and filter them; a figure that is text goes to `note` as `expected: …`.
 */
export function renderReconciliationCsv(report: ReconciliationReport): string {
  const checks = ordered(report.checks).sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  const rows = checks.map((c): CsvCell[] => {
    const numeric = (text: string): CsvCell => (isPlainNumber(text) ? { amount: text } : '');
    const note = FIGURES.filter((f) => c[f] !== '' && !isPlainNumber(c[f])).map((f) => `${f}: ${c[f]}`).join('; ');
    return [c.check, c.status, c.subject, numeric(c.expected), numeric(c.actual), numeric(c.difference), c.records.join(';'), note];
  });
  return renderCsv(RECONCILIATION_CSV_HEADER, rows);
}
