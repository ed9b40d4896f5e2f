import type { Knex } from 'knex';
import type { Database } from './openDatabase';
import { whereInView, type PeriodView, type RecordKind } from './periodView';
import type { AdjustmentRecord, AdjustmentType, BillRecord, FeeAmounts, FeeRecord } from '../../domain/records/types';
import { planRecordBatches, type CustomerCount } from '../../domain/records/planRecordBatches';
import { ADJUSTMENT_PAYLOAD as A, FEE_PAYLOAD as F, adjustmentRecordFromPayload, feeRecordFromPayload } from './recordRows';

/**
 * Reads a period's records for bill computation, fast and in bounded memory. On SQLite only the
 * fields the bill and incentive rules use are read (the "bill projection"; the other fields of FeeRecord are
 * left empty), taken out of the stored payload and packed by the database into one JSON array
 * per row: node-sqlite3 builds one short string per row instead of one property per column, and
 * the JSON work runs on the database's thread. On PostgreSQL the payload is read whole.
 * The next page is queried while the current one is being processed.
 */

const PAGE_ROWS = 10_000;
const ID_CHUNK = 400;

/** Payload positions of the projection, in projection order. */
const FEE_FIELDS = [
  F.recordId, F.customerId, F.customerName, F.tradeTimeMs, F.tradeId, F.billType, F.chargingMode, F.serviceTypeCode,
  F.regionCode, F.currency, F.amounts + 3 /* payable */, F.amounts + 6 /* coupon */, F.originalTradeId, F.refundReason,
  // The performance instruments (incentives): cash, credit, stored-value card, debt; bonus (customer invoicing).
  F.amounts + 4, F.amounts + 5, F.amounts + 8, F.amounts + 10, F.amounts + 9,
];
const ADJUSTMENT_FIELDS = [
  A.recordId, A.customerId, A.tradeTimeMs, A.currency, A.adjustmentType, A.signedAmount, A.referenceTradeId, A.targetPeriod,
];

interface Source {
  kind: RecordKind;
  table: string;
  fields: readonly number[];
  fromProjection(values: readonly unknown[]): BillRecord;
  fromPayload(values: readonly unknown[]): BillRecord;
}

const EMPTY_AMOUNTS: FeeAmounts = {
  official: '0', discount: '0', erase: '0', payable: '0', cash: '0', credit: '0', coupon: '0',
  flexipurchaseCoupon: '0', storedValueCard: '0', bonus: '0', debt: '0', writeoff: '0',
};

function feeRecord(v: readonly unknown[], kind: 'consumption' | 'refund'): FeeRecord {
  const s = (i: number) => (v[i] === null || v[i] === undefined ? '' : String(v[i]));
  return {
    kind, recordId: s(0), billCycle: '', tradeTimeMs: Number(v[3]), customerId: s(1), customerName: s(2), accountName: '',
    partnerId: '', indirectPartnerId: '', accountManagerId: '', tradeId: s(4), billType: Number(v[5]), chargingMode: Number(v[6]),
    serviceTypeCode: s(7), resourceTypeCode: '', regionCode: s(8), resourceId: '', resourceName: '', productId: '',
    providerType: 1, sellerId: '', currency: s(9), amounts: {
      ...EMPTY_AMOUNTS, payable: s(10), coupon: s(11), cash: s(14), credit: s(15), storedValueCard: s(16), debt: s(17), bonus: s(18) || '0',
    },
    originalTradeId: s(12), refundReason: s(13),
  };
}

function adjustmentRecord(v: readonly unknown[]): AdjustmentRecord {
  const s = (i: number) => (v[i] === null || v[i] === undefined ? '' : String(v[i]));
  return {
    kind: 'adjustment', recordId: s(0), billCycle: '', tradeTimeMs: Number(v[2]), customerId: s(1), currency: s(3),
    adjustmentType: s(4) as AdjustmentType, signedAmount: s(5), referenceTradeId: s(6), reason: '', targetPeriod: s(7),
  };
}

const SOURCES: readonly Source[] = [
  { kind: 'consumption', table: 'consumption_records', fields: FEE_FIELDS, fromProjection: (v) => feeRecord(v, 'consumption'), fromPayload: feeRecordFromPayload },
  { kind: 'refund', table: 'refund_records', fields: FEE_FIELDS, fromProjection: (v) => feeRecord(v, 'refund'), fromPayload: feeRecordFromPayload },
  { kind: 'adjustment', table: 'adjustment_records', fields: ADJUSTMENT_FIELDS, fromProjection: adjustmentRecord, fromPayload: adjustmentRecordFromPayload },
];

interface PackedRow {
  id?: number;
  packed: unknown;
}

