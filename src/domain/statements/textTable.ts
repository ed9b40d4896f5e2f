/** Combining marks and invisible format characters take no column (an accent on the letter before it). */
const ZERO_WIDTH = /[\p{Mn}\p{Me}\u200b-\u200f\u2060-\u2064\ufeff]/u;

/**
 * Display width of text in a monospaced view (UAX #11, as terminals draw it): East Asian wide
 * and fullwidth characters and emoji take two columns, combining marks and zero-width
 * characters none, everything else one.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x300) { width += 1; continue; }
    if (ZERO_WIDTH.test(ch)) continue;
    const wide = (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x1f300 && code <= 0x1f64f) || (code >= 0x1f680 && code <= 0x1f6ff) || (code >= 0x1f900 && code <= 0x1faff) ||
      (code >= 0x20000 && code <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

/** Control characters (newlines, tabs, escapes) would break the layout or a terminal; shown as spaces. */
export function plainText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

/**
 * Lays out rows as aligned columns for statement.txt; columns listed in `rightAligned`
 * (amounts, counts) are right-aligned so that decimal points line up.
 */
export function renderTextTable(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string[] {
  const cells = [header, ...rows].map((r) => r.map(plainText));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ''))));
  const lines = cells.map((r) => `  ${r.map((c, i) => pad(c, widths[i]!, rightAligned.has(i))).join('  ')}`.trimEnd());
  const rule = `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`;
  return [lines[0]!, rule, ...lines.slice(1)];
}
