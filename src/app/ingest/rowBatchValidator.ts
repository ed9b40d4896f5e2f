import type { CsvBatch } from '../../adapters/csv/readCsvFile';
import { CsvFileError } from '../../adapters/csv/CsvFileError';
import type { RejectRow } from '../../adapters/store/deliveryStore';
import { RecordBatcher, type PendingChunk } from '../../adapters/store/recordBatcher';
import type { ReferenceRowRecord } from '../../adapters/store/referenceStore';
import type { FileSpec, ReferenceKind } from '../../domain/ingest/fileSpecs';
import { PeriodMatcher } from '../../domain/ingest/PeriodMatcher';
import { RowReader } from '../../domain/ingest/RowReader';
import { validateAdjustmentRow } from '../../domain/ingest/validateAdjustmentRow';
import { validateFeeRow } from '../../domain/ingest/validateFeeRow';
import { validateHeader } from '../../domain/ingest/validateHeader';
import { validateReferenceRow } from '../../domain/ingest/validateReferenceRow';
import { ExportRowMapper } from '../../domain/imports/exportRowMapper';
import { FORMAT_SPECS } from '../../domain/imports/formats/formatSpecs';
import type { ImportTallyData } from '../../domain/imports/importTally';
import { isSupportedPeriod } from '../../domain/period/period';
import { canonicalRecordJson, hashCanonicalJson } from '../../domain/records/contentHash';
import { checkFeeIdentities } from '../../domain/records/identities';
import type { FeeRecord, RecordKind } from '../../domain/records/types';

/** What validation needs to know of a file; plain data, so that it can be handed to another thread. */
export interface ValidationJob {
  spec: FileSpec;
  fileId: number;
  zone: string;
  periodHint: string | undefined;
  /** The store's row layout: SQLite or one value per column (RecordBatcher). */
  sqlite: boolean;
}

/** One batch of rows, validated: the records to store as one insert, the rejects, the reference rows. Plain data. */
export interface ValidatedBatch {
  rowsRead: number;
  rejected: number;
  rejects: RejectRow[];
  referenceRows: ReferenceRowRecord[];
  /** Records to insert, one chunk per record table (a cloud export holds consumption and refunds). */
  chunks: PendingChunk[];
  bytesDone: number;
  /** A cloud export's counts and sums so far (cumulative: the last batch's is the file's). */
  importTally?: ImportTallyData;
}

/** The record table a contract file's rows go to, or undefined for a reference file or a cloud export. */
export function recordKindOf(spec: FileSpec): RecordKind | undefined {
  switch (spec.kind) {
    case 'consumption': return 'consumption';
    case 'refunds': return 'refund';
    case 'adjustments': return 'adjustment';
    default: return undefined;
  }
}

/**
 * Turns a file's parsed rows into what is stored (DOMAIN §4, §8): the header is checked, each
 * row validated, a record's canonical JSON and SHA-256 built and laid out for its insert
 * (RecordBatcher), a bad row's issues kept as rejects naming file, line, column and value.
 * No I/O: the same code runs on the ingest's own thread or on a parse thread (ingestWorker).
 */
export class RowBatchValidator {
  private reader: RowReader | undefined;
  private readonly periods: PeriodMatcher;
  private readonly batcher: RecordBatcher | undefined;
  /** A cloud export: its mapper (from the header) and a batcher per record table. */
  private mapper: ExportRowMapper | undefined;
  private readonly exportBatchers: { consumption: RecordBatcher; refund: RecordBatcher } | undefined;

  constructor(private readonly job: ValidationJob) {
    this.periods = new PeriodMatcher(job.zone);
    const kind = recordKindOf(job.spec);
    this.batcher = kind === undefined ? undefined : new RecordBatcher(kind, job.sqlite, job.fileId);
    if (job.spec.format !== undefined) {
      this.exportBatchers = {
        consumption: new RecordBatcher('consumption', job.sqlite, job.fileId),
        refund: new RecordBatcher('refund', job.sqlite, job.fileId),
      };
    }
  }

  onHeader(fields: string[]): void {
    if (this.job.spec.format !== undefined) {
      const opened = ExportRowMapper.open(FORMAT_SPECS[this.job.spec.format], this.job.spec.fileName, fields);
      if (!opened.ok) throw new CsvFileError('file.header', opened.problem, 1);
      this.mapper = opened.mapper;
      this.reader = opened.mapper.reader;
      return;
    }
    const header = validateHeader(this.job.spec, fields);
    if (!header.ok) throw new CsvFileError('file.header', header.problem, 1);
    this.reader = new RowReader(this.job.spec.fileName, header.layout);
  }

