/**
 * The formula escape of every CSV file Reckon writes (docs/outputs.md, "Formula escape"): a text
 * cell that a spreadsheet would run as a formula gets a leading apostrophe, so that the
 * spreadsheet shows it instead. One rule for every writer, undone by unescapeTextCell when Reckon
 * reads its own files back.
 */

/** Characters a spreadsheet shows as nothing (spaces, zero-width and joiner characters, BOM, soft hyphen, controls): skipped to find what it really sees first. */
const LEADING_INVISIBLE = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]+/u;
const FORMULA_CHARACTERS = '=+-@';
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
const APOSTROPHE = 39;

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

/** True for a plain number: an optional sign, digits, an optional fraction ("-50.00", "+3", "7"); a spreadsheet reads it as that number. */
export function isPlainNumber(text: string): boolean {
  return PLAIN_NUMBER.test(text);
}

/** True when a spreadsheet would run the text: it starts like a formula and is not a plain number. */
export function runsAsFormula(text: string): boolean {
  return startsLikeFormula(text) && !isPlainNumber(text);
}

/**
 * True when a text cell gets the apostrophe: it runs as a formula, or it is such a text behind
 * apostrophes of its own ("'=1"), so that unescapeTextCell can tell the two apart.
 */
function needsEscape(text: string): boolean {
  let i = 0;
  while (text.charCodeAt(i) === APOSTROPHE) i++;
  return runsAsFormula(i === 0 ? text : text.slice(i));
}

/** The formula escape: `'` in front of a text cell that needsEscape, the text itself otherwise. */
export function escapeFormula(text: string): string {
  return needsEscape(text) ? `'${text}` : text;
}

/** Undoes escapeFormula (the CSV quoting is undone by the reader): unescapeTextCell(escapeFormula(text)) is the text. */
export function unescapeTextCell(cell: string): string {
  return cell.charCodeAt(0) === APOSTROPHE && needsEscape(cell.slice(1)) ? cell.slice(1) : cell;
}
