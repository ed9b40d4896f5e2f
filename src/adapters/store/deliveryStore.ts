import type { Knex } from 'knex';
import { insertRowsChunked } from './insertValues';
import type { Database } from './openDatabase';
import { EVERY_FILE } from './periodView';
import type { ImportTallyData } from '../../domain/imports/importTally';

type Connection = Knex | Knex.Transaction;

export interface RejectRow {
  fileId: number;
  fileName: string;
  line: number;
  column: string;
  rawValue: string;
  code: string;
  message: string;
  period: string | null;
}

export interface DeliveryFileRow {
  id: number;
  deliveryId: number;
  fileName: string;
  sha256: string;
  status: 'ingesting' | 'ingested' | 'failed';
  rowsRead: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  conflicts: number;
  skipped: number;
  error: { code: string; message: string } | undefined;
}

export interface ConflictRow {
  fileId: number;
  fileName: string;
  kind: string;
  recordId: string;
  line: number;
  billCycle: string;
  existingHash: string;
  incomingHash: string;
}

export interface FileCounts {
  rowsRead: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  conflicts: number;
  /** Rows of a cloud export with an empty or NULL amount: read, not records (0 for contract files). */
  skipped: number;
}

export async function createDelivery(db: Database, sourceDir: string, periodHint: string | undefined, ingestedAt: string): Promise<number> {
  const [row] = await db.knex('deliveries').insert({ source_dir: sourceDir, period_hint: periodHint ?? null, ingested_at: ingestedAt }).returning('id');
  return idOf(row);
}

/** The delivery file that already brought these bytes under this name, if any. */
export async function findIngestedFile(db: Database, fileName: string, sha256: string): Promise<{ id: number; deliveryId: number } | undefined> {
  const row = await db.knex('delivery_files').where({ file_name: fileName, sha256, status: 'ingested' }).first('id', 'delivery_id');
  return row === undefined ? undefined : { id: Number(row.id), deliveryId: Number(row.delivery_id) };
}

/** First write of a file's transaction (write-first: the SQLite write lock is taken at once). */
export async function beginDeliveryFile(trx: Knex.Transaction, deliveryId: number, fileName: string, sha256: string): Promise<number> {
  const [row] = await trx('delivery_files').insert({ delivery_id: deliveryId, file_name: fileName, sha256, status: 'ingesting' }).returning('id');
  return idOf(row);
}

export async function completeDeliveryFile(trx: Knex.Transaction, fileId: number, counts: FileCounts, importTally?: ImportTallyData): Promise<void> {
  await trx('delivery_files').where({ id: fileId }).update({
    status: 'ingested', rows_read: counts.rowsRead, rows_accepted: counts.accepted, rows_rejected: counts.rejected,
    rows_duplicate: counts.duplicates, rows_conflict: counts.conflicts, rows_skipped: counts.skipped,
    import_tally: importTally === undefined ? null : JSON.stringify(importTally),
  });
}

/** The import tallies of the export files ingested up to a file id (`import.total`), in file order. */
export async function importTallies(db: Database, maxFileId = EVERY_FILE): Promise<{ fileName: string; tally: ImportTallyData }[]> {
  const rows = await db.knex('delivery_files').select('file_name', 'import_tally')
    .where('id', '<=', maxFileId).andWhere('status', 'ingested').whereNotNull('import_tally').orderBy('id');
  return rows.map((r) => ({ fileName: String(r.file_name), tally: JSON.parse(String(r.import_tally)) as ImportTallyData }));
}

/** Records a file that could not be read, outside the (rolled back) transaction of its rows. */
export async function recordFailedFile(
  db: Database, deliveryId: number, fileName: string, sha256: string, error: { code: string; message: string },
): Promise<void> {
  await db.knex('delivery_files').insert({ delivery_id: deliveryId, file_name: fileName, sha256, status: 'failed', error: JSON.stringify(error) });
}

const REJECT_COLUMNS = ['file_id', 'file_name', 'line', 'column', 'raw_value', 'code', 'message', 'period'] as const;

