import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * The size of the file at `path` when it holds exactly the bytes with this SHA-256 (an issued
 * file already in place), else undefined (missing, unreadable, or other bytes). Reading and
 * hashing a file costs a fraction of rendering it again, lineage above all.
 */
export async function issuedFileOnDisk(path: string, sha256: string): Promise<number | undefined> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch {
    return undefined;
  }
  return hash.digest('hex') === sha256 ? bytes : undefined;
}
