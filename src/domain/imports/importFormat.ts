import type { RecordKind } from '../records/types';

/** The cloud exports Reckon reads as they are downloaded (docs/import-formats.md). */
export const IMPORT_FORMATS = ['focus', 'aws-cur', 'azure', 'oci'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export function isImportFormat(text: string): text is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(text);
}

/** What an export row means to Reckon; each format names the columns that say it. */
export type ExportField =
  | 'amount' | 'listCost' | 'periodStart' | 'chargeStart' | 'customerId' | 'customerName' | 'service' | 'serviceFallback' | 'currency'
  | 'region' | 'resourceId' | 'resourceName' | 'resourceType' | 'charge' | 'chargeClass' | 'frequency' | 'pricing'
  | 'lineItemId' | 'timeInterval';

/** How a row's charge (its category, type or correction flag) becomes a record. */
export interface ChargeMapping {
  kind: Extract<RecordKind, 'consumption' | 'refund'>;
  /** DOMAIN §4.1 bill type (refunds: 4). */
  billType: number;
  /** DOMAIN §4.1 charging mode: 1 yearly/monthly, 3 on-demand, 10 reserved instance, 11 savings plan. */
  chargingMode: number;
}

export interface FormatSpec {
  format: ImportFormat;
  title: string;
  /**
   * Each field's columns, as header keys (headerKey: lower case, letters and digits only, so
   * `lineItem/UnblendedCost`, `line_item_unblended_cost` and `lineItem\/UnblendedCost` are one
   * key), first match wins.
   */
  columns: Readonly<Partial<Record<ExportField, readonly string[]>>>;
  /** Fields a file must have a column for. */
  required: readonly ExportField[];
  /** The period comes from this field, as written. */
  periodField: ExportField;
  /** The record kind, bill type and charging mode of a row, from its charge cells. */
  chargeOf(cell: (field: ExportField) => string): ChargeMapping & { charge: string };
}

/** A column name as a key: lower case, letters and digits only. */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Columns that hold a figure rather than say which charge a row is (costs, prices, quantities,
 * rates, amounts): left out of a row's identity, so that a re-delivered row whose figure changed
 * is the same record with other content, a conflict, not a second record.
 */
const FIGURE_COLUMN = /cost|(price|prices|quantity|amount|rate)$/;

export function isFigureColumn(key: string): boolean {
  return FIGURE_COLUMN.test(key);
}

/** Charging mode of a commitment named by an export (reservation, savings plan), else on-demand. */
export function commitmentMode(text: string, fallback = 3): number {
  const key = headerKey(text);
  if (key.includes('reserv') || key === 'ri') return 10;
  if (key.includes('savingsplan')) return 11;
  return fallback;
}
