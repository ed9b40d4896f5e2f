import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth, renderTextTable } from '../../../src/domain/statements/textTable';

describe('aligned text views', () => {
  it('measure wide characters as two columns, combining marks as none', () => {
    expect(displayWidth('ABC')).toBe(3);
    expect(displayWidth('华东云汇')).toBe(8);
    expect(displayWidth('（株）')).toBe(6);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('a\u200bb')).toBe(2);
    expect(displayWidth('🚀')).toBe(2);
  });

  it('line up every column whatever mix of Chinese, Latin, accents and emoji the cells hold (property)', () => {
    const piece = fc.constantFrom('A', 'x', '华', '东', '（', '）', 'é', 'e\u0301', '🚀', '1', ' ', 'ß');
    const cell = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(fc.property(fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 6 }), (rows) => {
      const lines = renderTextTable(['name', 'who', 'amount'], rows, new Set([2]));
      // Right-aligned last column: every untrimmed line ends at the same display column.
      const widths = new Set(lines.map((l) => displayWidth(l)));
      const full = Math.max(...widths);
      for (const [i, l] of lines.entries()) {
        if (i === 1) continue; // the rule line
        const row = i === 0 ? ['name', 'who', 'amount'] : rows[i - 2]!;
        if (row[2] !== '' && row[2]!.trim() === row[2]) expect(displayWidth(l)).toBe(full);
      }
    }));
  });
});
