import { createReadStream, type ReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** A file name that says gzip (AWS delivers its Cost and Usage Reports as `.csv.gz`). */
export function isGzipPath(path: string): boolean {
  return /\.gz$/i.test(path);
}

/** A file's text bytes as a stream: gunzipped on the fly for a `.gz` file, else as they are. */
export interface FileText {
  stream: Readable;
  /** Bytes of the file on disk read so far (the compressed bytes of a `.gz` file). */
  bytesRead(): number;
}

export function openFileText(path: string, options: { highWaterMark?: number } = {}): FileText {
  const file: ReadStream = createReadStream(path, options);
  if (!isGzipPath(path)) return { stream: file, bytesRead: () => file.bytesRead };
  // pipeline passes a read error of the file on to the gunzip stream, which the reader consumes.
  const stream = pipeline(file, createGunzip(), () => undefined);
  return { stream, bytesRead: () => file.bytesRead };
}

/** A zlib failure (a damaged or not-gzip `.gz` file): its code starts with `Z_`. */
export function isZlibError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('Z_');
}
