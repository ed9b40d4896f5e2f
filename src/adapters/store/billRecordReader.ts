import type { Database } from './openDatabase';
import type { AdjustmentRecord, AdjustmentType, BillRecord, FeeAmounts, FeeRecord } from '../../domain/records/types';
import { planRecordBatches, type CustomerCount } from '../../domain/records/planRecordBatches';

/**
 * Reads a period's records for bill computation, fast and in bounded memory. Only the fields
 * the bill rules use are read (the "bill projection"; the other fields of FeeRecord are left
 * empty), packed by the database into one JSON array per row: node-sqlite3 builds one string per
 * row instead of one property per column, which makes reading a million rows several times faster.
 */

const PAGE_ROWS = 20_000;
const ID_CHUNK = 400;

const FEE_COLUMNS = [
  'record_id', 'customer_id', 'customer_name', 'trade_time_ms', 'trade_id', 'bill_type', 'charging_mode',
  'service_type_code', 'region_code', 'currency', 'payable_amount', 'coupon_amount',
];
const REFUND_COLUMNS = [...FEE_COLUMNS, 'original_trade_id', 'refund_reason'];
const ADJUSTMENT_COLUMNS = ['record_id', 'customer_id', 'trade_time_ms', 'currency', 'adjustment_type', 'signed_amount', 'reference_trade_id', 'target_period'];

interface Projection {
  table: string;
  columns: string[];
  toRecord(values: unknown[]): BillRecord;
}

const EMPTY_AMOUNTS: FeeAmounts = {
  official: '0', discount: '0', erase: '0', payable: '0', cash: '0', credit: '0', coupon: '0',
  flexipurchaseCoupon: '0', storedValueCard: '0', bonus: '0', debt: '0', writeoff: '0',
};

function feeRecord(kind: 'consumption' | 'refund', v: unknown[]): FeeRecord {
  const s = (i: number) => (v[i] === null || v[i] === undefined ? '' : String(v[i]));
  return {
    kind, recordId: s(0), billCycle: '', tradeTimeMs: Number(v[3]), customerId: s(1), customerName: s(2), accountName: '',
    partnerId: '', indirectPartnerId: '', accountManagerId: '', tradeId: s(4), billType: Number(v[5]), chargingMode: Number(v[6]),
    serviceTypeCode: s(7), resourceTypeCode: '', regionCode: s(8), resourceId: '', resourceName: '', productId: '',
    providerType: 1, sellerId: '', currency: s(9), amounts: { ...EMPTY_AMOUNTS, payable: s(10), coupon: s(11) },
    originalTradeId: s(12), refundReason: s(13),
  };
}

function adjustmentRecord(v: unknown[]): AdjustmentRecord {
  const s = (i: number) => (v[i] === null || v[i] === undefined ? '' : String(v[i]));
  return {
    kind: 'adjustment', recordId: s(0), billCycle: '', tradeTimeMs: Number(v[2]), customerId: s(1), currency: s(3),
    adjustmentType: s(4) as AdjustmentType, signedAmount: s(5), referenceTradeId: s(6), reason: '', targetPeriod: s(7),
  };
}

const PROJECTIONS: readonly Projection[] = [
  { table: 'consumption_records', columns: FEE_COLUMNS, toRecord: (v) => feeRecord('consumption', v) },
  { table: 'refund_records', columns: REFUND_COLUMNS, toRecord: (v) => feeRecord('refund', v) },
  { table: 'adjustment_records', columns: ADJUSTMENT_COLUMNS, toRecord: adjustmentRecord },
];

function packedColumn(db: Database, columns: readonly string[]): string {
  const fn = db.dialect === 'postgres' ? 'json_build_array' : 'json_array';
  return `${fn}(${columns.map((c) => `"${c}"`).join(', ')}) as packed`;
}

function unpack(row: { packed: unknown }): unknown[] {
  return typeof row.packed === 'string' ? (JSON.parse(row.packed) as unknown[]) : (row.packed as unknown[]);
}

export type RecordScope = { kind: 'all' } | { kind: 'customers'; customerIds: readonly string[] };

/** Streams the period's records in `scope`, batch by batch; order inside a batch is unspecified. */
export async function readBillRecords(
  db: Database,
  period: string,
  scope: RecordScope,
  onBatch: (records: BillRecord[]) => void | Promise<void>,
): Promise<number> {
  let total = 0;
  for (const p of PROJECTIONS) {
    total += scope.kind === 'all'
      ? await pageById(db, p, period, undefined, onBatch)
      : await readCustomers(db, p, period, scope.customerIds, onBatch);
  }
  return total;
}

/** Pages along the (bill_cycle, rowid) index: sequential, no sort; optionally one customer only. */
async function pageById(db: Database, p: Projection, period: string, customerId: string | undefined, onBatch: (r: BillRecord[]) => void | Promise<void>): Promise<number> {
  let lastId = 0;
  let total = 0;
  for (;;) {
    const q = db.knex(p.table).select('id', db.knex.raw(packedColumn(db, p.columns)))
      .where('bill_cycle', period).andWhere('id', '>', lastId).orderBy('id').limit(PAGE_ROWS);
    if (customerId !== undefined) q.andWhere('customer_id', customerId);
    const rows: { id: number; packed: unknown }[] = await q;
    total += rows.length;
    if (rows.length > 0) await onBatch(rows.map((r) => p.toRecord(unpack(r))));
    if (rows.length < PAGE_ROWS) return total;
    lastId = Number(rows[rows.length - 1]!.id);
  }
}

async function readCustomers(db: Database, p: Projection, period: string, customerIds: readonly string[], onBatch: (r: BillRecord[]) => void | Promise<void>): Promise<number> {
  const counts: CustomerCount[] = [];
  for (let i = 0; i < customerIds.length; i += ID_CHUNK) {
    const rows: { customer_id: string; n: number | string }[] = await db.knex(p.table).select('customer_id').count({ n: '*' })
      .where('bill_cycle', period).whereIn('customer_id', customerIds.slice(i, i + ID_CHUNK)).groupBy('customer_id');
    for (const r of rows) counts.push({ customerId: String(r.customer_id), rows: Number(r.n) });
  }
  let total = 0;
  for (const batch of planRecordBatches(counts, PAGE_ROWS)) {
    if (batch.customerIds.length === 1) {
      total += await pageById(db, p, period, batch.customerIds[0], onBatch);
      continue;
    }
    // Planned to fit in one read: no ORDER BY, so the (bill_cycle, customer_id) index is walked.
    const rows: { packed: unknown }[] = await db.knex(p.table).select(db.knex.raw(packedColumn(db, p.columns)))
      .where('bill_cycle', period).whereIn('customer_id', batch.customerIds);
    total += rows.length;
    await onBatch(rows.map((r) => p.toRecord(unpack(r))));
  }
  return total;
}
