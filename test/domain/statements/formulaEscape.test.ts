import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderRejectsCsv } from '../../../src/domain/reconcile/renderRejects';
import { renderCsv } from '../../../src/domain/statements/csvFormat';
import { escapeFormula, isPlainNumber, runsAsFormula, startsLikeFormula, unescapeTextCell } from '../../../src/domain/statements/formulaEscape';

/** What a spreadsheet might skip before it reads a cell's first character. */
const INVISIBLE = [' ', '\u00A0', '\u3000', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u180E', '\u0000', '\u001F', '\u202E'];
/** Characters that are, or NFKC-normalise to, a formula start. */
const FORMULA_STARTS = ['=', '+', '-', '@', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫', '⁼', '₊'];

const plainNumber = fc.tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{1,12}$/), fc.option(fc.stringMatching(/^\d{1,8}$/), { nil: undefined }))
  .map(([sign, int, fraction]) => `${sign}${int}${fraction === undefined ? '' : `.${fraction}`}`);
/** Text a spreadsheet would run: tab, CR or LF first, or a formula start (maybe behind invisible characters); then anything; not a plain number. */
const formula = fc.oneof(
  fc.tuple(fc.constantFrom('\t', '\r', '\n'), fc.string({ maxLength: 12 })).map(([start, rest]) => `${start}${rest}`),
  fc.tuple(
    fc.array(fc.constantFrom(...INVISIBLE), { maxLength: 3 }).map((a) => a.join('')),
    fc.constantFrom(...FORMULA_STARTS),
    fc.string({ maxLength: 12 }),
  ).map(([hidden, start, rest]) => `${hidden}${start}${rest}`),
).filter((t) => !isPlainNumber(t));
/** Text whose first visible character is not a formula start. */
const harmless = fc.tuple(fc.constantFrom('a', 'P', '7', '华', '(', '\u2212', '#'), fc.string({ maxLength: 12 })).map(([first, rest]) => `${first}${rest}`);
const apostrophes = fc.integer({ min: 0, max: 3 }).map((n) => "'".repeat(n));
/** Anything a cell may hold, the look-alikes and apostrophes included. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.array(fc.constantFrom("'", '=', '＋', '-', '\u200B', ' ', 'a', '1', '.', '\t'), { maxLength: 6 }).map((a) => a.join('')),
  plainNumber, formula, harmless,
);

describe('the formula escape (docs/outputs.md, "Formula escape")', () => {
  it('escapes exactly the documented examples', () => {
    expect(escapeFormula('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(escapeFormula('-50.00')).toBe('-50.00');
    expect(escapeFormula('+3')).toBe('+3');
    expect(escapeFormula('@x')).toBe("'@x");
    expect(escapeFormula('-1+2')).toBe("'-1+2");
    expect(escapeFormula('-5e1')).toBe("'-5e1");
    expect(escapeFormula('\t5')).toBe("'\t5");
    expect(escapeFormula('\r-1')).toBe("'\r-1");
    expect(escapeFormula('＝HYPERLINK("x")')).toBe('\'＝HYPERLINK("x")');
    expect(escapeFormula('\u200B=1+1')).toBe("'\u200B=1+1");
    expect(escapeFormula("'=1")).toBe("''=1");
    expect(escapeFormula("'-50.00")).toBe("'-50.00");
    for (const text of ['P-001', '华东云汇', ' a=b', 'a-b', '', '\u200B', '−1 (U+2212 is not NFKC -)', '12.30']) expect(escapeFormula(text)).toBe(text);
  });

  it('a plain number is an optional sign, digits and an optional fraction, nothing else', () => {
    for (const text of ['0', '-50.00', '+3', '7.25', '-0.0000008']) expect(isPlainNumber(text), text).toBe(true);
    for (const text of ['', '-', '+-1', '1.', '.5', '-.5', '1e5', '1,000', ' 1', '1 ', '−1', '－1', '١']) expect(isPlainNumber(text), text).toBe(false);
  });

  it('escapes every text a spreadsheet would run (property)', () => {
    fc.assert(fc.property(formula, (text) => {
      expect(runsAsFormula(text)).toBe(true);
      expect(escapeFormula(text)).toBe(`'${text}`);
    }));
  });

  it('leaves plain numbers and text that does not start like a formula as they are (property)', () => {
    fc.assert(fc.property(fc.oneof(plainNumber, harmless), (text) => {
      expect(runsAsFormula(text)).toBe(false);
      expect(escapeFormula(text)).toBe(text);
    }));
  });

  it('escapes apostrophes of a text\'s own exactly when the text behind them is escaped (property)', () => {
    fc.assert(fc.property(apostrophes, fc.oneof(formula, plainNumber, harmless), (quotes, text) => {
      expect(escapeFormula(`'${quotes}${text}`)).toBe(runsAsFormula(text) ? `''${quotes}${text}` : `'${quotes}${text}`);
    }));
  });

  it('adds an apostrophe or nothing, and unescapeTextCell gives the text back (property)', () => {
    fc.assert(fc.property(anyText, (text) => {
      const escaped = escapeFormula(text);
      expect([text, `'${text}`]).toContain(escaped);
      expect(unescapeTextCell(escaped)).toBe(text);
    }));
  });

  it('never lets a cell reach a spreadsheet that would run it (property)', () => {
    fc.assert(fc.property(anyText, (text) => {
      const escaped = escapeFormula(text);
      expect(startsLikeFormula(escaped) && !isPlainNumber(escaped)).toBe(false);
    }));
  });
});

describe('every CSV writer applies the one rule', () => {
  const readBack = (csv: string): string[][] => parse(csv, { bom: true, relaxQuotes: false }) as string[][];

  it('renderCsv: a text cell read back through the reader and unescapeTextCell is the text (property)', () => {
    fc.assert(fc.property(fc.array(anyText, { minLength: 1, maxLength: 5 }), (cells) => {
      const [header, row] = readBack(renderCsv(cells.map((_, i) => `c${i}`), [cells]));
      expect(header).toEqual(cells.map((_, i) => `c${i}`));
      expect(row!.map((cell, i) => [cell, unescapeTextCell(cell)])).toEqual(cells.map((text) => [escapeFormula(text), text]));
    }));
  });

  it('rejects.csv shows the raw value as delivered, escaped only where a spreadsheet would run it (property)', () => {
    fc.assert(fc.property(anyText, (value) => {
      const [, row] = readBack(renderRejectsCsv([{ file: 'adjustments.csv', line: 4, column: 'amount', value, code: 'row.rule', message: 'must be more than 0' }]));
      expect(row![3]).toBe(escapeFormula(value));
      expect(unescapeTextCell(row![3]!)).toBe(value);
    }));
    const csv = renderRejectsCsv(['-50.00', '+3', '=SUM(A1)', '@x'].map((value, i) => ({ file: 'a.csv', line: i + 2, column: 'amount', value, code: 'row.amount', message: 'x' })));
    expect(readBack(csv).slice(1).map((r) => r[3])).toEqual(['-50.00', '+3', "'=SUM(A1)", "'@x"]);
  });
});
