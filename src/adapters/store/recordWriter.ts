import type { Knex } from 'knex';
import type { RecordKind } from '../../domain/records/types';
import { insertValues, isSqlite, rawRows, selectValuesInsertSql, sqliteRun } from './insertValues';
import type { Database } from './openDatabase';
import { SQLITE_CHUNK_ROWS, SQLITE_ROW_WIDTH, TABLES, type PendingChunk, type PendingMeta, type TableSpec } from './recordBatcher';

const ID_CHUNK = 400;

export interface WriteOutcome {
  accepted: number;
  duplicates: number;
  conflicts: number;
}

/**
 * Writes validated records of one kind (PendingChunks of a RecordBatcher) chunk by chunk:
 * `INSERT … ON CONFLICT(record_id) DO NOTHING` (statement text built once per chunk size,
 * values bound). A record not inserted was already stored (earlier, or earlier in this chunk):
 * same content hash = duplicate, other hash = conflict, written to ingest_conflicts; the stored
 * record is never overwritten.
 */
export class RecordWriter {
  readonly chunkRows: number;
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

  async write(chunk: PendingChunk): Promise<WriteOutcome> {
    const { metas, values } = chunk;
    if (chunk.kind !== this.kind) throw new Error(`a chunk of ${chunk.kind} records given to the ${this.kind} writer`);
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
