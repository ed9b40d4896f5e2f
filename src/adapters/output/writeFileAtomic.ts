import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a file so that a reader never sees half of it: write a temp file beside it, fsync,
 * then rename over the target (atomic on POSIX file systems). Returns the content's SHA-256.
 */
export async function writeFileAtomic(path: string, content: string | Buffer): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await replaceWith(temp, path);
  return sha256Of(content);
}

/** Renames the written temp file over the target; on failure the temp file is removed. */
async function replaceWith(temp: string, path: string): Promise<void> {
  try {
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export function sha256Of(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

const FLUSH_BYTES = 1 << 16;

/**
 * writeFileAtomic for a text too large to hold whole: its chunks are written as they come
 * (gathered into 64 KiB writes) and hashed on the way. Returns the SHA-256 and size in bytes.
 */
export async function writeChunksAtomic(path: string, chunks: Iterable<string>): Promise<{ sha256: string; bytes: number }> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  const hash = createHash('sha256');
  let bytes = 0;
  const handle = await open(temp, 'w');
  try {
    let pending: string[] = [];
    let pendingLength = 0;
    const flush = async () => {
      const buffer = Buffer.from(pending.join(''), 'utf8');
      pending = [];
      pendingLength = 0;
      hash.update(buffer);
      bytes += buffer.length;
      await handle.write(buffer);
    };
    for (const chunk of chunks) {
      pending.push(chunk);
      pendingLength += chunk.length;
      if (pendingLength >= FLUSH_BYTES) await flush();
    }
    await flush();
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  await replaceWith(temp, path);
  return { sha256: hash.digest('hex'), bytes };
}
