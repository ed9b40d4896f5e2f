import type { Knex } from 'knex';
import { readCsvFile } from '../adapters/csv/readCsvFile';
import { insertRejects, type FileCounts } from '../adapters/store/deliveryStore';
import { isSqlite } from '../adapters/store/insertValues';
import type { Database } from '../adapters/store/openDatabase';
import { RecordWriter } from '../adapters/store/recordWriter';
import { insertReferenceRows } from '../adapters/store/referenceStore';
import type { FileSpec } from '../domain/ingest/fileSpecs';
import { ImportTally, type ImportTallyData } from '../domain/imports/importTally';
import type { RecordKind } from '../domain/records/types';
import { RowBatchValidator, recordKindOf, type ValidatedBatch, type ValidationJob } from './ingest/rowBatchValidator';
import { parseThreadScript, validateInWorker } from './ingest/validateInWorker';

export interface FileJob {
  spec: FileSpec;
  path: string;
  fileId: number;
  bytesTotal: number;
  zone: string;
  periodHint: string | undefined;
  onProgress?: (p: { fileName: string; rowsDone: number; bytesDone: number; bytesTotal: number }) => void;
  /**
   * Where rows are parsed and validated: 'auto' (default) on a parse thread for a record file of
   * at least PARSE_THREAD_MIN_BYTES, else here; 'thread' / 'here' force one (tests).
   */
  parse?: 'auto' | 'thread' | 'here';
}

const REFERENCE_BATCH_ROWS = 500;

/**
 * A record file this large is parsed on its own thread: parsing and validating a row costs about
 * as much as storing it, so the two then run side by side on two cores. Below it, starting a
 * thread costs more than it saves.
 */
export const PARSE_THREAD_MIN_BYTES = 4 * 1024 * 1024;

/**
 * Reads, validates and stores the rows of one file inside its transaction. Rows stream through
 * in batches of one insert chunk (RowBatchValidator). A large record file is parsed and validated
 * on a parse thread while this thread stores the batches before it, in order; otherwise the
 * insert of a batch runs (on the database's thread) while the next batch is parsed and validated
 * here, and is awaited before the one after it starts.
 */
export async function ingestFileRows(db: Database, trx: Knex.Transaction, job: FileJob): Promise<{ counts: FileCounts; importTally?: ImportTallyData }> {
  const counts: FileCounts = { rowsRead: 0, accepted: 0, rejected: 0, duplicates: 0, conflicts: 0, skipped: 0 };
  const writers = new Map<RecordKind, RecordWriter>();
  const writerOf = (kind: RecordKind): RecordWriter => {
    let writer = writers.get(kind);
    if (writer === undefined) {
      writer = new RecordWriter(db, trx, kind, job.fileId);
      writers.set(kind, writer);
    }
    return writer;
  };
  const kinds: RecordKind[] = job.spec.format !== undefined ? ['consumption', 'refund'] : [recordKindOf(job.spec)].filter((k) => k !== undefined);
  // One batch is at most one insert chunk of every table it may go to.
  const batchRows = kinds.length === 0 ? REFERENCE_BATCH_ROWS : Math.min(...kinds.map((k) => writerOf(k).chunkRows));
  const validation: ValidationJob = { spec: job.spec, fileId: job.fileId, zone: job.zone, periodHint: job.periodHint, sqlite: isSqlite(trx) };
  const store = async (batch: ValidatedBatch): Promise<void> => {
    if (batch.rejects.length > 0) await insertRejects(db, trx, batch.rejects);
    if (batch.referenceRows.length > 0) await insertReferenceRows(db, trx, batch.referenceRows);
    counts.accepted += batch.referenceRows.length;
    for (const chunk of batch.chunks) {
      const outcome = await writerOf(chunk.kind).write(chunk);
      counts.accepted += outcome.accepted;
      counts.duplicates += outcome.duplicates;
      counts.conflicts += outcome.conflicts;
    }
    counts.rowsRead += batch.rowsRead;
    counts.rejected += batch.rejected;
    if (batch.importTally !== undefined) {
      importTally = batch.importTally;
      counts.skipped = importTally.skipped;
    }
    job.onProgress?.({ fileName: job.spec.fileName, rowsDone: counts.rowsRead, bytesDone: batch.bytesDone, bytesTotal: job.bytesTotal });
  };
  let importTally: ImportTallyData | undefined;
  // The file's step starts now: its elapsed time and rate count from here, not from its first batch.
  job.onProgress?.({ fileName: job.spec.fileName, rowsDone: 0, bytesDone: 0, bytesTotal: job.bytesTotal });
  const script = kinds.length > 0 && parseOnThread(job) ? parseThreadScript() : undefined;
  if (script !== undefined) {
    await validateInWorker(script, { path: job.path, batchRows, validation }, store);
  } else {
    await validateHere(job, batchRows, validation, store);
  }
  job.onProgress?.({ fileName: job.spec.fileName, rowsDone: counts.rowsRead, bytesDone: job.bytesTotal, bytesTotal: job.bytesTotal });
  if (job.spec.format !== undefined) importTally ??= new ImportTally(job.spec.format).data(); // a file with a header only
  return { counts, importTally };
}

function parseOnThread(job: FileJob): boolean {
  const mode = job.parse ?? 'auto';
  return mode === 'thread' || (mode === 'auto' && job.bytesTotal >= PARSE_THREAD_MIN_BYTES);
}

/** Parses and validates here, storing each batch while the next one is parsed. */
async function validateHere(job: FileJob, batchRows: number, validation: ValidationJob, store: (batch: ValidatedBatch) => Promise<void>): Promise<void> {
  const validator = new RowBatchValidator(validation);
  let inflight: Promise<void> = Promise.resolve();
  await readCsvFile(job.path, job.spec.fileName, batchRows, {
    onHeader: (fields) => validator.onHeader(fields),
    onBatch: async (batch) => {
      const validated = validator.validate(batch);
      const previous = inflight;
      inflight = previous.then(() => store(validated));
      inflight.catch(() => undefined); // surfaced by the next await; never an unhandled rejection
      await previous;
    },
  });
  await inflight;
}
