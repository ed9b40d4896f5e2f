import type { Database } from '../adapters/store/openDatabase';
import { FEE_PAYLOAD, PAYLOAD_SELECT_COLUMNS, feeRecordFromRow, payloadText, wherePayloadEquals } from '../adapters/store/recordRows';
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
 * Finds fee records by the §5.1 filters. Column filters run in SQL with bound parameters (on the
 * record's payload where the field has no column of its own); the
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
    let lastId = 0;
    while (emitted < limit) {
      const q = db.knex(table).select([...PAYLOAD_SELECT_COLUMNS]).where('bill_cycle', filters.period).andWhere('id', '>', lastId).orderBy('id').limit(5000);
      if (filters.customerId) q.andWhere('customer_id', filters.customerId);
      if (filters.accountName) wherePayloadEquals(q, db.dialect, FEE_PAYLOAD.accountName, filters.accountName);
      if (filters.tradeId) q.andWhere('trade_id', filters.tradeId);
      if (filters.resource) {
        const resource = filters.resource;
        q.andWhere((w) => w
          .whereRaw(`${payloadText(db.dialect, FEE_PAYLOAD.resourceId)} = ?`, [resource])
          .orWhereRaw(`${payloadText(db.dialect, FEE_PAYLOAD.resourceName)} = ?`, [resource]));
      }
      if (filters.serviceTypeCode) wherePayloadEquals(q, db.dialect, FEE_PAYLOAD.serviceTypeCode, filters.serviceTypeCode);
      if (filters.chargingMode !== undefined) wherePayloadEquals(q, db.dialect, FEE_PAYLOAD.chargingMode, filters.chargingMode);
      if (filters.billType !== undefined) wherePayloadEquals(q, db.dialect, FEE_PAYLOAD.billType, filters.billType);
      if (filters.regionCode) wherePayloadEquals(q, db.dialect, FEE_PAYLOAD.regionCode, filters.regionCode);
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
