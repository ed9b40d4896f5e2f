import type { FundMovement, PartnerVoucherRow } from '../../domain/reference/types';
import { feeRecordFromRow, PAYLOAD_SELECT_COLUMNS } from './recordRows';
import type { Database } from './openDatabase';
import { whereInView, type PeriodView } from './periodView';
import type { FeeRecord } from '../../domain/records/types';

const ID_CHUNK = 400;

/**
 * Every fund movement delivered up to `maxFileId`, from every fund-movements.csv (movements
 * accumulate: a later file does not replace an earlier one), in delivery order (file, line).
 */
export async function loadFundMovements(db: Database, maxFileId: number): Promise<{ fileId: number; line: number; movement: FundMovement }[]> {
  const rows = await db.knex('reference_rows').where({ kind: 'fund-movements' }).andWhere('file_id', '<=', maxFileId)
    .orderBy([{ column: 'file_id' }, { column: 'line' }, { column: 'id' }]).select('file_id', 'line', 'data');
  return rows.map((r) => ({ fileId: Number(r.file_id), line: Number(r.line), movement: JSON.parse(String(r.data)) as FundMovement }));
}

/** Every partner voucher event delivered up to `maxFileId` (partner-vouchers.csv files accumulate), in delivery order. */
export async function loadVoucherEvents(db: Database, maxFileId: number): Promise<{ fileId: number; line: number; event: PartnerVoucherRow }[]> {
  const rows = await db.knex('reference_rows').where({ kind: 'partner-vouchers' }).andWhere('file_id', '<=', maxFileId)
    .orderBy([{ column: 'file_id' }, { column: 'line' }, { column: 'id' }]).select('file_id', 'line', 'data');
  return rows.map((r) => ({ fileId: Number(r.file_id), line: Number(r.line), event: JSON.parse(String(r.data)) as PartnerVoucherRow }));
}

/** The period's fee records of these customers (what they spent from their accounts). */
export async function feeRecordsOfCustomers(db: Database, view: PeriodView, customerIds: readonly string[]): Promise<FeeRecord[]> {
  const out: FeeRecord[] = [];
  for (const [kind, table] of [['consumption', 'consumption_records'], ['refund', 'refund_records']] as const) {
    for (let i = 0; i < customerIds.length; i += ID_CHUNK) {
      const rows = await whereInView(db, db.knex(table).select([...PAYLOAD_SELECT_COLUMNS]), kind, view).whereIn('customer_id', customerIds.slice(i, i + ID_CHUNK)).orderBy('id');
      out.push(...rows.map((r: Record<string, unknown>) => feeRecordFromRow(r as never, kind)));
    }
  }
  return out;
}
