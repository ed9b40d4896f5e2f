import { createHash } from 'node:crypto';
import { TextDecoder } from 'node:util';
import { isSystemError } from './CsvFileError';
import { isZlibError, openFileText } from './openFileText';

export interface FileFingerprint {
  sha256: string;
  bytes: number;
  /** Set when the bytes are not valid UTF-8: where the first bad byte is. */
  invalidUtf8?: { line: number; byteOffset: number };
  /**
   * Set when the bytes hold a NUL (U+0000): where the first one is. No text CSV has one (a
   * UTF-16 file has one in every ASCII character), and a text column of PostgreSQL cannot store it.
   */
  nulByte?: { line: number; byteOffset: number };
  /** Set when the system would not let the file be read to its end (the hash is then of what was read). */
  readError?: Error;
}

/**
 * One streaming pass over a file's text (a `.gz` file gunzipped, openFileText): its SHA-256,
 * whether it is valid UTF-8 (a fatal
 * TextDecoder in streaming mode, so a character split across chunks is fine) and whether it
 * holds a NUL byte. Only when a check fails is the file read again, to find the line.
 */
export async function fingerprintFile(path: string): Promise<FileFingerprint> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let utf8Ok = true;
  let nulAt = -1;
  try {
    for await (const chunk of openFileText(path, { highWaterMark: 1 << 20 }).stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      const nul = nulAt === -1 ? chunk.indexOf(0) : -1; // memchr: next to nothing beside the hash
      if (nul !== -1) nulAt = bytes + nul;
      bytes += chunk.length;
      if (utf8Ok) utf8Ok = decodes(decoder, chunk, false);
    }
  } catch (error) {
    // The file fails alone (file.read); the delivery's other files go on.
    if (isSystemError(error) || isZlibError(error)) return { sha256: hash.digest('hex'), bytes, readError: error };
    throw error;
  }
  if (utf8Ok) utf8Ok = decodes(decoder, new Uint8Array(0), true);
  const sha256 = hash.digest('hex');
  if (!utf8Ok) return { sha256, bytes, invalidUtf8: await locateInvalidUtf8(path) };
  if (nulAt !== -1) return { sha256, bytes, nulByte: { line: await lineAt(path, nulAt), byteOffset: nulAt } };
  return { sha256, bytes };
}

/** The line (1-based) the byte at `offset` is on. */
async function lineAt(path: string, offset: number): Promise<number> {
  let line = 1;
  let start = 0;
  for await (const chunk of openFileText(path, { highWaterMark: 1 << 20 }).stream as AsyncIterable<Buffer>) {
    const end = Math.min(chunk.length, offset - start);
    for (let i = chunk.indexOf(10); i !== -1 && i < end; i = chunk.indexOf(10, i + 1)) line++;
    start += chunk.length;
    if (start >= offset) break;
  }
  return line;
}

function decodes(decoder: TextDecoder, chunk: Uint8Array, last: boolean): boolean {
  try {
    decoder.decode(chunk, { stream: !last });
    return true;
  } catch {
    return false;
  }
}

/** Byte offset and line (1-based) of the first byte that does not start or continue a valid UTF-8 character. */
async function locateInvalidUtf8(path: string): Promise<{ line: number; byteOffset: number }> {
  let line = 1;
  let offset = 0;
  let need = 0; // continuation bytes still expected
  let start = 0; // offset of the current character's first byte
  for await (const chunk of openFileText(path, { highWaterMark: 1 << 20 }).stream as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++, offset++) {
      const b = chunk[i]!;
      if (need > 0) {
        if ((b & 0xc0) !== 0x80) return { line, byteOffset: start };
        need--;
        continue;
      }
      start = offset;
      if (b === 0x0a) line++;
      if (b < 0x80) continue;
      if (b >= 0xc2 && b <= 0xdf) need = 1;
      else if (b >= 0xe0 && b <= 0xef) need = 2;
      else if (b >= 0xf0 && b <= 0xf4) need = 3;
      else return { line, byteOffset: offset };
    }
  }
  return { line, byteOffset: need > 0 ? start : offset };
}
