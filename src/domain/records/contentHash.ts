import { hash } from 'node:crypto';
import { FEE_AMOUNT_FIELDS, type BillRecord } from './types';

/**
 * The canonical form of a validated record: a JSON array of its fields in a fixed order.
 * Amounts are canonical decimals, so "12.50" and "12.5" give the same form. The extra bag,
 * the file and the line are not content: a re-delivery that only adds a column or moves a
 * row is the same record.
 */
export function canonicalRecordJson(record: BillRecord): string {
  if (record.kind === 'adjustment') {
    return JSON.stringify([
      record.kind, record.recordId, record.billCycle, record.tradeTimeMs, record.customerId, record.currency,
      record.adjustmentType, record.signedAmount, record.referenceTradeId, record.reason, record.targetPeriod,
    ]);
  }
  const values: (string | number)[] = [
    record.kind, record.recordId, record.billCycle, record.tradeTimeMs, record.customerId, record.customerName,
    record.accountName, record.partnerId, record.indirectPartnerId, record.accountManagerId, record.tradeId,
    record.billType, record.chargingMode, record.serviceTypeCode, record.resourceTypeCode, record.regionCode,
    record.resourceId, record.resourceName, record.productId, record.providerType, record.sellerId, record.currency,
  ];
  for (const field of FEE_AMOUNT_FIELDS) values.push(record.amounts[field]);
  values.push(record.originalTradeId, record.refundReason);
  return JSON.stringify(values);
}

/** SHA-256 (hex) of the record's canonical form: equal content ⇔ equal hash, on any machine. */
export function contentHash(record: BillRecord): string {
  return hashCanonicalJson(canonicalRecordJson(record));
}

/** contentHash of a record whose canonical form is already at hand (ingest stores that text too). */
export function hashCanonicalJson(canonicalJson: string): string {
  return hash('sha256', canonicalJson, 'hex');
}
