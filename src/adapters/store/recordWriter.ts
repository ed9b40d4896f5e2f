import type { Knex } from 'knex';
import { FEE_AMOUNT_FIELDS, type AdjustmentRecord, type FeeRecord, type RecordKind } from '../../domain/records/types';
import { insertJsonRows, insertValues, isSqlite, rawRows } from './insertValues';
import type { Database } from './openDatabase';

const FEE_COLUMNS = [
  'record_id', 'file_id', 'line', 'content_hash', 'bill_cycle', 'trade_time_ms', 'customer_id', 'customer_name',
  'account_name', 'partner_id', 'indirect_partner_id', 'account_manager_id', 'trade_id', 'bill_type', 'charging_mode',
  'service_type_code', 'resource_type_code', 'region_code', 'resource_id', 'resource_name', 'product_id',
  'provider_type', 'seller_id', 'currency', 'official_amount', 'discount_amount', 'erase_amount', 'payable_amount',
  'cash_amount', 'credit_amount', 'coupon_amount', 'flexipurchase_coupon_amount', 'stored_value_card_amount',
  'bonus_amount', 'debt_amount', 'writeoff_amount', 'identity_payable_ok', 'identity_official_ok', 'period_ok', 'extra',
] as const;
const REFUND_COLUMNS = [...FEE_COLUMNS, 'original_trade_id', 'refund_reason'] as const;
const ADJUSTMENT_COLUMNS = [
  'record_id', 'file_id', 'line', 'content_hash', 'bill_cycle', 'trade_time_ms', 'customer_id', 'currency',
  'adjustment_type', 'signed_amount', 'reference_trade_id', 'reason', 'target_period', 'period_ok', 'extra',
] as const;

const TABLES: Record<RecordKind, { table: string; columns: readonly string[] }> = {
  consumption: { table: 'consumption_records', columns: FEE_COLUMNS },
  refund: { table: 'refund_records', columns: REFUND_COLUMNS },
  adjustment: { table: 'adjustment_records', columns: ADJUSTMENT_COLUMNS },
};

/** What is known about a validated record besides its content. */
export interface RecordMeta {
  line: number;
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
 * `INSERT … ON CONFLICT(record_id) DO NOTHING RETURNING record_id` (statement text built once
 * per chunk size, values bound). A record not returned
 * was already stored (earlier, or earlier in this chunk): same content hash = duplicate,
 * other hash = conflict, written to ingest_conflicts; the stored record is never overwritten.
 */
export class RecordWriter {
  readonly chunkRows: number;
  private values: unknown[] = [];
  private metas: PendingMeta[] = [];
  private readonly spec: { table: string; columns: readonly string[] };
  /** SQLite: one JSON array per row (see jsonRowsInsertSql); otherwise one bound value per cell. */
  private readonly jsonRows: boolean;

  constructor(db: Database, private readonly conn: Knex.Transaction, private readonly kind: RecordKind, private readonly fileId: number) {
    this.spec = TABLES[kind];
    this.chunkRows = db.chunkRows(this.spec.columns.length);
    this.jsonRows = isSqlite(conn);
  }

  get pending(): number {
    return this.metas.length;
  }

  add(record: FeeRecord | AdjustmentRecord, meta: RecordMeta): void {
    const v: unknown[] = [record.recordId, this.fileId, meta.line, meta.contentHash, record.billCycle, record.tradeTimeMs, record.customerId];
    if (record.kind === 'adjustment') {
      v.push(record.currency, record.adjustmentType, record.signedAmount, record.referenceTradeId, record.reason,
        record.targetPeriod, meta.periodOk ? 1 : 0, meta.extraJson);
    } else {
      v.push(record.customerName, record.accountName, record.partnerId, record.indirectPartnerId, record.accountManagerId,
        record.tradeId, record.billType, record.chargingMode, record.serviceTypeCode, record.resourceTypeCode,
        record.regionCode, record.resourceId, record.resourceName, record.productId, record.providerType, record.sellerId,
        record.currency);
      for (const field of FEE_AMOUNT_FIELDS) v.push(record.amounts[field]);
      v.push(meta.identityPayableOk ? 1 : 0, meta.identityOfficialOk ? 1 : 0, meta.periodOk ? 1 : 0, meta.extraJson);
      if (record.kind === 'refund') v.push(record.originalTradeId, record.refundReason);
    }
    if (this.jsonRows) this.values.push(JSON.stringify(v));
    else for (const value of v) this.values.push(value);
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
    const width = this.jsonRows ? 1 : this.spec.columns.length;
    const firstIndex = new Map<string, number>();
    let firstValues: unknown[] = values;
    if (new Set(metas.map((m) => m.recordId)).size !== metas.length) {
      firstValues = [];
      metas.forEach((m, i) => {
        if (firstIndex.has(m.recordId)) return;
        firstIndex.set(m.recordId, i);
        for (let c = 0; c < width; c++) firstValues.push(values[i * width + c]);
      });
    } else {
      metas.forEach((m, i) => firstIndex.set(m.recordId, i));
    }
    const suffix = 'ON CONFLICT (record_id) DO NOTHING RETURNING record_id';
    const returned = this.jsonRows
      ? await insertJsonRows<{ record_id: string }>(this.conn, this.spec.table, this.spec.columns, firstValues as string[], suffix)
      : await insertValues<{ record_id: string }>(this.conn, this.spec.table, this.spec.columns, firstValues, suffix);
    const inserted = new Set(returned.map((r) => r.record_id));
    if (inserted.size === metas.length) return { accepted: metas.length, duplicates: 0, conflicts: 0 };
    return this.settleNotInserted(metas, firstIndex, inserted);
  }

  private async settleNotInserted(
    metas: PendingMeta[],
    firstIndex: Map<string, number>, inserted: Set<string>,
  ): Promise<WriteOutcome> {
    const stored = new Map<string, string>();
    for (const id of inserted) stored.set(id, metas[firstIndex.get(id)!]!.contentHash);
    const missing = [...firstIndex.keys()].filter((id) => !inserted.has(id));
    if (missing.length > 0) {
      const rows = rawRows<{ record_id: string; content_hash: string }>(await this.conn.raw(
        `SELECT record_id, content_hash FROM "${this.spec.table}" WHERE record_id IN (${missing.map(() => '?').join(',')})`,
        missing,
      ));
      for (const row of rows) stored.set(row.record_id, row.content_hash);
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
