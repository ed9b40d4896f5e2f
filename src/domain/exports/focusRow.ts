import type { CsvCell } from '../statements/csvFormat';
import { signOfDecimal } from '../money/exactDecimal';
import { CONSUMPTION_BILL_TYPES, ORDER_BILL_TYPES, type FeeRecord } from '../records/types';

/**
 * One fee record as a row of a FOCUS 1.0 cost-and-usage CSV (FinOps Foundation FOCUS spec,
 * CostAndUsage dataset), for `reckon export focus`. Pure: the record, its attribution and the
 * export's settings in, the row's cells out. docs/focus-export.md gives the mapping column by
 * column and the decisions behind it.
 */

/**
 * The FOCUS 1.0 columns, in the order of the FinOps Foundation's FOCUS 1.0 sample file
 * (focus-1.0_sample_1000.csv) without its `Id` column, which is not a FOCUS column.
 */
export const FOCUS_COLUMNS = [
  'AvailabilityZone', 'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodEnd',
  'BillingPeriodStart', 'ChargeCategory', 'ChargeClass', 'ChargeDescription', 'ChargeFrequency', 'ChargePeriodEnd',
  'ChargePeriodStart', 'CommitmentDiscountCategory', 'CommitmentDiscountId', 'CommitmentDiscountName',
  'CommitmentDiscountStatus', 'CommitmentDiscountType', 'ConsumedQuantity', 'ConsumedUnit', 'ContractedCost',
  'ContractedUnitPrice', 'EffectiveCost', 'InvoiceIssuerName', 'ListCost', 'ListUnitPrice', 'PricingCategory',
  'PricingQuantity', 'PricingUnit', 'ProviderName', 'PublisherName', 'RegionId', 'RegionName', 'ResourceId',
  'ResourceName', 'ResourceType', 'ServiceCategory', 'ServiceName', 'SkuId', 'SkuPriceId', 'SubAccountId',
  'SubAccountName', 'Tags',
] as const;

/** Reckon's own columns after the FOCUS ones: FOCUS lets a dataset add custom columns prefixed `x_`. */
export const RECKON_FOCUS_EXTENSION_COLUMNS = [
  'x_RecordId', 'x_RecordKind', 'x_PartnerId', 'x_AssociationType', 'x_TradeId', 'x_BillType', 'x_ChargingMode',
] as const;

export type FocusExportColumn = (typeof FOCUS_COLUMNS)[number] | (typeof RECKON_FOCUS_EXTENSION_COLUMNS)[number];

/** The header of the export: every FOCUS column, then the `x_` columns. */
export const FOCUS_EXPORT_HEADER: readonly FocusExportColumn[] = [...FOCUS_COLUMNS, ...RECKON_FOCUS_EXTENSION_COLUMNS];

/** What the row is made of: a fee record and its attribution (the shape `queryRecords` yields). */
export interface FocusRecordInput {
  record: FeeRecord;
  /** Partner the record is attributed to at its trade time; '' when none. */
  attributedPartnerId: string;
  /** 'resale' | 'referral', or '' when unattributed. */
  associationType: string;
}

/** The settings every row of one export shares. */
export interface FocusRowContext {
  /** The billing period exported, YYYY-MM. */
  period: string;
  /** ProviderName, PublisherName and InvoiceIssuerName of every row. */
  provider: string;
  /** A partner's name by id ('' when unknown): BillingAccountName. */
  partnerName: (partnerId: string) => string;
}

/** Consumption bill types that are charges for use rather than orders (DOMAIN §4.1). */
export const USAGE_BILL_TYPES: ReadonlySet<number> = new Set([5, 12, 14, 18, 23, 25, 103]);

/**
 * BillingPeriodStart and BillingPeriodEnd of a period label: midnight UTC of its first day and of
 * the first day of the next month. The period is Reckon's month label (a calendar month in the
 * billing time zone); writing it at midnight UTC keeps the month a tool sees when it groups by
 * the month of BillingPeriodStart the same as Reckon's.
 */
