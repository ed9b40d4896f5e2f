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

/**
 * One step's progress (a file's ingest, the partners' compute, the emit …), named by stage and
 * label. A step starts with its first event and ends when `done` reaches a known `total`.
 */
export interface ProgressEvent {
  stage: 'ingest' | 'compute' | 'reconcile' | 'emit';
  label: string;
  done: number;
  /** 0 while not known. */
  total: number;
  /**
   * What done/total count: 'rows'; 'bytes' for file progress (`rows` then counts the rows read);
   * 'items' named by the label (partners, files); 'step' for a step with no count of its own,
   * 0 of 1 when it starts and 1 of 1 when it ends.
   */
  unit: 'rows' | 'bytes' | 'items' | 'step';
  /** Rows (records) read so far, beside bytes or items: what the rate counts. */
  rows?: number;
}

/** A job's input was not what its schema allows: a data error, never worth retrying. */
export class PayloadError extends Error {
  readonly code = 'CBC.0100';
  constructor(job: string, problem: string) {
    super(`${job}: invalid payload: ${problem}`);
  }
}
