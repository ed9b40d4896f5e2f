import type { FeeRecord } from '../../domain/records/types';
import type { SettlementStatement } from '../../domain/marketplace/settlementStatement';
import type { Database } from './openDatabase';
import { FEE_PAYLOAD, PAYLOAD_SELECT_COLUMNS, feeRecordFromRow, wherePayloadEquals } from './recordRows';

/**
 * Reads for marketplace settlements (DOMAIN §5.2): the period's marketplace records and the
 * settlements that closed earlier periods. Marketplace records are a small part of a period, so
 * they are read whole; the provider type is filtered inside the stored payload.
 */

const MARKETPLACE = 2;

/** The period's marketplace (provider_type 2) consumption and refund records, in id order per table. */
export async function readMarketplaceRecords(db: Database, period: string): Promise<FeeRecord[]> {
  const out: FeeRecord[] = [];
  for (const [table, kind] of [['consumption_records', 'consumption'], ['refund_records', 'refund']] as const) {
    const q = db.knex(table).select([...PAYLOAD_SELECT_COLUMNS]).where('bill_cycle', period).orderBy('id');
    wherePayloadEquals(q, db.dialect, FEE_PAYLOAD.providerType, MARKETPLACE);
    for (const row of await q) out.push(feeRecordFromRow(row, kind));
  }
  return out;
}

/** A settlement statement of a closed period (its closing run). */
export interface ClosedSettlement {
  period: string;
  sellerId: string;
  currency: string;
  document: SettlementStatement;
}

function closedSettlementQuery(db: Database) {
  return db.knex('statements as s')
    .join('periods as p', (j) => j.on('p.closed_run_id', '=', 's.run_id'))
    .where('p.state', 'closed').andWhere('s.kind', 'settlement')
    .select('s.period', 's.subject_id', 's.currency', 's.document');
}

function toClosed(rows: readonly Record<string, unknown>[]): ClosedSettlement[] {
  return rows.map((r) => ({
    period: String(r.period), sellerId: String(r.subject_id), currency: String(r.currency),
    document: JSON.parse(String(r.document)) as SettlementStatement,
  }));
}

/**
 * Each merchant × currency's latest closed settlement before `period`: where its brought-forward
 * items and its remaining deposit come from.
 */
export async function latestClosedSettlements(db: Database, period: string): Promise<ClosedSettlement[]> {
  const k = db.knex;
  const latest = k('statements as s2')
    .join('periods as p2', (j) => j.on('p2.closed_run_id', '=', 's2.run_id'))
    .where('p2.state', 'closed').andWhere('s2.kind', 'settlement').andWhere('s2.period', '<', period)
    .groupBy('s2.subject_id', 's2.currency')
    .select('s2.subject_id', 's2.currency').max({ period: 's2.period' })
    .as('latest');
  const rows = await closedSettlementQuery(db)
    .join(latest, (j) => j.on('latest.subject_id', '=', 's.subject_id').andOn('latest.currency', '=', 's.currency').andOn('latest.period', '=', 's.period'))
    .orderBy(['s.subject_id', 's.currency']);
  return toClosed(rows);
}

/** Closed settlements of some merchants in some periods: the ratios their orders were settled with. */
export async function closedSettlementsOf(db: Database, periods: readonly string[], sellerIds: readonly string[]): Promise<ClosedSettlement[]> {
  if (periods.length === 0 || sellerIds.length === 0) return [];
  const rows = await closedSettlementQuery(db).whereIn('s.period', [...periods]).whereIn('s.subject_id', [...sellerIds])
    .orderBy(['s.period', 's.subject_id', 's.currency']);
  return toClosed(rows);
}
