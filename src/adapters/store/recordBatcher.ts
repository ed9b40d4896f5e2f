import type { AdjustmentRecord, FeeRecord, RecordKind } from '../../domain/records/types';

/**
 * How validated records are laid out for the record tables' insert statements, apart from the
 * database: a RecordBatcher collects them into PendingChunks that a RecordWriter writes. Pure
 * (no connection), so that it can run where the rows are validated, on another thread.
 */

/** Stored columns of each record table, in insert order; the SQLite form derives most of them from the payload. */
const FEE_COLUMNS = [
  'record_id', 'file_id', 'line', 'content_hash', 'bill_cycle', 'trade_time_ms', 'customer_id', 'trade_id',
  'identity_payable_ok', 'identity_official_ok', 'period_ok', 'extra', 'payload',
] as const;
const REFUND_COLUMNS = [...FEE_COLUMNS, 'original_trade_id'] as const;
const ADJUSTMENT_COLUMNS = [
  'record_id', 'file_id', 'line', 'content_hash', 'bill_cycle', 'trade_time_ms', 'customer_id', 'period_ok', 'extra', 'payload',
] as const;

/**
 * SQLite: what is bound per row — the payload (column1) and a small JSON array of what else is
 * stored (column2: line, content hash, flags — bit 0 A1 holds, bit 1 A2 holds, bit 2 period
 * agrees — and the extra bag as a JSON string) — and how each stored column is computed from
 * them; the `?` is the file id, bound once per statement. Two values a row instead of one per
 * column: node-sqlite3 converts each bound value on the main thread. `->>` gives a JSON string
 * back as TEXT, unchanged, and an integer as INTEGER. Payload positions: see recordRows
 * (FEE_PAYLOAD, ADJUSTMENT_PAYLOAD).
 */
export const SQLITE_ROW_WIDTH = 2;
const FEE_SELECT = [
  'column1->>1', '?', 'column2->>0', 'column2->>1', 'column1->>2', 'column1->>3', 'column1->>4', 'column1->>10',
  '(column2->>2) & 1', '((column2->>2) >> 1) & 1', '((column2->>2) >> 2) & 1', 'column2->>3', 'column1',
] as const;
const REFUND_SELECT = [...FEE_SELECT, 'column1->>34'] as const;
const ADJUSTMENT_SELECT = [
  'column1->>1', '?', 'column2->>0', 'column2->>1', 'column1->>2', 'column1->>3', 'column1->>4', '((column2->>2) >> 2) & 1',
  'column2->>3', 'column1',
] as const;
/** Rows per SQLite statement: fewer, larger statements (2 bound values a row, far below the 32 766 limit). */
export const SQLITE_CHUNK_ROWS = 1000;

export interface TableSpec {
  table: string;
  columns: readonly string[];
  select: readonly string[];
}

export const TABLES: Record<RecordKind, TableSpec> = {
  consumption: { table: 'consumption_records', columns: FEE_COLUMNS, select: FEE_SELECT },
  refund: { table: 'refund_records', columns: REFUND_COLUMNS, select: REFUND_SELECT },
  adjustment: { table: 'adjustment_records', columns: ADJUSTMENT_COLUMNS, select: ADJUSTMENT_SELECT },
};

/** What is known about a validated record besides its content. */
export interface RecordMeta {
  line: number;
  /** The record's canonical JSON (canonicalRecordJson), stored as its payload. */
  payload: string;
  /** SHA-256 of the payload. */
  contentHash: string;
  extraJson: string;
  periodOk: boolean;
  identityPayableOk?: boolean;
  identityOfficialOk?: boolean;
}

export interface PendingMeta {
  recordId: string;
  contentHash: string;
  line: number;
  billCycle: string;
}

/** Records taken out of a batcher: one insert statement's worth, plain data (it may cross threads). */
export interface PendingChunk {
  kind: RecordKind;
  metas: PendingMeta[];
  values: unknown[];
}


/**
 * Collects validated records of one kind into the values of one insert statement: on SQLite
 * SQLITE_ROW_WIDTH values a row (the columns derived in SQL), otherwise one bound value per column.
 */
export class RecordBatcher {
  private values: unknown[] = [];
  private metas: PendingMeta[] = [];

  constructor(private readonly kind: RecordKind, private readonly sqlite: boolean, private readonly fileId: number) {}

  get pending(): number {
    return this.metas.length;
  }

  add(record: FeeRecord | AdjustmentRecord, meta: RecordMeta): void {
    const v = this.values;
    if (this.sqlite) {
      const flags = (meta.identityPayableOk ? 1 : 0) | (meta.identityOfficialOk ? 2 : 0) | (meta.periodOk ? 4 : 0);
      // The hash is hex and line and flags are integers: only the extra bag needs JSON encoding.
      v.push(meta.payload, `[${meta.line},"${meta.contentHash}",${flags},${JSON.stringify(meta.extraJson)}]`);
    } else {
      v.push(record.recordId, this.fileId, meta.line, meta.contentHash, record.billCycle, record.tradeTimeMs, record.customerId);
      if (record.kind === 'adjustment') {
        v.push(meta.periodOk ? 1 : 0, meta.extraJson, meta.payload);
      } else {
        v.push(record.tradeId, meta.identityPayableOk ? 1 : 0, meta.identityOfficialOk ? 1 : 0, meta.periodOk ? 1 : 0, meta.extraJson, meta.payload);
        if (record.kind === 'refund') v.push(record.originalTradeId);
      }
    }
    this.metas.push({ recordId: record.recordId, contentHash: meta.contentHash, line: meta.line, billCycle: record.billCycle });
  }

  /** Takes the collected records out (synchronously), to be written with RecordWriter.write. */
  take(): PendingChunk {
    const chunk = { kind: this.kind, metas: this.metas, values: this.values };
    this.metas = [];
    this.values = [];
    return chunk;
  }
}
