import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { isLiveProcess } from '../isLiveProcess';

/**
 * `<file>.tmp-<pid>`: the name a file is written under before it is renamed into place. Outputs
 * always end in `.json`, `.csv` or `.txt`, so no output ever matches TEMP_FILE.
 */
const TEMP_FILE = /\.tmp-(\d+)$/;

/** Temp files this process is writing right now: a sweep leaves them alone. */
const inFlight = new Set<string>();

function tempPathOf(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

/**
 * Writes `path` through a temp file beside it: write, fsync, close, then rename over the target
 * (atomic on POSIX file systems), so a reader never sees half of it. On any failure the temp
 * file is removed; only a killed process leaves one (see removeStaleTempFiles).
 */
async function writeThroughTemp(path: string, write: (handle: FileHandle) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempPathOf(path);
  inFlight.add(temp);
  try {
    const handle = await open(temp, 'w');
    try {
      await write(handle);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  } finally {
    inFlight.delete(temp);
  }
}

/** Writes a file atomically (writeThroughTemp). Returns the content's SHA-256. */
export async function writeFileAtomic(path: string, content: string | Buffer): Promise<string> {
  await writeThroughTemp(path, (handle) => handle.writeFile(content));
  return sha256Of(content);
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
  const hash = createHash('sha256');
  let bytes = 0;
  await writeThroughTemp(path, async (handle) => {
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
  });
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * A temp file left by a writer that is gone: its pid runs no process here, or it is this
 * process's own pid (a container often gives every run the same pid) but this process is not
 * writing it. A temp file of another live process is left alone: it may be mid-write.
 */
function isStale(path: string, pid: number): boolean {
  return pid === process.pid ? !inFlight.has(path) : !isLiveProcess(pid);
}

/**
 * Removes, under `dir` (recursively), the temp files of writers that were killed between
 * writing and renaming. Returns their paths relative to `dir`, sorted; a missing `dir` has none.
 */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const pid = TEMP_FILE.exec(entry.name)?.[1];
    if (!entry.isFile() || pid === undefined) continue;
    const path = join(entry.parentPath, entry.name);
    if (!isStale(path, Number(pid))) continue;
    await rm(path, { force: true });
    removed.push(relative(dir, path).split('\\').join('/'));
  }
  return removed.sort();
}