/** The selected record column: the projection (SQLite) or the payload (PostgreSQL), as `packed`. */
function packedColumn(db: Database, p: Source): Knex.Raw {
  if (db.dialect === 'postgres') return db.knex.raw('payload as packed');
  return db.knex.raw(`json_array(${p.fields.map((i) => `payload->>${i}`).join(', ')}) as packed`);
}

function toRecords(db: Database, p: Source, rows: readonly PackedRow[]): BillRecord[] {
  const convert = db.dialect === 'postgres' ? p.fromPayload : p.fromProjection;
  const out = new Array<BillRecord>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const packed = rows[i]!.packed;
    out[i] = convert((typeof packed === 'string' ? JSON.parse(packed) : packed) as unknown[]);
  }
  return out;
}

/** Starts a read now; its failure is surfaced when it is awaited (never an unhandled rejection). */
function started<T>(query: PromiseLike<T>): Promise<T> {
  const promise = Promise.resolve(query);
  promise.catch(() => undefined);
  return promise;
}

/** The fee records (consumption and refunds) of the view in `scope`, with the fields the bill and incentive rules use. */
export function readBillFeeRecords(
  db: Database,
  period: PeriodView,
  scope: RecordScope,
  onBatch: (records: FeeRecord[]) => void | Promise<void>,
): Promise<number> {
  return readBillRecords(db, period, scope, (records) => onBatch(records as FeeRecord[]), ['consumption', 'refund']);
}

export type RecordScope = { kind: 'all' } | { kind: 'customers'; customerIds: readonly string[] };

/** Streams the view's records in `scope` (of these kinds, default all), batch by batch; order inside a batch is unspecified. */
export async function readBillRecords(
  db: Database,
  period: PeriodView,
  scope: RecordScope,
  onBatch: (records: BillRecord[]) => void | Promise<void>,
  kinds: readonly RecordKind[] = ['consumption', 'refund', 'adjustment'],
): Promise<number> {
  let total = 0;
  for (const p of SOURCES) {
    if (!kinds.includes(p.kind)) continue;
    total += scope.kind === 'all'
      ? await pageById(db, p, period, undefined, onBatch)
      : await readCustomers(db, p, period, scope.customerIds, onBatch);
  }
  return total;
}

/** Pages along the (bill_cycle, rowid) index: sequential, no sort; optionally one customer only. */
async function pageById(db: Database, p: Source, period: PeriodView, customerId: string | undefined, onBatch: (r: BillRecord[]) => void | Promise<void>): Promise<number> {
  const page = (lastId: number): Promise<PackedRow[]> => {
    const q = whereInView(db, db.knex(p.table).select('id', packedColumn(db, p)), p.kind, period)
      .andWhere('id', '>', lastId).orderBy('id').limit(PAGE_ROWS);
    if (customerId !== undefined) q.andWhere('customer_id', customerId);
    return started(q);
  };
  let total = 0;
  let next: Promise<PackedRow[]> | undefined = page(0);
  while (next !== undefined) {
    const rows: PackedRow[] = await next;
    next = rows.length < PAGE_ROWS ? undefined : page(Number(rows[rows.length - 1]!.id));
    total += rows.length;
    if (rows.length > 0) await onBatch(toRecords(db, p, rows));
  }
  return total;
}

async function readCustomers(db: Database, p: Source, period: PeriodView, customerIds: readonly string[], onBatch: (r: BillRecord[]) => void | Promise<void>): Promise<number> {
  const counts: CustomerCount[] = [];
  for (let i = 0; i < customerIds.length; i += ID_CHUNK) {
    const rows: { customer_id: string; n: number | string }[] = await whereInView(db, db.knex(p.table).select('customer_id').count({ n: '*' }), p.kind, period)
      .whereIn('customer_id', customerIds.slice(i, i + ID_CHUNK)).groupBy('customer_id');
    for (const r of rows) counts.push({ customerId: String(r.customer_id), rows: Number(r.n) });
  }
  // Planned to fit in one read: no ORDER BY, so the (bill_cycle, customer_id) index is walked.
  const read = (ids: readonly string[]): Promise<PackedRow[]> =>
    started(whereInView(db, db.knex(p.table).select(packedColumn(db, p)), p.kind, period).whereIn('customer_id', ids));
  const batches = planRecordBatches(counts, PAGE_ROWS);
  let total = 0;
  let next: Promise<PackedRow[]> | undefined;
  for (let b = 0; b < batches.length; b++) {
    const ids = batches[b]!.customerIds;
    if (ids.length === 1) {
      total += await pageById(db, p, period, ids[0], onBatch);
      continue;
    }
    const rows = await (next ?? read(ids));
    next = undefined;
    const following = batches[b + 1]?.customerIds;
    if (following !== undefined && following.length > 1) next = read(following);
    total += rows.length;
    await onBatch(toRecords(db, p, rows));
  }
  return total;
}
