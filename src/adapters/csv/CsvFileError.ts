import type { FileFailureCode } from '../../domain/ingest/rejectIssue';

/** A file that cannot be read at all (DOMAIN §8): its rows are not applied; the message names file, line and problem. */
export class CsvFileError extends Error {
  override readonly name = 'CsvFileError';

  constructor(readonly code: FileFailureCode, message: string, readonly line?: number) {
    super(message);
  }
}