export async function insertRejects(db: Database, conn: Connection, rejects: readonly RejectRow[]): Promise<void> {
  await insertRowsChunked(db, conn, 'rejects', REJECT_COLUMNS,
    rejects.map((r) => [r.fileId, r.fileName, r.line, r.column, r.rawValue, r.code, r.message, r.period]));
}

/** Rejects of a period (the row's bill_cycle, or the delivery's period when unreadable), by file, line, column. */
export async function listRejects(db: Database, period: string, maxFileId = EVERY_FILE): Promise<RejectRow[]> {
  const rows = await db.knex('rejects').where({ period }).andWhere('file_id', '<=', maxFileId).orderBy([{ column: 'file_name' }, { column: 'line' }, { column: 'column' }, { column: 'id' }]);
  return rows.map((r) => ({
    fileId: Number(r.file_id), fileName: r.file_name, line: Number(r.line), column: r.column, rawValue: r.raw_value,
    code: r.code, message: r.message, period: r.period ?? null,
  }));
}

/**
 * Files of the deliveries that concern a period: deliveries made for it (period_hint) and
 * deliveries that brought records or rejects of that bill_cycle. For the `ingest.count` check
 * and the manifest's list of inputs. Ordered by delivery, then file id.
 */
export async function fileStatsForPeriod(db: Database, period: string, maxFileId = EVERY_FILE): Promise<DeliveryFileRow[]> {
  const k = db.knex;
  const filesWith = (table: string, column: string) => k(table).distinct('file_id').where(column, period);
  const deliveryIds = k('delivery_files').distinct('delivery_id').where((q) => {
    q.whereIn('id', filesWith('consumption_records', 'bill_cycle'))
      .orWhereIn('id', filesWith('refund_records', 'bill_cycle'))
      .orWhereIn('id', filesWith('adjustment_records', 'bill_cycle'))
      .orWhereIn('id', filesWith('rejects', 'period'));
  });
  const rows = await k('delivery_files')
    .where('id', '<=', maxFileId)
    .andWhere((q) => q.whereIn('delivery_id', k('deliveries').select('id').where('period_hint', period)).orWhereIn('delivery_id', deliveryIds))
    .orderBy([{ column: 'delivery_id' }, { column: 'id' }]);
  return rows.map(toDeliveryFileRow);
}

/** Conflicting re-deliveries (`ingest.conflict`) whose incoming or stored record is of the period. */
export async function listConflicts(db: Database, period: string, maxFileId = EVERY_FILE): Promise<ConflictRow[]> {
  const rows = await db.knex('ingest_conflicts as c')
    .join('delivery_files as f', 'f.id', 'c.file_id')
    .where('c.file_id', '<=', maxFileId)
    .andWhere((w) => w.where('c.bill_cycle', period).orWhereIn('c.record_id', (q) => {
      q.select('record_id').from('consumption_records').where('bill_cycle', period)
        .union((u) => u.select('record_id').from('refund_records').where('bill_cycle', period))
        .union((u) => u.select('record_id').from('adjustment_records').where('bill_cycle', period));
    }))
    .orderBy([{ column: 'f.file_name' }, { column: 'c.line' }, { column: 'c.id' }])
    .select('c.*', 'f.file_name');
  return rows.map((r) => ({
    fileId: Number(r.file_id), fileName: r.file_name, kind: r.kind, recordId: r.record_id, line: Number(r.line),
    billCycle: r.bill_cycle, existingHash: r.existing_hash, incomingHash: r.incoming_hash,
  }));
}

function toDeliveryFileRow(r: Record<string, unknown>): DeliveryFileRow {
  return {
    id: Number(r.id), deliveryId: Number(r.delivery_id), fileName: String(r.file_name), sha256: String(r.sha256),
    status: r.status as DeliveryFileRow['status'], rowsRead: Number(r.rows_read), accepted: Number(r.rows_accepted),
    rejected: Number(r.rows_rejected), duplicates: Number(r.rows_duplicate), conflicts: Number(r.rows_conflict),
    skipped: Number(r.rows_skipped ?? 0),
    error: typeof r.error === 'string' ? (JSON.parse(r.error) as { code: string; message: string }) : undefined,
  };
}

function idOf(row: unknown): number {
  return Number(typeof row === 'object' && row !== null ? (row as { id: unknown }).id : row);
}
