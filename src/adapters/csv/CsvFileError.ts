import type { FileFailureCode } from '../../domain/ingest/rejectIssue';

/** A file that cannot be read at all (DOMAIN §8): its rows are not applied; the message names file, line and problem. */
export class CsvFileError extends Error {
  override readonly name = 'CsvFileError';

  constructor(readonly code: FileFailureCode, message: string, readonly line?: number) {
    super(message);
  }
}

/** A file the system would not let us read (permissions, I/O error, removed meanwhile): `file.read`. */
export function fileReadError(fileName: string, error: Error): CsvFileError {
  return new CsvFileError('file.read', `${fileName}: the file cannot be read (${error.message})`);
}

/** An error of the operating system (open, read), as opposed to one of the code. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}
