import { stringify, type Options } from 'csv-stringify/sync';
import { escapeFormula, isPlainNumber } from './formulaEscape';

/**
 * CSV output for people who open files in spreadsheet programs: UTF-8 with BOM (Chinese
 * text intact), CRLF, RFC 4180 quoting (csv-stringify), and text cells that a spreadsheet would
 * run as a formula escaped with a leading apostrophe (escapeFormula). Amount cells are written
 * as plain numbers and never escaped, so "-12.30" stays a number.
 */

export const UTF8_BOM = '\uFEFF';

/** A cell: `{ amount }` for numeric money/count cells (never escaped), a string for text. */
export type CsvCell = string | { amount: string } | number | undefined;

function amountText(cell: { amount: string }): string {
  if (!isPlainNumber(cell.amount)) throw new Error(`not a plain number: ${cell.amount}`);
  return cell.amount;
}

/**
 * Quoting only where RFC 4180 needs it (`,`, `"`, CR or LF in the cell: quote_record_delimiter
 * also quotes a lone CR or LF, not only CRLF), the formula escape on every text cell (header
 * included), `{ amount }` as its number; numbers as String() writes them, undefined empty.
 */
const CSV_OPTIONS: Options = {
  record_delimiter: '\r\n',
  quote_record_delimiter: true,
  cast: { string: escapeFormula, object: (cell) => amountText(cell as { amount: string }) },
};

/** Rows without header or BOM, each ended by CRLF: for files written a chunk of rows at a time. */
export function renderCsvRows(rows: readonly (readonly CsvCell[])[]): string {
  return rows.length === 0 ? '' : stringify(rows as CsvCell[][], CSV_OPTIONS);
}

/** Renders a whole CSV file (BOM + header + rows, CRLF line ends, trailing CRLF). */
export function renderCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return `${UTF8_BOM}${renderCsvRows([header, ...rows])}`;
}

/** Deterministic JSON: 2-space indent, trailing newline. Callers build objects with a fixed key order. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
