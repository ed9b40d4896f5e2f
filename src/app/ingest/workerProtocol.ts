import { CsvFileError } from '../../adapters/csv/CsvFileError';
import type { FileFailureCode } from '../../domain/ingest/rejectIssue';
import type { ValidatedBatch, ValidationJob } from './rowBatchValidator';

/** Messages between a file's ingest and its parse thread (ingestWorker). Plain data only. */

/** Batches the parse thread may run ahead of the stores: enough to keep both threads busy, few enough to bound memory. */
export const PARSE_AHEAD_BATCHES = 4;

export interface WorkerJob {
  path: string;
  batchRows: number;
  validation: ValidationJob;
}

export type FromWorker =
  | { type: 'batch'; batch: ValidatedBatch }
  | { type: 'done' }
  | { type: 'error'; error: ThreadError };

export type ToWorker = { type: 'stored' };

/** An error crossing threads: a file failure keeps its code and line; anything else its message and stack. */
export type ThreadError =
  | { kind: 'file'; code: FileFailureCode; message: string; line: number | undefined }
  | { kind: 'other'; message: string; stack: string | undefined };

export function toThreadError(error: unknown): ThreadError {
  if (error instanceof CsvFileError) return { kind: 'file', code: error.code, message: error.message, line: error.line };
  return error instanceof Error
    ? { kind: 'other', message: error.message, stack: error.stack }
    : { kind: 'other', message: String(error), stack: undefined };
}

export function fromThreadError(error: ThreadError): Error {
  if (error.kind === 'file') return new CsvFileError(error.code, error.message, error.line);
  const rebuilt = new Error(`ingest parse thread: ${error.message}`);
  if (error.stack !== undefined) rebuilt.stack = error.stack;
  return rebuilt;
}
