import type { FeeRecord } from '../../domain/records/types';
import type { Database } from './openDatabase';
import { whereInView, type PeriodView } from './periodView';
import { PAYLOAD_SELECT_COLUMNS, feeRecordFromRow } from './recordRows';

const ID_CHUNK = 400;

/**
 * The period's consumption and refund records of some customers, whole (every amount), a chunk of
 * customers at a time so memory stays bounded by the largest chunk's records.
 */
export async function readCustomerFeeRecords(
  db: Database,
  view: PeriodView,
  customerIds: readonly string[],
  onBatch: (records: FeeRecord[]) => void | Promise<void>,
): Promise<number> {
  let total = 0;
  for (const [table, kind] of [['consumption_records', 'consumption'], ['refund_records', 'refund']] as const) {
    for (let i = 0; i < customerIds.length; i += ID_CHUNK) {
      const rows = await whereInView(db, db.knex(table).select([...PAYLOAD_SELECT_COLUMNS]), kind, view)
        .whereIn('customer_id', customerIds.slice(i, i + ID_CHUNK)).orderBy('id');
      total += rows.length;
      if (rows.length > 0) await onBatch(rows.map((r) => feeRecordFromRow(r, kind)));
    }
  }
  return total;
}
