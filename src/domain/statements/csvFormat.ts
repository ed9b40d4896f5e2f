/**
 * CSV output for people who open files in spreadsheet programs: UTF-8 with BOM (Chinese
 * text intact), CRLF, RFC 4180 quoting, and text cells that a spreadsheet would run as a
 * formula (leading = + - @ tab CR) escaped with a leading apostrophe. Amount cells are
 * written as plain numbers and never escaped, so "-12.30" stays a number.
 */

export const UTF8_BOM = '\uFEFF';

/** A cell: `{ amount }` for numeric money/count cells (never escaped), a string for text. */
export type CsvCell = string | { amount: string } | number | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Escapes one text cell against formula injection, then quotes it if needed. */
export function escapeTextCell(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

function formatCell(cell: CsvCell): string {
  if (cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'object') {
    if (!PLAIN_NUMBER.test(cell.amount)) throw new Error(`not a plain number: ${cell.amount}`);
    return cell.amount;
  }
  return escapeTextCell(cell);
}

/** Renders a whole CSV file (BOM + header + rows, CRLF line ends, trailing CRLF). */
export function renderCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map((h) => escapeTextCell(h)).join(',')];
  for (const row of rows) lines.push(row.map(formatCell).join(','));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

/** Deterministic JSON: 2-space indent, trailing newline. Callers build objects with a fixed key order. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
