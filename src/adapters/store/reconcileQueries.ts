import type { Knex } from 'knex';
import type { Database } from './openDatabase';
import { RECORD_TABLE, whereArrived, whereInView, type PeriodView, type RecordKind } from './periodView';
import { FEE_PAYLOAD, PAYLOAD_SELECT_COLUMNS, feeRecordFromRow, payloadText } from './recordRows';
import type { FeeRecord } from '../../domain/records/types';

/** Reads behind the reconciliation checks; each is bounded by what it returns, not by the period's size. */

export const FEE_TABLES = [
  { kind: 'consumption' as const, table: 'consumption_records', file: 'consumption.csv' },
  { kind: 'refund' as const, table: 'refund_records', file: 'refunds.csv' },
];

const PAGE = 20_000;
const ID_CHUNK = 400;

export async function countPeriodRecords(db: Database, kind: RecordKind, view: PeriodView): Promise<number> {
  const row = await whereInView(db, db.knex(RECORD_TABLE[kind]), kind, view).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Fee records of the period whose A1 or A2 identity failed at ingest. */
export async function feeRecordsFailingIdentity(db: Database, kind: 'consumption' | 'refund', view: PeriodView): Promise<FeeRecord[]> {
  const rows = await whereInView(db, db.knex(RECORD_TABLE[kind]).select([...PAYLOAD_SELECT_COLUMNS]), kind, view)
    .andWhere((w) => w.where('identity_payable_ok', 0).orWhere('identity_official_ok', 0)).orderBy('record_id');
  return rows.map((r) => feeRecordFromRow(r, kind));
}

/** Records of the period whose trade_time fell outside bill_cycle at ingest. */
export async function recordsOutsidePeriod(db: Database, kind: RecordKind, view: PeriodView): Promise<{ recordId: string; billCycle: string; tradeTimeMs: number }[]> {
  const rows = await whereInView(db, db.knex(RECORD_TABLE[kind]).select('record_id', 'bill_cycle', 'trade_time_ms'), kind, view).andWhere('period_ok', 0).orderBy('record_id');
  return rows.map((r) => ({ recordId: String(r.record_id), billCycle: String(r.bill_cycle), tradeTimeMs: Number(r.trade_time_ms) }));
}

export interface AttributionProbe {
  kind: 'consumption' | 'refund' | 'adjustment';
  recordId: string;
  customerId: string;
  tradeTimeMs: number;
  partnerId: string;
  indirectPartnerId: string;
}

/**
 * Pages through the period's records with just what attribution needs, packed into one JSON
 * array per row (SQLite: one short string per row instead of an object per row); the next page
 * is queried while the current one is being processed.
 */
export async function forEachAttributionProbe(
  db: Database,
  kind: AttributionProbe['kind'],
  view: PeriodView,
  onPage: (probes: AttributionProbe[]) => void,
): Promise<void> {
  const table = RECORD_TABLE[kind];
  const { columns, toProbe } = probeShape(db, kind);
  const page = (lastId: number): Promise<Record<string, unknown>[]> => {
    const q = whereInView(db, db.knex(table).select(columns), kind, view).andWhere('id', '>', lastId).orderBy('id').limit(PAGE);
    const promise = Promise.resolve(q);
    promise.catch(() => undefined); // surfaced when awaited
    return promise;
  };
  let next: Promise<Record<string, unknown>[]> | undefined = page(0);
  while (next !== undefined) {
    const rows: Record<string, unknown>[] = await next;
    next = rows.length < PAGE ? undefined : page(Number(rows[rows.length - 1]!.id));
    onPage(rows.map(toProbe));
  }
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/**
 * What a probe page selects and how a row becomes a probe. SQLite packs the fields (taken out of
 * the payload) into one JSON array per row: node-sqlite3 then builds one string per row, not an
 * object. PostgreSQL would parse the payload as jsonb once per extracted field, which costs far
 * more than sending the payload and reading its two fields here.
 */
function probeShape(db: Database, kind: AttributionProbe['kind']): {
  columns: (string | Knex.Raw)[];
  toProbe: (row: Record<string, unknown>) => AttributionProbe;
} {
  const fee = kind !== 'adjustment';
  if (db.dialect === 'postgres') {
    return {
      columns: ['id', 'record_id', 'customer_id', 'trade_time_ms', ...(fee ? ['payload'] : [])],
      toProbe: (r) => {
        const payload = fee ? (JSON.parse(String(r.payload)) as unknown[]) : [];
        return {
          kind, recordId: text(r.record_id), customerId: text(r.customer_id), tradeTimeMs: Number(r.trade_time_ms),
          partnerId: text(payload[FEE_PAYLOAD.partnerId]), indirectPartnerId: text(payload[FEE_PAYLOAD.indirectPartnerId]),
        };
      },
    };
  }
  const fields = ['record_id', 'customer_id', 'trade_time_ms'];
  if (fee) fields.push(payloadText(db.dialect, FEE_PAYLOAD.partnerId), payloadText(db.dialect, FEE_PAYLOAD.indirectPartnerId));
  return {
    columns: ['id', db.knex.raw(`json_array(${fields.join(', ')}) as packed`)],
    toProbe: (r) => {
      const v = JSON.parse(String(r.packed)) as unknown[];
      return { kind, recordId: text(v[0]), customerId: text(v[1]), tradeTimeMs: Number(v[2]), partnerId: text(v[3]), indirectPartnerId: text(v[4]) };
    },
  };
}

export async function periodRefunds(db: Database, view: PeriodView): Promise<FeeRecord[]> {
  const rows = await whereInView(db, db.knex('refund_records').select([...PAYLOAD_SELECT_COLUMNS]), 'refund', view).orderBy('record_id');
  return rows.map((r) => feeRecordFromRow(r, 'refund'));
}

/** Consumption records (any period, arrived by the view's watermark) carrying one of these order ids. */
export async function ordersByTradeId(db: Database, view: Pick<PeriodView, 'maxFileId'>, tradeIds: readonly string[]): Promise<FeeRecord[]> {
  const out: FeeRecord[] = [];
  for (let i = 0; i < tradeIds.length; i += ID_CHUNK) {
    const rows = await whereArrived(db.knex('consumption_records').select([...PAYLOAD_SELECT_COLUMNS]).whereIn('trade_id', tradeIds.slice(i, i + ID_CHUNK)), view);
    out.push(...rows.map((r) => feeRecordFromRow(r, 'consumption')));
  }
  return out;
}

/** Service type of each of these orders (any period; the first record of an order decides): where a refund's performance is booked. */
export async function serviceOfOrders(db: Database, view: Pick<PeriodView, 'maxFileId'>, tradeIds: readonly string[]): Promise<Map<string, string>> {
  const services = new Map<string, string>();
  for (const o of await ordersByTradeId(db, view, [...new Set(tradeIds)].sort())) if (!services.has(o.tradeId)) services.set(o.tradeId, o.serviceTypeCode);
  return services;
}

/** Refunds (any period, arrived by the view's watermark) of these orders. */
export async function refundsOfOrders(db: Database, view: Pick<PeriodView, 'maxFileId'>, tradeIds: readonly string[]): Promise<FeeRecord[]> {
  const out: FeeRecord[] = [];
  for (let i = 0; i < tradeIds.length; i += ID_CHUNK) {
    const rows = await whereArrived(db.knex('refund_records').select([...PAYLOAD_SELECT_COLUMNS]).whereIn('original_trade_id', tradeIds.slice(i, i + ID_CHUNK)), view);
    out.push(...rows.map((r) => feeRecordFromRow(r, 'refund')));
  }
  return out;
}
