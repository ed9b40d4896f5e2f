import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeTextCell, renderCsv, startsLikeFormula, unescapeTextCell } from '../../../src/domain/statements/csvFormat';

/** What a spreadsheet might skip before it reads a cell's first character. */
const INVISIBLE = [' ', '\u00A0', '\u3000', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u180E', '\u0000', '\u001F', '\u202E'];
/** Characters that are, or NFKC-normalise to, a formula start. */
const FORMULA_STARTS = ['=', '+', '-', '@', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫', '⁼', '₊'];

describe('CSV output for spreadsheets', () => {
  it('escapes text cells that a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r', '\n']) expect(escapeTextCell(`${start}1+1`).replace(/^"/, '')).toMatch(/^'/);
    expect(escapeTextCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(escapeTextCell('plain')).toBe('plain');
  });

  it('escapes full-width and small look-alikes of = + - @ (they normalise to the ASCII ones)', () => {
    for (const start of ['＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫']) expect(escapeTextCell(`${start}SUM(A1)`)).toBe(`'${start}SUM(A1)`);
  });

  it('escapes a formula hidden behind leading spaces, zero-width, joiner, BOM, soft-hyphen or control characters', () => {
    for (const hidden of INVISIBLE) expect(escapeTextCell(`${hidden}=1+1`), JSON.stringify(hidden)).toBe(`'${hidden}=1+1`);
    expect(escapeTextCell('\u200B\u2060\uFEFF ＠cmd')).toBe("'\u200B\u2060\uFEFF ＠cmd");
  });

  it('leaves text alone whose first visible character is not a formula start', () => {
    for (const text of ['P-001', '华东云汇', '\u200BP-001', ' a=b', 'a-b', '', '\u200B', '−1 (U+2212 is not NFKC -)']) {
      expect(escapeTextCell(text)).toBe(text);
    }
  });

  it('escapes every cell whose first visible character is a formula start (property)', () => {
    const prefix = fc.array(fc.constantFrom(...INVISIBLE), { maxLength: 4 }).map((a) => a.join(''));
    fc.assert(fc.property(prefix, fc.constantFrom(...FORMULA_STARTS), fc.string({ maxLength: 20 }), (hidden, start, rest) => {
      expect(escapeTextCell(`${hidden}${start}${rest}`).replace(/^"/, '')).toMatch(/^'/);
    }));
  });

  it('unescaping an escaped cell gives the text back, apostrophes of its own included (property)', () => {
    const pieces = fc.constantFrom("'", '=', '＋', '\u200B', ' ', 'a', '1', '\t');
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.array(pieces, { maxLength: 6 }).map((a) => a.join('')));
    fc.assert(fc.property(text, (t) => {
      const escaped = startsLikeFormula(t) || /^'+/.test(t) && startsLikeFormula(t.replace(/^'+/, '')) ? `'${t}` : t;
      expect(escapeTextCell(t).replace(/^"([^]*)"$/, '$1').replace(/""/g, '"')).toBe(escaped);
      expect(unescapeTextCell(escaped)).toBe(t);
    }));
    expect(escapeTextCell("'=1")).toBe("''=1");
    expect(unescapeTextCell("''=1")).toBe("'=1");
    expect(unescapeTextCell("'x")).toBe("'x");
  });

  it('never lets an escaped cell reach a spreadsheet with a formula start as its first visible character (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (text) => {
      const cell = escapeTextCell(text).replace(/^"/, '');
      expect(startsLikeFormula(cell)).toBe(false);
    }));
  });

  it('writes amounts as plain numbers, unescaped, and text with RFC 4180 quoting, BOM and CRLF', () => {
    const csv = renderCsv(['name', 'amount'], [['Acme, "Ltd"', { amount: '-12.30' }], ['-5', { amount: '0.00' }], ['＝1', { amount: '-0.01' }]]);
    expect(csv).toBe('\uFEFFname,amount\r\n"Acme, ""Ltd""",-12.30\r\n\'-5,0.00\r\n\'＝1,-0.01\r\n');
  });

  it('refuses an amount cell that is not a plain number', () => {
    expect(() => renderCsv(['a'], [[{ amount: '=1+1' }]])).toThrow(/not a plain number/);
  });
});
