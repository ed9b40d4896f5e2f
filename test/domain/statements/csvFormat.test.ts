import { describe, expect, it } from 'vitest';
import { escapeTextCell, renderCsv } from '../../../src/domain/statements/csvFormat';

describe('CSV output for spreadsheets', () => {
  it('escapes text cells that a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(escapeTextCell(`${start}1+1`).replace(/^"/, '')).toMatch(/^'/);
    expect(escapeTextCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(escapeTextCell('plain')).toBe('plain');
  });

  it('writes amounts as plain numbers, unescaped, and text with RFC 4180 quoting, BOM and CRLF', () => {
    const csv = renderCsv(['name', 'amount'], [['Acme, "Ltd"', { amount: '-12.30' }], ['-5', { amount: '0.00' }]]);
    expect(csv).toBe('\uFEFFname,amount\r\n"Acme, ""Ltd""",-12.30\r\n\'-5,0.00\r\n');
  });

  it('refuses an amount cell that is not a plain number', () => {
    expect(() => renderCsv(['a'], [[{ amount: '=1+1' }]])).toThrow(/not a plain number/);
  });
});