  validate(batch: CsvBatch): ValidatedBatch {
    if (this.mapper !== undefined) return this.validateExport(this.mapper, batch);
    const out: ValidatedBatch = { rowsRead: 0, rejected: 0, rejects: [], referenceRows: [], chunks: [], bytesDone: batch.bytesDone };
    const r = this.reader!;
    for (let i = 0; i < batch.rows.length; i++) {
      out.rowsRead++;
      const accepted = r.start(batch.rows[i]!, batch.lines[i]!) && (this.batcher !== undefined
        ? this.acceptRecord(r, this.batcher)
        : this.acceptReferenceRow(r, out.referenceRows));
      if (!accepted) {
        out.rejected++;
        this.collectRejects(r, out.rejects);
      }
    }
    if (this.batcher !== undefined) out.chunks.push(this.batcher.take());
    return out;
  }

  /** The rows of a cloud export: each mapped to a consumption or refund record, skipped (no amount) or rejected. */
  private validateExport(mapper: ExportRowMapper, batch: CsvBatch): ValidatedBatch {
    const out: ValidatedBatch = { rowsRead: 0, rejected: 0, rejects: [], referenceRows: [], chunks: [], bytesDone: batch.bytesDone };
    const batchers = this.exportBatchers!;
    for (let i = 0; i < batch.rows.length; i++) {
      out.rowsRead++;
      const mapped = mapper.map(batch.rows[i]!, batch.lines[i]!);
      if (mapped === 'skipped') continue;
      if (mapped === undefined) {
        out.rejected++;
        this.collectRejects(mapper.reader, out.rejects, mapper.periodOfRow());
        continue;
      }
      this.addFeeRecord(mapper.reader, batchers[mapped.kind], mapped);
    }
    for (const b of [batchers.consumption, batchers.refund]) {
      const chunk = b.take();
      if (chunk.metas.length > 0) out.chunks.push(chunk);
    }
    out.importTally = mapper.tally.data();
    return out;
  }

  private acceptRecord(reader: RowReader, batcher: RecordBatcher): boolean {
    const kind = this.job.spec.kind;
    if (kind === 'adjustments') {
      const record = validateAdjustmentRow(reader);
      if (record === undefined) return false;
      const periodOk = this.periods.matches(record.billCycle, record.tradeTimeMs);
      const payload = canonicalRecordJson(record);
      batcher.add(record, { line: reader.line, payload, contentHash: hashCanonicalJson(payload), extraJson: reader.extraJson(), periodOk });
      return true;
    }
    const record = validateFeeRow(reader, kind === 'refunds' ? 'refunds' : 'consumption');
    if (record === undefined) return false;
    this.addFeeRecord(reader, batcher, record);
    return true;
  }

  private addFeeRecord(reader: RowReader, batcher: RecordBatcher, record: FeeRecord): void {
    const identities = checkFeeIdentities(record.amounts);
    const payload = canonicalRecordJson(record);
    batcher.add(record, {
      line: reader.line, payload, contentHash: hashCanonicalJson(payload), extraJson: reader.extraJson(),
      periodOk: this.periods.matches(record.billCycle, record.tradeTimeMs),
      identityPayableOk: identities.payableOk, identityOfficialOk: identities.officialOk,
    });
  }

  private acceptReferenceRow(reader: RowReader, out: ReferenceRowRecord[]): boolean {
    const kind = this.job.spec.kind as ReferenceKind;
    const data = validateReferenceRow(reader, kind, this.job.zone);
    if (data === undefined) return false;
    out.push({ fileId: this.job.fileId, kind, line: reader.line, data });
    return true;
  }

  private collectRejects(reader: RowReader, out: RejectRow[], exportPeriod?: string): void {
    const cycle = reader.issues[0]?.code === 'row.columns' ? '' : exportPeriod ?? (reader.cell('bill_cycle') || reader.cell('period'));
    const period = isSupportedPeriod(cycle) ? cycle : this.job.periodHint ?? null;
    for (const issue of reader.issues) {
      out.push({
        fileId: this.job.fileId, fileName: this.job.spec.fileName, line: issue.line, column: issue.column, rawValue: issue.rawValue,
        code: issue.code, message: issue.message, period,
      });
    }
  }
}
