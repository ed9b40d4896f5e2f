import type { Knex } from 'knex';
import type { AdjustmentRecord, AdjustmentType, FeeRecord } from '../../domain/records/types';
import type { Dialect } from './openDatabase';

/**
 * Rows of the record tables and their mapping to domain records. A record is stored as its
 * canonical JSON (`payload`, see domain/records/contentHash: a JSON array in a fixed order,
 * amounts as exact decimal strings) next to the columns SQL finds records by.
 */

/** Positions in a fee record's payload array. */
export const FEE_PAYLOAD = {
  kind: 0, recordId: 1, billCycle: 2, tradeTimeMs: 3, customerId: 4, customerName: 5, accountName: 6, partnerId: 7,
  indirectPartnerId: 8, accountManagerId: 9, tradeId: 10, billType: 11, chargingMode: 12, serviceTypeCode: 13,
  resourceTypeCode: 14, regionCode: 15, resourceId: 16, resourceName: 17, productId: 18, providerType: 19, sellerId: 20,
  currency: 21, amounts: 22, originalTradeId: 34, refundReason: 35,
} as const;

/** Positions in an adjustment record's payload array. */
export const ADJUSTMENT_PAYLOAD = {
  kind: 0, recordId: 1, billCycle: 2, tradeTimeMs: 3, customerId: 4, currency: 5, adjustmentType: 6, signedAmount: 7,
  referenceTradeId: 8, reason: 9, targetPeriod: 10,
} as const;

/** Columns to select to rebuild a record with recordFromRow. */
export const PAYLOAD_SELECT_COLUMNS = ['id', 'payload'] as const;

type Row = Record<string, unknown>;
type Payload = readonly unknown[];

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** The payload as an array (sqlite3 gives the TEXT; pg the same, as the column is text). */
export function parsePayload(payload: unknown): Payload {
  const value = typeof payload === 'string' ? (JSON.parse(payload) as unknown) : payload;
  if (!Array.isArray(value)) throw new Error('stored record payload is not a JSON array');
  return value;
}

export function feeRecordFromPayload(v: Payload): FeeRecord {
  const kind = v[0];
  if (kind !== 'consumption' && kind !== 'refund') throw new Error(`stored payload is not a fee record: ${str(kind)}`);
  return {
    kind,
    recordId: str(v[1]),
    billCycle: str(v[2]),
    tradeTimeMs: Number(v[3]),
    customerId: str(v[4]),
    customerName: str(v[5]),
    accountName: str(v[6]),
    partnerId: str(v[7]),
    indirectPartnerId: str(v[8]),
    accountManagerId: str(v[9]),
    tradeId: str(v[10]),
    billType: Number(v[11]),
    chargingMode: Number(v[12]),
    serviceTypeCode: str(v[13]),
    resourceTypeCode: str(v[14]),
    regionCode: str(v[15]),
    resourceId: str(v[16]),
    resourceName: str(v[17]),
    productId: str(v[18]),
    providerType: Number(v[19]),
    sellerId: str(v[20]),
    currency: str(v[21]),
    amounts: {
      official: str(v[22]),
      discount: str(v[23]),
      erase: str(v[24]),
      payable: str(v[25]),
      cash: str(v[26]),
      credit: str(v[27]),
      coupon: str(v[28]),
      flexipurchaseCoupon: str(v[29]),
      storedValueCard: str(v[30]),
      bonus: str(v[31]),
      debt: str(v[32]),
      writeoff: str(v[33]),
    },
    originalTradeId: str(v[34]),
    refundReason: str(v[35]),
  };
}

export function adjustmentRecordFromPayload(v: Payload): AdjustmentRecord {
  if (v[0] !== 'adjustment') throw new Error(`stored payload is not an adjustment: ${str(v[0])}`);
  return {
    kind: 'adjustment',
    recordId: str(v[1]),
    billCycle: str(v[2]),
    tradeTimeMs: Number(v[3]),
    customerId: str(v[4]),
    currency: str(v[5]),
    adjustmentType: str(v[6]) as AdjustmentType,
    signedAmount: str(v[7]),
    referenceTradeId: str(v[8]),
    reason: str(v[9]),
    targetPeriod: str(v[10]),
  };
}

/** A fee record from a row holding `payload` (the kind is part of the payload). */
export function feeRecordFromRow(row: Row, kind: 'consumption' | 'refund'): FeeRecord {
  const record = feeRecordFromPayload(parsePayload(row.payload));
  if (record.kind !== kind) throw new Error(`stored ${record.kind} record where a ${kind} record was expected`);
  return record;
}

export function adjustmentRecordFromRow(row: Row): AdjustmentRecord {
  return adjustmentRecordFromPayload(parsePayload(row.payload));
}

/**
 * SQL for one element of the payload array, as TEXT on both dialects (numbers as their
 * decimal digits). The index is a constant of this module, never input.
 */
export function payloadText(dialect: Dialect, index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new Error(`bad payload index ${index}`);
  return dialect === 'postgres' ? `(payload::jsonb->>${index})` : `CAST(payload->>${index} AS TEXT)`;
}

/** `where payload[index] = value` with the value bound (compared as text). */
export function wherePayloadEquals(q: Knex.QueryBuilder, dialect: Dialect, index: number, value: string | number): void {
  q.andWhereRaw(`${payloadText(dialect, index)} = ?`, [String(value)]);
}
