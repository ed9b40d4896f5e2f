import { createHash } from 'node:crypto';

/**
 * The reversible part of an id's folder name: letters, digits, "_" and "-" pass through; every
 * other character (including ".", "/", "\\", "~" and non-ASCII) becomes "~" + its UTF-8 bytes
 * in lower-case hex. One-to-one and case-sensitive: fit for keys (job ids), not alone for folders.
 *
 * @example escapeId('../etc') // '~2e~2e~2fetc'
 */
export function escapeId(id: string): string {
  return escapedCharacters(id).join('');
}

/** Folder names stay well under the 255 bytes most file systems allow, leaving room for tools that append. */
export const MAX_SEGMENT_BYTES = 200;
/** `~~` never occurs in escapeId's output (its "~" is always followed by hex), so a hashed name never equals an escaped one. */
const HASH_MARK = '~~';
const HASH_HEX_DIGITS = 16;
const HAS_LOWER_CASE = /[a-z]/;
/** Windows device names, which cannot name a folder, with or without an extension. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * Turns an id (partner_id, seller_id …) into one folder name that is safe on every file system
 * the files may be copied to. It is escapeId(id) when that is usable as it is. Otherwise, when
 *  - the id has a lower-case ASCII letter (on a case-insensitive file system `p1` and `P1`
 *    would share a folder),
 *  - the name would be a Windows device (`CON`, `com1` …), or
 *  - the name would exceed MAX_SEGMENT_BYTES (29 CJK characters escape to 261 bytes),
 * it is a readable prefix of escapeId(id), cut between characters, then `~~` and the first 16
 * hex digits of the SHA-256 of the real id. Upper-case ids such as `P-001` keep their names.
 *
 * Distinct ids get distinct names even compared case-insensitively: unhashed names decode
 * uniquely (their letters are all upper case, their hex all lower case) and hashed names differ
 * by a 64-bit hash of the id. The output holds only [A-Za-z0-9_~-], never "." or "..".
 *
 * @example safePathSegment('P-001') // 'P-001'
 * @example safePathSegment('../etc') // '~2e~2e~2fetc'
 * @example safePathSegment('p-001') // 'p-001~~' + 16 hex digits
 */
export function safePathSegment(id: string): string {
  if (id === '') throw new Error('an empty id cannot name a folder');
  const pieces = escapedCharacters(id);
  const escaped = pieces.join('');
  const usable = escaped.length <= MAX_SEGMENT_BYTES && !HAS_LOWER_CASE.test(id) && !WINDOWS_DEVICE.test(escaped);
  return usable ? escaped : `${prefixOf(pieces)}${HASH_MARK}${hashOf(id)}`;
}

function escapedCharacters(id: string): string[] {
  const pieces: string[] = [];
  for (const ch of id) {
    if (/^[A-Za-z0-9_-]$/.test(ch)) {
      pieces.push(ch);
    } else {
      let piece = '';
      for (const byte of Buffer.from(ch, 'utf8')) piece += `~${byte.toString(16).padStart(2, '0')}`;
      pieces.push(piece);
    }
  }
  return pieces;
}

/** As many whole escaped characters as fit before the hash, so the prefix stays readable. */
function prefixOf(pieces: readonly string[]): string {
  const room = MAX_SEGMENT_BYTES - HASH_MARK.length - HASH_HEX_DIGITS;
  let prefix = '';
  for (const piece of pieces) {
    if (prefix.length + piece.length > room) break;
    prefix += piece;
  }
  return prefix;
}

function hashOf(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex').slice(0, HASH_HEX_DIGITS);
}
