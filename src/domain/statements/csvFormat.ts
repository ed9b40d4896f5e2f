/**
 * CSV output for people who open files in spreadsheet programs: UTF-8 with BOM (Chinese
 * text intact), CRLF, RFC 4180 quoting, and text cells that a spreadsheet would run as a
 * formula escaped with a leading apostrophe (see startsLikeFormula). Amount cells are written
 * as plain numbers and never escaped, so "-12.30" stays a number.
 */

export const UTF8_BOM = '\uFEFF';

/** A cell: `{ amount }` for numeric money/count cells (never escaped), a string for text. */
export type CsvCell = string | { amount: string } | number | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
/** Characters a spreadsheet shows as nothing (spaces, zero-width and joiner characters, BOM, soft hyphen, controls): skipped to find what it really sees first. */
const LEADING_INVISIBLE = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]+/u;
const FORMULA_CHARACTERS = '=+-@';

/**
 * True when a spreadsheet could take the text for a formula: it starts with tab, CR or LF, or
 * its first visible character, NFKC-normalised, is = + - or @ (so "＝1+1", "﹣1", "\u200B=1"
 * and " @SUM(A1)" count as well as "=1+1").
 */
export function startsLikeFormula(text: string): boolean {
  const first = text.charCodeAt(0);
  // Fast path: most cells start with a visible ASCII character.
  if (first > 0x20 && first < 0x7f) return FORMULA_CHARACTERS.includes(text[0]!);
  if (first === 0x09 || first === 0x0d || first === 0x0a) return true;
  const skipped = LEADING_INVISIBLE.exec(text)?.[0].length ?? 0;
  const visible = text.codePointAt(skipped);
  if (visible === undefined) return false;
  const normalised = String.fromCodePoint(visible).normalize('NFKC');
  return normalised !== '' && FORMULA_CHARACTERS.includes(normalised[0]!);
}

/**
 * True when a text cell gets the apostrophe: it starts like a formula, or it is such a text
 * behind apostrophes of its own ("'=1"), so that unescapeTextCell can tell the two apart.
 */
function needsEscape(text: string): boolean {
  let i = 0;
  while (text.charCodeAt(i) === 39) i++;
  return startsLikeFormula(i === 0 ? text : text.slice(i));
}

/** Escapes one text cell against formula injection, then quotes it if needed. */
export function escapeTextCell(text: string): string {
  const safe = needsEscape(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Undoes escapeTextCell's apostrophe (the CSV quoting is undone by the reader): unescapeTextCell(escaped) is the text. */
export function unescapeTextCell(cell: string): string {
  return cell.charCodeAt(0) === 39 && needsEscape(cell.slice(1)) ? cell.slice(1) : cell;
}

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** True for text an `{ amount }` cell accepts: digits, an optional minus and fraction, nothing else. */
export function isPlainNumber(text: string): boolean {
  return PLAIN_NUMBER.test(text);
}

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
