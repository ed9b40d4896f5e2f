/**
 * Turns an id (partner_id, seller_id …) into one safe path segment. Letters, digits, "_" and
 * "-" pass through; every other character (including ".", "/", "\\", "~" and non-ASCII) becomes
 * "~" + its UTF-8 bytes in hex, so the mapping is one-to-one (two ids never share a folder) and
 * no id can climb out of its folder ("..") or name a device.
 *
 * @example safePathSegment('P-001') // 'P-001'
 * @example safePathSegment('../etc') // '~2e~2e~2fetc'
 */
export function safePathSegment(id: string): string {
  if (id === '') throw new Error('an empty id cannot name a folder');
  let out = '';
  for (const ch of id) {
    if (/^[A-Za-z0-9_-]$/.test(ch)) {
      out += ch;
    } else {
      for (const byte of Buffer.from(ch, 'utf8')) out += `~${byte.toString(16).padStart(2, '0')}`;
    }
  }
  return out;
}
