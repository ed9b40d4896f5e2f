import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintFile } from '../../src/adapters/csv/fingerprintFile';
import { makeTempDir } from '../helpers/tempDir';

const temp = makeTempDir('fingerprint-nul');
afterAll(() => temp.cleanup());

describe('fingerprintFile and NUL bytes', () => {
  it('finds the first NUL byte with its line, also past the first 1 MiB read chunk', () => {
    // Proves: the offset and line of a NUL are exact across read chunks (1 MiB each), so the file.encoding message points at it.
    const line = 'a,b,c\n';
    const lines = Math.ceil((1.5 * (1 << 20)) / line.length);
    const bytes = Buffer.from(line.repeat(lines));
    const offset = (lines - 10) * line.length + 2;
    bytes[offset] = 0;
    bytes[offset + 2] = 0;
    const path = join(temp.dir, 'nul.csv');
    writeFileSync(path, bytes);
    return fingerprintFile(path).then((fp) => {
      expect(fp.nulByte).toEqual({ line: lines - 9, byteOffset: offset });
      expect(fp.invalidUtf8).toBeUndefined();
      expect(fp.bytes).toBe(bytes.length);
    });
  });

  it('reports a UTF-16 file without BOM (NUL in every ASCII character) on line 1, and nothing for a clean file', async () => {
    // Proves: a UTF-16 delivery, valid UTF-8 byte for byte, is caught instead of being read as text with NULs.
    const utf16 = join(temp.dir, 'utf16.csv');
    writeFileSync(utf16, Buffer.from('record_id,bill_cycle\nR1,2026-10\n', 'utf16le')); // without BOM: FF FE is invalid UTF-8 already
    expect((await fingerprintFile(utf16)).nulByte).toEqual({ line: 1, byteOffset: 1 });
    const clean = join(temp.dir, 'clean.csv');
    writeFileSync(clean, 'record_id,bill_cycle\nR1,2026-10\n');
    expect((await fingerprintFile(clean)).nulByte).toBeUndefined();
  });
});
