import type { Knex } from 'knex';
import { type AdjustmentRecord, type FeeRecord, type RecordKind } from '../../domain/records/types';
import { insertValues, isSqlite, rawRows, selectValuesInsertSql, sqliteRun } from './insertValues';

const ID_CHUNK = 400;
import type { Database } from './openDatabase';

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
const SQLITE_ROW_WIDTH = 2;
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
const SQLITE_CHUNK_ROWS = 1000;

interface TableSpec {
  table: string;
  columns: readonly string[];
  select: readonly string[];
}

const TABLES: Record<RecordKind, TableSpec> = {
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

interface PendingMeta {
  recordId: string;
  contentHash: string;
  line: number;
  billCycle: string;
}

/** Records taken out of a writer's buffer: one insert statement's worth. */
export interface PendingChunk {
  metas: PendingMeta[];
  values: unknown[];
}

export interface WriteOutcome {
  accepted: number;
  duplicates: number;
  conflicts: number;
}

/**
 * Buffers validated records of one kind and writes them chunk by chunk:
 * `INSERT … ON CONFLICT(record_id) DO NOTHING` (statement text built once per chunk size,
 * values bound). A record not inserted was already stored (earlier, or earlier in this chunk):
 * same content hash = duplicate, other hash = conflict, written to ingest_conflicts; the stored
 * record is never overwritten.
 */
export class RecordWriter {
  readonly chunkRows: number;
  private values: unknown[] = [];
  private metas: PendingMeta[] = [];
  private readonly spec: TableSpec;
  /** SQLite: SQLITE_ROW_WIDTH values per row, columns derived in SQL; otherwise one bound value per column. */
  private readonly sqlite: boolean;
  private readonly width: number;

  constructor(db: Database, private readonly conn: Knex.Transaction, private readonly kind: RecordKind, private readonly fileId: number) {
    this.spec = TABLES[kind];
    this.sqlite = isSqlite(conn);
    this.width = this.sqlite ? SQLITE_ROW_WIDTH : this.spec.columns.length;
    this.chunkRows = this.sqlite ? SQLITE_CHUNK_ROWS : db.chunkRows(this.spec.columns.length);
  }

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

  /** Takes the buffered records out of the writer (synchronously), to be written with `write`. */
  take(): PendingChunk {
    const chunk = { metas: this.metas, values: this.values };
    this.metas = [];
    this.values = [];
    return chunk;
  }

  /** Writes the buffered records (one statement, at most chunkRows rows) and empties the buffer. */
  flush(): Promise<WriteOutcome> {
    return this.write(this.take());
  }

  async write(chunk: PendingChunk): Promise<WriteOutcome> {
    const { metas, values } = chunk;
    if (metas.length === 0) return { accepted: 0, duplicates: 0, conflicts: 0 };
    const width = this.width;
    const firstIndex = new Map<string, number>();
    let firstValues: unknown[] = values;
    for (let i = 0; i < metas.length; i++) {
      const id = metas[i]!.recordId;
      if (!firstIndex.has(id)) firstIndex.set(id, i);
    }
    if (firstIndex.size !== metas.length) {
      firstValues = [];
      for (const i of firstIndex.values()) {
        for (let c = 0; c < width; c++) firstValues.push(values[i * width + c]);
      }
    }
    if (this.sqlite) {
      const rowCount = firstValues.length / width;
      const sql = selectValuesInsertSql(this.spec.table, this.spec.columns, this.spec.select, width, rowCount, 'ON CONFLICT (record_id) DO NOTHING');
      const changes = await sqliteRun(this.conn, sql, [this.fileId, ...firstValues]);
      if (changes === metas.length) return { accepted: metas.length, duplicates: 0, conflicts: 0 };
      return this.settleNotInserted(metas, firstIndex, undefined);
    }
    const returned = await insertValues<{ record_id: string }>(
      this.conn, this.spec.table, this.spec.columns, firstValues, 'ON CONFLICT (record_id) DO NOTHING RETURNING record_id',
    );
    const inserted = new Set(returned.map((r) => r.record_id));
    if (inserted.size === metas.length) return { accepted: metas.length, duplicates: 0, conflicts: 0 };
    return this.settleNotInserted(metas, firstIndex, inserted);
  }

  /**
   * Sorts the chunk's records into accepted, duplicates and conflicts. `inserted` lists the
   * record ids the insert returned; without it (SQLite), a record counts as inserted by this
   * chunk when the stored row carries this file and this record's line (one record per line).
   */
  private async settleNotInserted(
    metas: PendingMeta[],
    firstIndex: Map<string, number>, insertedIds: Set<string> | undefined,
  ): Promise<WriteOutcome> {
    const ids = [...firstIndex.keys()];
    const lookup = insertedIds === undefined ? ids : ids.filter((id) => !insertedIds.has(id));
    const stored = new Map<string, string>();
    const inserted = insertedIds ?? new Set<string>();
    for (const id of inserted) stored.set(id, metas[firstIndex.get(id)!]!.contentHash);
    for (let i = 0; i < lookup.length; i += ID_CHUNK) {
      const part = lookup.slice(i, i + ID_CHUNK);
      const rows = rawRows<{ record_id: string; content_hash: string; file_id: number; line: number }>(await this.conn.raw(
        `SELECT record_id, content_hash, file_id, line FROM "${this.spec.table}" WHERE record_id IN (${part.map(() => '?').join(',')})`,
        part,
      ));
      for (const row of rows) {
        stored.set(row.record_id, row.content_hash);
        if (insertedIds === undefined && Number(row.file_id) === this.fileId && Number(row.line) === metas[firstIndex.get(row.record_id)!]!.line) {
          inserted.add(row.record_id);
        }
      }
    }
    const outcome: WriteOutcome = { accepted: inserted.size, duplicates: 0, conflicts: 0 };
    const conflicts: unknown[] = [];
    metas.forEach((m, i) => {
      if (firstIndex.get(m.recordId) === i && inserted.has(m.recordId)) return;
      const existing = stored.get(m.recordId) ?? '';
      if (existing === m.contentHash) {
        outcome.duplicates++;
        return;
      }
      outcome.conflicts++;
      conflicts.push(this.fileId, this.kind, m.recordId, m.line, m.billCycle, existing, m.contentHash);
    });
    await insertValues(this.conn, 'ingest_conflicts',
      ['file_id', 'kind', 'record_id', 'line', 'bill_cycle', 'existing_hash', 'incoming_hash'], conflicts);
    return outcome;
  }
}
