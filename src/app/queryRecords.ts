import type { Database } from '../adapters/store/openDatabase';
import { FEE_SELECT_COLUMNS, feeRecordFromRow } from '../adapters/store/recordRows';
import { loadReferenceData } from '../adapters/store/referenceStore';
import { attributeRecord, buildAssociationIndex } from '../domain/bills/attribution';
import type { FeeRecord } from '../domain/records/types';

/** The detail filters of DOMAIN §5.1 (all optional except the period; combined with AND). */
export interface RecordFilters {
  period: string;
  customerId?: string;
  accountName?: string;
  accountManagerId?: string;
  /** Order id or transaction id. */
  tradeId?: string;
  /** Matches resource_id or resource_name. */
  resource?: string;
  /** Product type = service_type_code. */
  serviceTypeCode?: string;
  associationType?: 'referral' | 'resale';
  chargingMode?: number;
  billType?: number;
  regionCode?: string;
  /** Restrict to records attributed to this partner. */
  partnerId?: string;
  kind?: 'consumption' | 'refund' | 'all';
  limit?: number;
}

export interface RecordView {
  record: FeeRecord;
  attributedPartnerId: string;
  associationType: string;
  associationManagerId: string;
}

/**
 * Finds fee records by the §5.1 filters. Column filters run in SQL with bound parameters; the
 * association-based ones (association type, partner, account manager of the association) are
 * decided by the same attribution the bills use.
 */
export async function queryRecords(db: Database, filters: RecordFilters, onRecord: (view: RecordView) => void): Promise<number> {
  const reference = await loadReferenceData(db);
  const index = buildAssociationIndex(reference.associations);
  const kinds = filters.kind === 'consumption' ? ['consumption'] : filters.kind === 'refund' ? ['refund'] : ['consumption', 'refund'];
  const limit = filters.limit ?? Number.MAX_SAFE_INTEGER;
  let emitted = 0;
  for (const kind of kinds as ('consumption' | 'refund')[]) {
    const table = kind === 'consumption' ? 'consumption_records' : 'refund_records';
    const columns = kind === 'refund' ? [...FEE_SELECT_COLUMNS, 'original_trade_id', 'refund_reason'] : [...FEE_SELECT_COLUMNS];
    let lastId = 0;
    while (emitted < limit) {
      const q = db.knex(table).select(columns).where('bill_cycle', filters.period).andWhere('id', '>', lastId).orderBy('id').limit(5000);
      if (filters.customerId) q.andWhere('customer_id', filters.customerId);
      if (filters.accountName) q.andWhere('account_name', filters.accountName);
      if (filters.tradeId) q.andWhere('trade_id', filters.tradeId);
      if (filters.resource) q.andWhere((w) => w.where('resource_id', filters.resource!).orWhere('resource_name', filters.resource!));
      if (filters.serviceTypeCode) q.andWhere('service_type_code', filters.serviceTypeCode);
      if (filters.chargingMode !== undefined) q.andWhere('charging_mode', filters.chargingMode);
      if (filters.billType !== undefined) q.andWhere('bill_type', filters.billType);
      if (filters.regionCode) q.andWhere('region_code', filters.regionCode);
      const rows: Record<string, unknown>[] = await q;
      for (const row of rows) {
        const record = feeRecordFromRow(row, kind);
        const a = attributeRecord(index, record.customerId, record.tradeTimeMs);
        const view: RecordView = {
          record,
          attributedPartnerId: a?.partnerId ?? '',
          associationType: a?.associationType ?? '',
          associationManagerId: a?.accountManagerId ?? '',
        };
        if (filters.associationType && view.associationType !== filters.associationType) continue;
        if (filters.partnerId && view.attributedPartnerId !== filters.partnerId) continue;
        if (filters.accountManagerId && record.accountManagerId !== filters.accountManagerId && view.associationManagerId !== filters.accountManagerId) continue;
        if (emitted >= limit) break;
        onRecord(view);
        emitted++;
      }
      if (rows.length < 5000) break;
      lastId = Number(rows[rows.length - 1]!.id);
    }
  }
  return emitted;
}