export function focusBillingPeriod(period: string): { start: string; end: string } {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (match === null) throw new Error(`not a period (YYYY-MM): ${period}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const nextYear = month === 12 ? year + 1 : year;
  const nextMonth = month === 12 ? 1 : month + 1;
  return {
    start: `${period}-01T00:00:00Z`,
    end: `${String(nextYear).padStart(4, '0')}-${String(nextMonth).padStart(2, '0')}-01T00:00:00Z`,
  };
}

/**
 * A UTC epoch-ms instant in FOCUS's date/time format, `YYYY-MM-DDTHH:mm:ssZ` (whole seconds:
 * a sub-second part, which platform exports do not carry, is dropped).
 */
export function focusDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

/** Refund → Credit; an order (bill type 1, 2, 3, 8) → Purchase; any other consumption → Usage. */
export function focusChargeCategory(record: FeeRecord): 'Credit' | 'Purchase' | 'Usage' {
  if (record.kind === 'refund') return 'Credit';
  return ORDER_BILL_TYPES.has(record.billType) ? 'Purchase' : 'Usage';
}

/** `Correction` for a consumption record with a negative payable amount, else '' (null). */
export function focusChargeClass(record: FeeRecord): '' | 'Correction' {
  return record.kind === 'consumption' && signOfDecimal(record.amounts.payable) < 0 ? 'Correction' : '';
}

/**
 * Charging mode 1 (yearly/monthly) → Recurring, whatever the bill type; else an order → One-Time;
 * else Usage-Based. An order (ChargeCategory Purchase) is therefore never Usage-Based, as FOCUS requires.
 */
export function focusChargeFrequency(record: FeeRecord): 'Recurring' | 'One-Time' | 'Usage-Based' {
  if (record.chargingMode === 1) return 'Recurring';
  return ORDER_BILL_TYPES.has(record.billType) ? 'One-Time' : 'Usage-Based';
}

/** Charging mode 10 (reserved instance) or 11 (savings plan) → Committed; anything else → Standard. */
export function focusPricingCategory(record: FeeRecord): 'Standard' | 'Committed' {
  return record.chargingMode === 10 || record.chargingMode === 11 ? 'Committed' : 'Standard';
}

/** Charging mode 10 → Reservation, 11 → Savings Plan, else '' (null). */
export function focusCommitmentDiscountType(record: FeeRecord): '' | 'Reservation' | 'Savings Plan' {
  return record.chargingMode === 10 ? 'Reservation' : record.chargingMode === 11 ? 'Savings Plan' : '';
}

/** The bill type's name (DOMAIN §4.1), with the refund reason for a refund: "usage", "refund: unsubscribe". */
export function focusChargeDescription(record: FeeRecord): string {
  if (record.kind === 'refund') return record.refundReason ? `refund: ${record.refundReason}` : 'refund';
  return CONSUMPTION_BILL_TYPES[record.billType] ?? `bill type ${record.billType}`;
}

/**
 * The row of one fee record, in FOCUS_EXPORT_HEADER order. Amounts are `{ amount }` cells: the
 * record's exact decimal strings as stored (e.g. -0.0000008), never rounded and never escaped;
 * every text cell goes through the CSV helper's formula-injection escaping. '' is a null cell.
 */
export function focusRow(input: FocusRecordInput, context: FocusRowContext): CsvCell[] {
  const r = input.record;
  const billing = focusBillingPeriod(context.period);
  const tradeTime = focusDateTime(r.tradeTimeMs);
  const payable = { amount: r.amounts.payable };
  const cells: Record<FocusExportColumn, CsvCell> = {
    AvailabilityZone: '',
    BilledCost: payable,
    BillingAccountId: input.attributedPartnerId,
    BillingAccountName: input.attributedPartnerId === '' ? '' : context.partnerName(input.attributedPartnerId),
    BillingCurrency: r.currency,
    BillingPeriodEnd: billing.end,
    BillingPeriodStart: billing.start,
    ChargeCategory: focusChargeCategory(r),
    ChargeClass: focusChargeClass(r),
    ChargeDescription: focusChargeDescription(r),
    ChargeFrequency: focusChargeFrequency(r),
    ChargePeriodEnd: tradeTime,
    ChargePeriodStart: tradeTime,
    CommitmentDiscountCategory: '',
    CommitmentDiscountId: '',
    CommitmentDiscountName: '',
    CommitmentDiscountStatus: '',
    CommitmentDiscountType: focusCommitmentDiscountType(r),
    ConsumedQuantity: '',
    ConsumedUnit: '',
    ContractedCost: payable,
    ContractedUnitPrice: '',
    EffectiveCost: payable,
    InvoiceIssuerName: context.provider,
    ListCost: { amount: r.amounts.official },
    ListUnitPrice: '',
    PricingCategory: focusPricingCategory(r),
    PricingQuantity: '',
    PricingUnit: '',
    ProviderName: context.provider,
    PublisherName: context.provider,
    RegionId: r.regionCode,
    RegionName: '',
    ResourceId: r.resourceId,
    ResourceName: r.resourceName,
    ResourceType: r.resourceTypeCode,
    ServiceCategory: '',
    ServiceName: r.serviceTypeCode,
    SkuId: '',
    SkuPriceId: '',
    SubAccountId: r.customerId,
    SubAccountName: r.customerName || r.accountName,
    Tags: '',
    x_RecordId: r.recordId,
    x_RecordKind: r.kind,
    x_PartnerId: input.attributedPartnerId,
    x_AssociationType: input.associationType,
    x_TradeId: r.tradeId,
    x_BillType: String(r.billType),
    x_ChargingMode: String(r.chargingMode),
  };
  return FOCUS_EXPORT_HEADER.map((column) => cells[column]);
}
