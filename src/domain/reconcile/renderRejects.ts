import { errorFamilyOf } from '../errorFamilies';
import { isPlainNumber, renderCsv, type CsvCell } from '../statements/csvFormat';
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
 * value is delivered data: escaped as text (never run as a formula), unless it is a plain number.
 * Sorted by
 * file, line, column, code for stable bytes.
 */
export function renderRejectsCsv(rows: readonly RejectRow[]): string {
  const sorted = [...rows].sort(
    (a, b) => compareText(a.file, b.file) || a.line - b.line || compareText(a.column, b.column) || compareText(a.code, b.code) ||
      compareText(a.value, b.value) || compareText(a.message, b.message),
  );
  // A raw value that is a plain number (-50.00) is written as one: no spreadsheet runs it, and an
  // apostrophe in front of it would only confuse the reader.
  const value = (v: string): CsvCell => (isPlainNumber(v) ? { amount: v } : v);
  return renderCsv(REJECTS_CSV_HEADER, sorted.map((r) => [r.file, r.line, r.column, value(r.value), r.code, errorFamilyOf(r.code), r.message]));
}
