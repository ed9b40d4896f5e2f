import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeId, MAX_SEGMENT_BYTES, safePathSegment } from '../../../src/domain/statements/safePathSegment';

const hash16 = (id: string) => createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 16);
/** Windows device names (with the superscript digits Windows also reserves), with or without an extension. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** Every property a folder name must have, whatever the id. */
function expectSafe(segment: string): void {
  expect(Buffer.byteLength(segment, 'utf8')).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
  expect(MAX_SEGMENT_BYTES).toBeLessThanOrEqual(255);
  expect(segment).toMatch(/^[A-Za-z0-9_~-]+$/);
  expect(segment).not.toMatch(/^\.{1,2}$/);
  expect(segment).not.toMatch(WINDOWS_DEVICE);
}

/** Ids the contract accepts: up to 64 code points of anything (ASCII, astral, emoji, CJK, combining marks). */
const anyId = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }).filter((s) => [...s].length <= 64),
  fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', '-', '.', '~', '伙', '😀', 'e\u0301'), minLength: 1, maxLength: 32 }),
  fc.constantFrom('CON', 'con', 'Nul', 'com1', 'LPT9', 'CON.txt', 'aux.json', '.', '..', 'P-001'),
);

/** An id and the same id with some letters' case flipped. */
const caseVariants = anyId.chain((id) => fc.array(fc.boolean(), { minLength: id.length, maxLength: id.length }).map((flip) => {
  const variant = [...id].map((ch, i) => (flip[i] ? (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase()) : ch)).join('');
  return [id, variant] as const;
}));

describe('safePathSegment: ids become one harmless folder name', () => {
  it('keeps the names of upper-case ids (existing statements keep their paths) and escapes other characters', () => {
    for (const id of ['P-001', 'M-ALPHA', 'P-S02', 'S-DI', 'BP-R001', 'P_1']) expect(safePathSegment(id)).toBe(id);
    expect(safePathSegment('../ETC/PASSWD')).toBe('~2e~2e~2fETC~2fPASSWD');
    expect(safePathSegment('A\\B')).toBe('A~5cB');
    expect(safePathSegment('伙伴')).toBe('~e4~bc~99~e4~bc~b4');
    expect(() => safePathSegment('')).toThrow(/empty id/);
  });

  it('adds a hash of the real id to ids with lower-case letters, so P1 and p1 never share a folder on macOS or Windows', () => {
    expect(safePathSegment('p-001_a')).toBe(`p-001_a~~${hash16('p-001_a')}`);
    expect(safePathSegment('../etc')).toBe(`~2e~2e~2fetc~~${hash16('../etc')}`);
    expect(safePathSegment('Acme').toLowerCase()).not.toBe(safePathSegment('ACME').toLowerCase());
    expect(safePathSegment('Acme').toLowerCase()).not.toBe(safePathSegment('acme').toLowerCase());
  });

  it('never names a Windows device: CON, nul, COM1, LPT9 … get a hash', () => {
    for (const id of ['CON', 'PRN', 'AUX', 'NUL', 'COM1', 'COM9', 'LPT1', 'LPT9', 'con', 'Com1']) {
      expect(safePathSegment(id)).toBe(`${escapeId(id)}~~${hash16(id)}`);
    }
    expect(safePathSegment('CON.TXT')).toBe('CON~2eTXT'); // the dot is escaped: not a device name
    expect(safePathSegment('CONSOLE')).toBe('CONSOLE');
  });

  it('cuts long escaped ids between characters and adds the hash: 29 CJK characters, 32 emoji, 64 CJK characters', () => {
    const cases = ['伙'.repeat(29), '😀'.repeat(32), '商'.repeat(64), '𝒜'.repeat(64)];
    for (const id of cases) {
      const segment = safePathSegment(id);
      expectSafe(segment);
      expect(segment.endsWith(`~~${hash16(id)}`)).toBe(true);
      const prefix = segment.slice(0, -18);
      expect(escapeId(id).startsWith(prefix)).toBe(true);
      expect(prefix.length % escapeId([...id][0]!).length).toBe(0); // whole characters only
      expect(prefix.length).toBeGreaterThan(150); // as readable as room allows
    }
    expect(escapeId('伙'.repeat(29)).length).toBe(261); // the name that failed with ENAMETOOLONG
  });

  it('gives every accepted id a short, safe name: only [A-Za-z0-9_~-], not . or .., not a device (property)', () => {
    fc.assert(fc.property(anyId, (id) => expectSafe(safePathSegment(id))), { numRuns: 2000 });
  });

  it('is one-to-one even on case-insensitive file systems: distinct ids, case variants included, never share a folder (property)', () => {
    fc.assert(fc.property(caseVariants, anyId, ([id, variant], other) => {
      for (const [a, b] of [[id, variant], [id, other], [variant, other]] as const) {
        if (a !== b) expect(safePathSegment(a).toLowerCase()).not.toBe(safePathSegment(b).toLowerCase());
      }
    }), { numRuns: 2000 });
  });

  it('escapeId stays reversible and case-sensitive for keys (job ids): every other character becomes ~ + hex bytes', () => {
    expect(escapeId('reference/partners.csv')).toBe('reference~2fpartners~2ecsv');
    fc.assert(fc.property(anyId, anyId, (a, b) => {
      expect(escapeId(a)).toMatch(/^[A-Za-z0-9_~-]+$/);
      if (a !== b) expect(escapeId(a)).not.toBe(escapeId(b));
    }));
  });
});
