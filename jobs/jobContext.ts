import type { Database } from '../src/adapters/store/openDatabase';
import type { ReckonConfig } from '../src/app/config';

/** What the runner hands a processor. Processors know nothing else of the runner. */
export interface JobContext {
  db: Database;
  config: ReckonConfig;
  /** Wall-clock time for audit columns only (started_at …); never written into statements. */
  now(): string;
  progress(event: ProgressEvent): void;
}

export interface ProgressEvent {
  stage: 'ingest' | 'compute' | 'reconcile' | 'emit' | 'finalise';
  label: string;
  done: number;
  total: number;
  /** 'rows' when done/total count rows, 'bytes' for file progress, 'items' otherwise. */
  unit: 'rows' | 'bytes' | 'items';
}

/** A job's input was not what its schema allows: a data error, never worth retrying. */
export class PayloadError extends Error {
  readonly code = 'CBC.0100';
  constructor(job: string, problem: string) {
    super(`${job}: invalid payload: ${problem}`);
  }
}
