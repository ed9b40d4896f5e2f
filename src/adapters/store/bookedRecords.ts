import type { BillRecord, FeeRecord } from '../../domain/records/types';
import type { Database } from './openDatabase';
import { bookedBy, RECORD_TABLE } from './periodView';
import { PAYLOAD_SELECT_COLUMNS, adjustmentRecordFromRow, feeRecordFromRow } from './recordRows';

/**
 * The late records a run books as prior-period corrections, whole (their own bill_cycle kept:
 * it is the period a correction names), in id order per kind. They are few: read at once.
 */
export async function readBookedRecords(db: Database, runId: number): Promise<BillRecord[]> {
  const out: BillRecord[] = [...await readBookedFeeRecords(db, runId)];
  const rows = await db.knex(RECORD_TABLE.adjustment).select([...PAYLOAD_SELECT_COLUMNS]).whereIn('record_id', bookedBy(db, 'adjustment', runId)).orderBy('id');
  for (const row of rows) out.push(adjustmentRecordFromRow(row));
  return out;
}

/** The consumption and refund records a run books as corrections. */
export async function readBookedFeeRecords(db: Database, runId: number): Promise<FeeRecord[]> {
  const out: FeeRecord[] = [];
  for (const kind of ['consumption', 'refund'] as const) {
    const rows = await db.knex(RECORD_TABLE[kind]).select([...PAYLOAD_SELECT_COLUMNS]).whereIn('record_id', bookedBy(db, kind, runId)).orderBy('id');
    for (const row of rows) out.push(feeRecordFromRow(row, kind));
  }
  return out;
}
