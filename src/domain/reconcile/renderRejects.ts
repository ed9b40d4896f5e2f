import { errorFamilyOf } from '../errorFamilies';
import { renderCsv } from '../statements/csvFormat';
import { compareText } from '../text/compareText';

/** One input row (or cell) that could not be read (DOMAIN §8). */
export interface RejectRow {
  file: string;
  line: number;
  column: string;
  value: string;
  code: string;
  message: string;
}

/** `error_code`: the platform's error family of `code` (errorFamilyOf, docs/error-codes.md). */
export const REJECTS_CSV_HEADER = ['file', 'line', 'column', 'value', 'code', 'error_code', 'message'] as const;

/**
 * rejects.csv beside a run: every unreadable row with what a person needs to fix it. The raw
 * value is shown exactly as delivered, apart from the formula escape every text cell gets
 * (a plain number such as -50.00 is not escaped: no spreadsheet runs it). Sorted by file, line,
 * column, code for stable bytes.
 */
export function renderRejectsCsv(rows: readonly RejectRow[]): string {
  const sorted = [...rows].sort(
    (a, b) => compareText(a.file, b.file) || a.line - b.line || compareText(a.column, b.column) || compareText(a.code, b.code) ||
      compareText(a.value, b.value) || compareText(a.message, b.message),
  );
  return renderCsv(REJECTS_CSV_HEADER, sorted.map((r) => [r.file, r.line, r.column, r.value, r.code, errorFamilyOf(r.code), r.message]));
}
