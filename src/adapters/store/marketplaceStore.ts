import type { FeeRecord } from '../../domain/records/types';
import type { Database } from './openDatabase';
import { whereInView, type PeriodView } from './periodView';
import { FEE_PAYLOAD, PAYLOAD_SELECT_COLUMNS, feeRecordFromRow, wherePayloadEquals } from './recordRows';

/**
 * The period's marketplace records (DOMAIN §5.2). They are a small part of a period, so they are
 * read whole; the provider type is filtered inside the stored payload.
 */

const MARKETPLACE = 2;

/** The view's marketplace (provider_type 2) consumption and refund records, in id order per table. */
export async function readMarketplaceRecords(db: Database, view: PeriodView): Promise<FeeRecord[]> {
  const out: FeeRecord[] = [];
  for (const [table, kind] of [['consumption_records', 'consumption'], ['refund_records', 'refund']] as const) {
    const q = whereInView(db, db.knex(table).select([...PAYLOAD_SELECT_COLUMNS]), kind, view).orderBy('id');
    wherePayloadEquals(q, db.dialect, FEE_PAYLOAD.providerType, MARKETPLACE);
    for (const row of await q) out.push(feeRecordFromRow(row, kind));
  }
  return out;
}
