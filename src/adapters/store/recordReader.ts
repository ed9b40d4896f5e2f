import type { Database } from './openDatabase';
import type { BillRecord } from '../../domain/records/types';
import { planRecordBatches, type CustomerCount } from '../../domain/records/planRecordBatches';
import { ADJUSTMENT_SELECT_COLUMNS, FEE_SELECT_COLUMNS, adjustmentRecordFromRow, feeRecordFromRow } from './recordRows';

const READ_BATCH_ROWS = 20_000;
const ID_CHUNK = 400;

interface RecordTable {
  table: string;
  columns: readonly string[];
  map: (row: Record<string, unknown>) => BillRecord;
}

const TABLES: readonly RecordTable[] = [
  { table: 'consumption_records', columns: FEE_SELECT_COLUMNS, map: (r) => feeRecordFromRow(r, 'consumption') },
  {
    table: 'refund_records',
    columns: [...FEE_SELECT_COLUMNS, 'original_trade_id', 'refund_reason'],
    map: (r) => feeRecordFromRow(r, 'refund'),
  },
  { table: 'adjustment_records', columns: ADJUSTMENT_SELECT_COLUMNS, map: adjustmentRecordFromRow },
];

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function countByCustomer(db: Database, table: string, period: string, customerIds: readonly string[]): Promise<CustomerCount[]> {
  const counts: CustomerCount[] = [];
  for (const ids of chunk(customerIds, ID_CHUNK)) {
    const rows: { customer_id: string; n: number | string }[] = await db.knex(table).select('customer_id').count({ n: '*' })
      .where('bill_cycle', period).whereIn('customer_id', ids).groupBy('customer_id');
    for (const r of rows) counts.push({ customerId: String(r.customer_id), rows: Number(r.n) });
  }
  return counts;
}

/**
 * Streams every record of `period` that belongs to one of `customerIds`, batch by batch, in
 * bounded memory. `onBatch` receives the records of a batch; order inside is unspecified
 * (consumers aggregate exactly, so order does not matter).
 */
export async function readPeriodRecords(
  db: Database,
  period: string,
  customerIds: readonly string[],
  onBatch: (records: BillRecord[]) => void | Promise<void>,
): Promise<number> {
  let total = 0;
  for (const spec of TABLES) {
    const counts = await countByCustomer(db, spec.table, period, customerIds);
    for (const batch of planRecordBatches(counts, READ_BATCH_ROWS)) {
      let lastId = 0;
      for (;;) {
        // A batch of one big customer is paged by id along the (bill_cycle, customer_id) index.
        const rows: Record<string, unknown>[] = await db.knex(spec.table).select(spec.columns)
          .where('bill_cycle', period).whereIn('customer_id', batch.customerIds).andWhere('id', '>', lastId)
          .orderBy('id').limit(READ_BATCH_ROWS);
        if (rows.length === 0) break;
        lastId = Number(rows[rows.length - 1]!.id);
        total += rows.length;
        await onBatch(rows.map(spec.map));
        if (rows.length < READ_BATCH_ROWS) break;
      }
    }
  }
  return total;
}
