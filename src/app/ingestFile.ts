import type { Knex } from 'knex';
import { readCsvFile, type CsvBatch } from '../adapters/csv/readCsvFile';
import { CsvFileError } from '../adapters/csv/CsvFileError';
import { insertRejects, type FileCounts, type RejectRow } from '../adapters/store/deliveryStore';
import type { Database } from '../adapters/store/openDatabase';
import { RecordWriter, type WriteOutcome } from '../adapters/store/recordWriter';
import { insertReferenceRows, type ReferenceRowRecord } from '../adapters/store/referenceStore';
import type { FileSpec, ReferenceKind } from '../domain/ingest/fileSpecs';
import { PeriodMatcher } from '../domain/ingest/PeriodMatcher';
import { RowReader } from '../domain/ingest/RowReader';
import { validateAdjustmentRow } from '../domain/ingest/validateAdjustmentRow';
import { validateFeeRow } from '../domain/ingest/validateFeeRow';
import { validateHeader } from '../domain/ingest/validateHeader';
import { validateReferenceRow } from '../domain/ingest/validateReferenceRow';
import { isSupportedPeriod } from '../domain/period/period';
import { canonicalRecordJson, hashCanonicalJson } from '../domain/records/contentHash';
import { checkFeeIdentities } from '../domain/records/identities';

export interface FileJob {
  spec: FileSpec;
  path: string;
  fileId: number;
  bytesTotal: number;
  zone: string;
  periodHint: string | undefined;
  onProgress?: (p: { fileName: string; rowsDone: number; bytesDone: number; bytesTotal: number }) => void;
}

const REFERENCE_BATCH_ROWS = 500;

/**
 * Reads, validates and stores the rows of one file inside its transaction. Rows stream through
 * in batches of one insert chunk; the insert of a batch runs (on the database's thread) while the
 * next batch is parsed and validated, and is awaited before the one after it starts.
 */
export async function ingestFileRows(db: Database, trx: Knex.Transaction, job: FileJob): Promise<FileCounts> {
  const counts: FileCounts = { rowsRead: 0, accepted: 0, rejected: 0, duplicates: 0, conflicts: 0 };
  const kind = job.spec.kind;
  const writer = kind === 'consumption' || kind === 'refunds' || kind === 'adjustments'
    ? new RecordWriter(db, trx, kind === 'consumption' ? 'consumption' : kind === 'refunds' ? 'refund' : 'adjustment', job.fileId)
    : undefined;
  const periods = new PeriodMatcher(job.zone);
  let reader: RowReader | undefined;
  let inflight: Promise<void> = Promise.resolve();
  const onHeader = (fields: string[]): void => {
    const header = validateHeader(job.spec, fields);
    if (!header.ok) throw new CsvFileError('file.header', header.problem, 1);
    reader = new RowReader(job.spec.fileName, header.layout);
  };
  const onBatch = async (batch: CsvBatch): Promise<void> => {
    const rejects: RejectRow[] = [];
    const referenceRows: ReferenceRowRecord[] = [];
    for (let i = 0; i < batch.rows.length; i++) {
      counts.rowsRead++;
      const r = reader!;
      const accepted = r.start(batch.rows[i]!, batch.lines[i]!) && (writer !== undefined
        ? acceptRecord(r, job, writer, periods)
        : acceptReferenceRow(r, job, referenceRows));
      if (!accepted) {
        counts.rejected++;
        collectRejects(r, job, rejects);
      }
    }
    const chunk = writer?.take();
    const previous = inflight;
    inflight = previous.then(async () => {
      if (rejects.length > 0) await insertRejects(db, trx, rejects);
      if (referenceRows.length > 0) await insertReferenceRows(db, trx, referenceRows);
      counts.accepted += referenceRows.length;
      if (writer !== undefined && chunk !== undefined) addOutcome(counts, await writer.write(chunk));
    });
    inflight.catch(() => undefined); // surfaced by the next await; never an unhandled rejection
    await previous;
    job.onProgress?.({ fileName: job.spec.fileName, rowsDone: counts.rowsRead, bytesDone: batch.bytesDone, bytesTotal: job.bytesTotal });
  };
  await readCsvFile(job.path, job.spec.fileName, writer?.chunkRows ?? REFERENCE_BATCH_ROWS, { onHeader, onBatch });
  await inflight;
  job.onProgress?.({ fileName: job.spec.fileName, rowsDone: counts.rowsRead, bytesDone: job.bytesTotal, bytesTotal: job.bytesTotal });
  return counts;
}

function acceptRecord(reader: RowReader, job: FileJob, writer: RecordWriter, periods: PeriodMatcher): boolean {
  const kind = job.spec.kind;
  if (kind === 'adjustments') {
    const record = validateAdjustmentRow(reader);
    if (record === undefined) return false;
    const periodOk = periods.matches(record.billCycle, record.tradeTimeMs);
    const payload = canonicalRecordJson(record);
    writer.add(record, { line: reader.line, payload, contentHash: hashCanonicalJson(payload), extraJson: reader.extraJson(), periodOk });
    return true;
  }
  const record = validateFeeRow(reader, kind === 'refunds' ? 'refunds' : 'consumption');
  if (record === undefined) return false;
  const identities = checkFeeIdentities(record.amounts);
  const payload = canonicalRecordJson(record);
  writer.add(record, {
    line: reader.line, payload, contentHash: hashCanonicalJson(payload), extraJson: reader.extraJson(),
    periodOk: periods.matches(record.billCycle, record.tradeTimeMs),
    identityPayableOk: identities.payableOk, identityOfficialOk: identities.officialOk,
  });
  return true;
}

function acceptReferenceRow(reader: RowReader, job: FileJob, out: ReferenceRowRecord[]): boolean {
  const kind = job.spec.kind as ReferenceKind;
  const data = validateReferenceRow(reader, kind, job.zone);
  if (data === undefined) return false;
  out.push({ fileId: job.fileId, kind, line: reader.line, data });
  return true;
}

function collectRejects(reader: RowReader, job: FileJob, out: RejectRow[]): void {
  const cycle = reader.issues[0]?.code === 'row.columns' ? '' : reader.cell('bill_cycle') || reader.cell('period');
  const period = isSupportedPeriod(cycle) ? cycle : job.periodHint ?? null;
  for (const issue of reader.issues) {
    out.push({
      fileId: job.fileId, fileName: job.spec.fileName, line: issue.line, column: issue.column, rawValue: issue.rawValue,
      code: issue.code, message: issue.message, period,
    });
  }
}

function addOutcome(counts: FileCounts, outcome: WriteOutcome): void {
  counts.accepted += outcome.accepted;
  counts.duplicates += outcome.duplicates;
  counts.conflicts += outcome.conflicts;
}
