import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safePathSegment } from '../../../src/domain/statements/safePathSegment';

describe('safePathSegment: ids become one harmless folder name', () => {
  it('keeps plain ids and encodes everything else', () => {
    expect(safePathSegment('P-001_a')).toBe('P-001_a');
    expect(safePathSegment('../etc/passwd')).toBe('~2e~2e~2fetc~2fpasswd');
    expect(safePathSegment('a\\b')).toBe('a~5cb');
    expect(safePathSegment('伙伴')).toBe('~e4~bc~99~e4~bc~b4');
    expect(() => safePathSegment('')).toThrow(/empty id/);
  });

  it('never yields a separator, a dot-only name or a collision (property)', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 64 }), fc.string({ minLength: 1, maxLength: 64 }), (a, b) => {
      const sa = safePathSegment(a);
      expect(sa).toMatch(/^[A-Za-z0-9_~-]+$/);
      if (a !== b) expect(sa).not.toBe(safePathSegment(b));
    }));
  });
});
