import { renderCsv, renderCsvRows, type CsvCell } from '../statements/csvFormat';
import type { FeeRecord } from '../records/types';

/**
 * The contract delivery `reckon import` writes for a cloud export (DOMAIN §4.1, §4.2): every
 * field the mapping fills, under the contract's column names, plus where the row came from
 * (`source_file`, `source_line`: extra columns, kept in the record's extra bag). Ingesting these
 * files gives the same records (same ids, same content) as ingesting the export itself.
 */
export const CONSUMPTION_COLUMNS = [
  'record_id', 'bill_cycle', 'trade_time', 'customer_id', 'customer_name', 'trade_id', 'bill_type', 'charging_mode',
  'service_type_code', 'resource_type_code', 'region_code', 'resource_id', 'resource_name', 'currency',
  'official_amount', 'discount_amount', 'payable_amount', 'cash_amount', 'source_file', 'source_line',
] as const;
export const REFUND_COLUMNS = [...CONSUMPTION_COLUMNS.slice(0, -2), 'original_trade_id', 'source_file', 'source_line'] as const;

/** The record's trade time as ISO-8601 in UTC (Z), without milliseconds when there are none. */
function isoUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

export function deliveryCells(r: FeeRecord, sourceFile: string, sourceLine: number): CsvCell[] {
  const cells: CsvCell[] = [
    r.recordId, r.billCycle, isoUtc(r.tradeTimeMs), r.customerId, r.customerName, r.tradeId, r.billType, r.chargingMode,
    r.serviceTypeCode, r.resourceTypeCode, r.regionCode, r.resourceId, r.resourceName, r.currency,
    { amount: r.amounts.official }, { amount: r.amounts.discount }, { amount: r.amounts.payable }, { amount: r.amounts.cash },
  ];
  if (r.kind === 'refund') cells.push(r.originalTradeId);
  cells.push(sourceFile, sourceLine);
  return cells;
}

/** The header line of a delivery file (with renderCsv's BOM). */
export function deliveryHeader(columns: readonly string[]): string {
  return renderCsv(columns, []);
}

/** Rows of a delivery file, without header (renderCsv's quoting and formula escaping of text cells). */
export function deliveryLines(rows: readonly CsvCell[][]): string {
  return renderCsvRows(rows);
}
